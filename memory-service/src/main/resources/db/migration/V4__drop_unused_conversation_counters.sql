-- The counters V2 stopped using. Every version since V2 numbers messages from memory.message and never reads or
-- writes these columns, so once V2's version has fully replaced its predecessor (it has: it landed a release ago),
-- nothing reads them and they go. Dropping a column only marks it dropped (no table rewrite); the lock is brief.
alter table conversation
    drop column if exists last_seq,
    drop column if exists message_count,
    drop column if exists total_tokens;
