-- Browser sessions on the server, so that signing out ends a session for good: the cookie only names a
-- row here (by the SHA-256 digest of its random id) and is refused once the row is revoked. Operational
-- state like the accounts table, not a case record, so it lives beside the ledger, not in it.
create table sessions (
    digest      text     primary key,
    account     text     not null references accounts (name),
    created_at  text     not null,
    revoked     smallint not null default 0
);
create index sessions_account on sessions (account);
