-- Signed checkpoints (C2SP signed notes) of the ledger, kept as issued. Not a projection: they
-- cannot be rebuilt from the ledger, because they carry the workspace key's signature.
create table checkpoints (
    size    bigint primary key,
    note    text   not null
);
