-- Search at a million people (issue 18 §11, ADR 1806, docs/search.md). The index row carries what a search filters by
-- (kind, classification level, synthetic) and the order hits are given in (seq: the record's created_seq), so a
-- search filters and stops at its limit in one indexed query; and the keys of the other words a reader sees (notes,
-- descriptions, statements). The trigram condition is gone: SQLite has none, and both dialects match alike.
-- The keys are made in C# (Dossier.Text), so the rows are written again from the records when the store next opens
-- (search_reindex), and by any rebuild from the ledger.
drop table search_index;
create table search_index (
    record_id        text     primary key,
    seq              bigint   not null,
    kind             text     not null,
    level            smallint not null,   -- 0 public, 1 internal, 2 restricted, 3 protected-identity
    synthetic        smallint not null,
    original         text     not null,
    normalized       text     not null,
    romanized        text     not null,
    phonetic         text[]   not null,
    text_normalized  text     not null,
    text_romanized   text     not null,
    text_phonetic    text[]   not null,
    words            tsvector generated always as (to_tsvector('simple', normalized || ' ' || romanized)) stored,
    text_words       tsvector generated always as (to_tsvector('simple', text_normalized || ' ' || text_romanized)) stored
);
-- fastupdate off: a GIN index's pending list is read through by every search until a vacuum merges it (8 ms a query
-- at 100,000 people after a bulk write); without it each insert merges at once, and appends are bound by round trips.
create index search_index_order on search_index (synthetic, seq);
create index search_index_words on search_index using gin (words) with (fastupdate = off);
create index search_index_phonetic on search_index using gin (phonetic) with (fastupdate = off);
create index search_index_text_words on search_index using gin (text_words) with (fastupdate = off);
create index search_index_text_phonetic on search_index using gin (text_phonetic) with (fastupdate = off);
create table search_reindex (reason text not null);
insert into search_reindex (reason) values ('0014: tiers, filters and the records'' other words');
