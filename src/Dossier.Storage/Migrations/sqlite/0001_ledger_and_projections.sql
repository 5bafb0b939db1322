-- The ledger: append-only. Rows here are never updated or deleted by Dossier.
create table ledger_entries (
    seq        integer primary key,
    type       text    not null,
    bytes      blob    not null,   -- RFC 8785 canonical JSON of the whole entry
    leaf_hash  blob    not null    -- RFC 9162 leaf hash: SHA-256(0x00 || bytes)
);

-- Every complete subtree hash of the Merkle tree, so proofs need O(log n) reads.
create table merkle_nodes (
    level  integer not null,
    idx    integer not null,
    hash   blob    not null,
    primary key (level, idx)
) without rowid;

-- The tree head after each commit.
create table tree_heads (
    size  integer primary key,
    root  blob    not null
);

-- Projections: rebuilt from the ledger by `dossier rebuild`; only the projector writes them.
create table records (
    id              text    primary key,
    kind            text    not null,
    version         integer not null,
    retracted       integer not null,
    classification  text    not null,
    synthetic       integer not null,
    label           text    not null,
    json            text    not null,
    created_seq     integer not null,
    updated_seq     integer not null
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
    record_id  text    not null,
    seq        integer not null,
    primary key (record_id, seq)
) without rowid;

-- Names and titles as original, normalised, romanised and phonetic keys (see Dossier.Text.SearchKeys).
create virtual table search_index using fts5 (
    record_id unindexed,
    original,
    normalized,
    romanized,
    phonetic,
    tokenize = 'unicode61 remove_diacritics 2'
);
