-- Search at a million people (issue 18 §11, ADR 1806, docs/search.md). The index holds, besides the names' keys, the
-- keys of the other words a reader sees (notes, descriptions, statements) and a filter column (who may see the record,
-- real or synthetic, its kind), so a search filters and stops at its limit inside FTS5, walking rows in rowid order;
-- the rowid is now the record's created_seq. No positions are kept (detail=column): no query uses phrases.
-- The keys are made in C# (Dossier.Text), so the rows are written again from the records when the store next opens
-- (search_reindex), and by any rebuild from the ledger.
drop table search_index;
create virtual table search_index using fts5 (
    record_id unindexed,
    original unindexed,
    normalized,
    romanized,
    phonetic,
    text_normalized,
    text_romanized,
    text_phonetic,
    filter,
    tokenize = 'unicode61 remove_diacritics 2',
    detail = column
);
create table search_reindex (reason text not null);
insert into search_reindex (reason) values ('0014: tiers, filters and the records'' other words');
-- Every whole-word key ever indexed (names: scope 0; other words: scope 1), so a word's beginning is looked up as a
-- range of this key and searched as those words (SqliteDialect). Never pruned: a word no row holds any more matches
-- nothing, so it changes no hit; it is left out of the replay comparison for that reason (ProjectionDump).
create table search_terms (
    scope  integer not null,
    term   text    not null,
    primary key (scope, term)
) without rowid;
