-- People who can log in. Usernames are unique without regard to case ("Alice" and "alice" are one
-- person); the spelling chosen at registration is kept for display.
create table account (
    id            uuid primary key,
    username      varchar(64)  not null,
    password_hash varchar(100) not null,
    created_at    timestamptz  not null
);

create unique index account_username_key on account (lower(username));

-- DELETE /api/auth/me removes the account at once; each service's DELETE /api/me/data that has not
-- succeeded yet is kept here and retried until it does, so an outage never leaves data behind.
create table pending_erasure (
    user_id         uuid         not null,
    username        varchar(64)  not null,
    service         varchar(32)  not null,
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null,
    last_error      varchar(500),
    created_at      timestamptz  not null,
    primary key (user_id, service)
);

create index pending_erasure_due_idx on pending_erasure (next_attempt_at);
