-- Conversations and their messages. Every row carries its owner (the JWT subject) so that every
-- query filters by it; another user's rows are never visible.
create table conversation (
    id            uuid primary key,
    owner_id      uuid         not null,
    title         varchar(200) not null,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    message_count integer      not null default 0,
    -- seq of the newest message; appends lock the row and take last_seq + 1, so seq has no gaps
    last_seq      bigint       not null default 0,
    -- token count of all messages (content + per-message overhead), to skip the window query when all fit
    total_tokens  bigint       not null default 0
);

-- keyset pagination: newest updated first
create index conversation_owner_updated_idx on conversation (owner_id, updated_at desc, id desc);

create table message (
    id              uuid primary key,
    conversation_id uuid         not null references conversation (id) on delete cascade,
    owner_id        uuid         not null,
    seq             bigint       not null,
    role            varchar(16)  not null check (role in ('user', 'assistant', 'system', 'tool')),
    content         text         not null,
    metadata        jsonb,
    token_count     integer      not null,
    idempotency_key varchar(200),
    request_hash    char(64),
    created_at      timestamptz  not null,
    search_vector   tsvector generated always as (to_tsvector('english', content)) stored,
    constraint message_seq_unique unique (conversation_id, seq),
    constraint message_idempotency_unique unique (conversation_id, idempotency_key)
);

create index message_search_idx on message using gin (search_vector);
create index message_owner_idx on message (owner_id);

-- Extractive digests of the messages a context window leaves out. Messages never change once
-- written, so the digest of messages 1..upto_seq for a given budget is computed once and kept.
create table context_summary (
    conversation_id uuid        not null references conversation (id) on delete cascade,
    upto_seq        bigint      not null,
    budget_tokens   integer     not null,
    summary         text        not null,
    token_count     integer     not null,
    created_at      timestamptz not null default now(),
    primary key (conversation_id, upto_seq, budget_tokens)
);
