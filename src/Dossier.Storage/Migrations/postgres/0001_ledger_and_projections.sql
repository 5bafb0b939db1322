create extension if not exists pg_trgm;

-- The ledger: append-only. Rows here are never updated or deleted by Dossier.
create table ledger_entries (
    seq        bigint primary key,
    type       text   not null,
    bytes      bytea  not null,   -- RFC 8785 canonical JSON of the whole entry
    leaf_hash  bytea  not null    -- RFC 9162 leaf hash: SHA-256(0x00 || bytes)
);

-- Every complete subtree hash of the Merkle tree, so proofs need O(log n) reads.
create table merkle_nodes (
    level  integer not null,
    idx    bigint  not null,
    hash   bytea   not null,
    primary key (level, idx)
);

-- The tree head after each commit.
create table tree_heads (
    size  bigint primary key,
    root  bytea  not null
);

-- Projections: rebuilt from the ledger by `dossier rebuild`; only the projector writes them.
create table records (
    id              text     primary key,
    kind            text     not null,
    version         integer  not null,
    retracted       smallint not null,
    classification  text     not null,
    synthetic       smallint not null,
    label           text     not null,
    json            text     not null,
    created_seq     bigint   not null,
    updated_seq     bigint   not null
);
create index records_kind_label on records (kind, label);

create table record_refs (
    record_id  text not null,
    target_id  text not null,
    role       text not null
);
create index record_refs_target on record_refs (target_id, role);
create index record_refs_record on record_refs (record_id);

create table record_history (
    record_id  text   not null,
    seq        bigint not null,
    primary key (record_id, seq)
);

-- Names and titles as original, normalised, romanised and phonetic keys (see Dossier.Text.SearchKeys).
-- Full text over the words (prefix queries), arrays for exact phonetic keys, trigrams for typos.
create table search_index (
    record_id   text   primary key,
    original    text   not null,
    normalized  text   not null,
    romanized   text   not null,
    phonetic    text[] not null,
    words       tsvector generated always as (to_tsvector('simple', normalized || ' ' || romanized)) stored
);
create index search_index_words on search_index using gin (words);
create index search_index_phonetic on search_index using gin (phonetic);
create index search_index_trigram on search_index using gin (normalized gin_trgm_ops);
