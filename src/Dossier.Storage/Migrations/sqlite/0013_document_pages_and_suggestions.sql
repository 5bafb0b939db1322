-- Search inside documents (issue 16 item 2, ADR 1602): the pages of text `dossier ingest` extracted, one row per page
-- of each extracted-text derivative, read from the vault when the derivative's acquisition is projected. A projection:
-- rebuilt by `dossier rebuild`. Items classified protected-identity are never here.
create table document_pages (
    id              integer primary key,      -- the rowid of the page's row in document_index
    derivative      text    not null,         -- the extracted-text item (SHA-256, lowercase hex)
    original        text    not null,         -- the item the text was read from
    page            integer not null,         -- 1-based page number in the original
    classification  text    not null,         -- the text item's classification
    text            text    not null,         -- the page as extracted, bidi controls removed (for snippets)
    unique (derivative, page)
);
create index document_pages_original on document_pages (original);

-- The page's keys, made as the records' search_index keys are (Dossier.Text): normalised and romanised words,
-- phonetic keys of words and adjacent pairs. Contentless: the text is in document_pages.
create virtual table document_index using fts5 (
    normalized,
    romanized,
    phonetic,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- The suggestion review queue (ADR 1603): one row per suggestion of an evidence.suggested entry, its state from the
-- evidence.suggestion-decided entries. A projection: rebuilt by `dossier rebuild`.
create table document_suggestions (
    id           text    primary key,        -- SEQ.N: the evidence.suggested entry and the suggestion's place in it
    seq          integer not null,
    n            integer not null,
    hash         text    not null,           -- the item (the original file)
    text_hash    text    not null,           -- its extracted-text item
    kind         text    not null,           -- person | organization | place | date
    target       text    not null,           -- a record id, or the day (yyyy-MM-dd)
    label        text    not null,
    pages        text    not null,           -- page numbers, comma-separated
    score        real    not null,
    status       text    not null,           -- open | accepted | rejected
    decided_seq  integer,
    result       text                        -- link | claim:ID
);
create index document_suggestions_hash on document_suggestions (hash, seq, n);
