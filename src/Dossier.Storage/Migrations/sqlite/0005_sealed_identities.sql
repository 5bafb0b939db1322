-- Wrapped data keys of sealed identities (docs/protected-identities.md, ADR 0801). Neither a
-- projection nor part of the ledger: the ledger holds each identity's ciphertext, this table the
-- only copy of the key that opens it, wrapped by the master key kept outside the database.
-- Deleting a row crypto-shreds that identity; the ledger still verifies. Rebuilds never touch it.
create table identity_keys (
    subject_id     text    primary key,
    dek_id         text    not null,
    master_key_id  text    not null,
    nonce          blob    not null,
    wrapped        blob    not null
);

-- Projection of the identity.* entries: which person records are sealed, under which pseudonym,
-- where the ciphertext is (sealed_seq) and whether the identity was erased (erased_seq).
create table sealed_identities (
    subject_id   text    primary key,
    pseudonym    text    not null unique,
    category     text    not null,
    dek_id       text    not null,
    sealed_seq   integer not null,
    erased_seq   integer
);
