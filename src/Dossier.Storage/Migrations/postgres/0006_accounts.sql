-- Accounts and API tokens: operational state, not case records, so they live beside the ledger rather
-- than in it. Only hashes of passwords, recovery codes and tokens are kept. Lifecycle changes
-- (created, disabled, role changed, token issued or revoked) are ledger entries as well.
create table accounts (
    name             text    primary key,
    role             text    not null,
    disabled         smallint not null default 0,
    password_hash    text    not null,
    totp_secret      text,
    totp_last_step   bigint  not null default -1,
    recovery_hashes  text    not null default '',
    failed_logins    integer not null default 0,
    locked_until     text,
    created_at       text    not null
);

create table api_tokens (
    digest      text    primary key,
    account     text    not null references accounts (name),
    label       text    not null,
    created_at  text    not null,
    expires_at  text,
    revoked     smallint not null default 0
);
create index api_tokens_account on api_tokens (account);

-- Projection of the ledger's access, account, token and identity entries, for `dossier audit` and the
-- admin page. Rebuilt from the ledger like every projection.
create table audit_log (
    seq     bigint primary key,
    type    text   not null,
    actor   text   not null,
    time    text   not null,
    reason  text   not null,
    target  text,
    body    text   not null
);
create index audit_log_actor on audit_log (actor, seq);
create index audit_log_type on audit_log (type, seq);
create index audit_log_time on audit_log (time);
