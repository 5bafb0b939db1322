-- Victim lists, linkage runs, review decisions, current clusters and recorded estimates (ADR 0601-0605).
-- Projections: rebuilt from list.imported, list.rows, linkage.run, linkage.decision and estimate.run entries.
create table lists (
    list_id       text    primary key,
    source_id     text    not null,
    name          text    not null,
    synthetic     integer not null,
    columns       text    not null,   -- JSON array of column names, in file order
    fields        text    not null,   -- JSON array of {column, role}
    row_count     integer not null,
    file_name     text    not null,
    sha256        text    not null,
    imported_seq  integer not null
);

create table list_rows (
    list_id    text    not null,
    row_id     text    not null,
    ord        integer not null,      -- position in the file
    line       integer not null,
    synthetic  integer not null,
    seq        integer not null,
    json       text    not null,      -- JSON object column -> value
    primary key (list_id, row_id)
) without rowid;

create table linkage_runs (
    seq           integer primary key,
    lists         text    not null,   -- JSON array of list ids
    row_count     integer not null,
    clusters      integer not null,
    review_pairs  integer not null,
    synthetic     integer not null,
    actor         text    not null,
    time          text    not null,
    reason        text    not null,
    parameters    text    not null,   -- JSON, as recorded
    summary       text    not null    -- JSON, as recorded
);

create table linkage_edges (
    run_seq      integer not null,
    a_key        text    not null,
    b_key        text    not null,
    probability  real    not null,
    primary key (run_seq, a_key, b_key)
) without rowid;

create table linkage_review (
    run_seq      integer not null,
    a_key        text    not null,
    b_key        text    not null,
    ord          integer not null,
    probability  real    not null,
    explanation  text    not null,    -- JSON: prior, total and every comparison's weight
    primary key (run_seq, a_key, b_key)
) without rowid;

create table linkage_decisions (
    seq      integer primary key,
    run_seq  integer not null,
    a_key    text    not null,
    b_key    text    not null,
    verdict  text    not null,
    actor    text    not null,
    reason   text    not null,
    time     text    not null
);
create index linkage_decisions_pair on linkage_decisions (a_key, b_key);

-- The current clusters: the latest run's result with every decision applied.
create table list_clusters (
    row_key     text    primary key,
    cluster_id  text    not null,
    run_seq     integer not null
) without rowid;
create index list_clusters_cluster on list_clusters (cluster_id);

create table estimate_runs (
    seq             integer primary key,
    source          text    not null,
    lists           text    not null,  -- JSON array of list names
    synthetic       integer not null,
    from_workspace  integer not null,
    method          text    not null,
    actor           text    not null,
    reason          text    not null,
    time            text    not null
);
