-- Uploaded files and their processing state. Every row carries its owner (the JWT subject) and every
-- query filters by it; another user's rows are never visible.
create table file (
    id             uuid primary key,
    owner_id       uuid         not null,
    name           varchar(255) not null,
    size           bigint       not null check (size >= 0),
    content_type   varchar(100) not null,
    format         varchar(16)  not null check (format in ('CSV', 'TSV', 'JSON', 'NDJSON', 'PARQUET', 'XLSX')),
    sha256         char(64)     not null,
    -- a row exists only once its object is complete in S3: nothing half-uploaded is ever listed
    object_key     varchar(200) not null,
    parquet_key    varchar(200),
    status         varchar(16)  not null check (status in ('UPLOADED', 'PROCESSING', 'READY', 'FAILED')),
    error          text,
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null,
    processed_at   timestamptz,
    -- the processing claim: a fencing token per claim, the replica holding it, and its lease
    claim_token    uuid,
    claimed_by     varchar(200),
    lease_until    timestamptz,
    attempts       integer      not null default 0
);

-- keyset pagination: newest first
create index file_owner_created_idx on file (owner_id, created_at desc, id desc);
-- the processing queue: only unfinished rows
create index file_queue_idx on file (created_at) where status in ('UPLOADED', 'PROCESSING');
-- retention sweeps by age
create index file_created_idx on file (created_at);

-- The dataset summary computed once per file version (sha256); jsonb so that it can be inspected in SQL.
create table dataset_summary (
    file_id    uuid        primary key references file (id) on delete cascade,
    sha256     char(64)    not null,
    summary    jsonb       not null,
    created_at timestamptz not null
);
