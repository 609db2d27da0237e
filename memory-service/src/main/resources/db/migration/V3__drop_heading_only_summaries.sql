-- Summaries stored before this version could be their heading alone ("Summary of 20 earlier messages:") when the
-- budget held no whole sentence; the service now cuts the best sentence instead. Stored summaries are derived data
-- (recomputed once on the next context request for that cut and budget), so the empty ones are simply dropped.
delete from context_summary where summary ~ '^Summary of [0-9]+ earlier messages?:$';
