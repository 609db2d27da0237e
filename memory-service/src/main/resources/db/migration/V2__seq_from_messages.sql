-- Appends no longer write the conversation row. Numbering a message from a counter on that row made every append
-- an UPDATE of the row (non-HOT, since updated_at was indexed) plus a row lock held until commit: less than half the
-- rate of a plain INSERT. A message now takes max(seq) + 1 of its conversation, and the unique (conversation_id, seq)
-- constraint turns a concurrent twin into a violation that the service retries with a fresh snapshot, so seq still
-- has no gap and no duplicate. What the counters held is read from the messages instead (messages are never removed
-- one by one, so the newest seq is also their number; the newest message's created_at is the last activity).
--
-- The columns last_seq, message_count and total_tokens stay for now, unused (their defaults fill new rows): replicas
-- of the previous version read them until a rolling update has replaced them all. A later migration drops them.
comment on column conversation.last_seq is 'unused since V2 (seq comes from memory.message); to be dropped';
comment on column conversation.message_count is 'unused since V2 (count = newest seq); to be dropped';
comment on column conversation.total_tokens is 'unused since V2 (summed from memory.message); to be dropped';

-- the list sorts the owner's conversations by last activity, which now lives in the messages
drop index conversation_owner_updated_idx;
create index conversation_owner_idx on conversation (owner_id);
