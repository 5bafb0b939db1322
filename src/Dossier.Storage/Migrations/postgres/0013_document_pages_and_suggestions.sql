-- Search inside documents (issue 16 item 2, ADR 1602): the pages of text `dossier ingest` extracted, one row per page
-- of each extracted-text derivative, read from the vault when the derivative's acquisition is projected. A projection:
-- rebuilt by `dossier rebuild`. Items classified protected-identity are never here.
create table document_pages (
    derivative      text    not null,         -- the extracted-text item (SHA-256, lowercase hex)
    original        text    not null,         -- the item the text was read from
    page            integer not null,         -- 1-based page number in the original
    classification  text    not null,         -- the text item's classification
    text            text    not null,         -- the page as extracted, bidi controls removed (for snippets)
    normalized      text    not null,         -- keys as the records' search_index has them (Dossier.Text)
    romanized       text    not null,
    phonetic        text[]  not null,
    words           tsvector generated always as (to_tsvector('simple', normalized || ' ' || romanized)) stored,
    primary key (derivative, page)
);
create index document_pages_original on document_pages (original);
create index document_pages_words on document_pages using gin (words);
create index document_pages_phonetic on document_pages using gin (phonetic);

-- The suggestion review queue (ADR 1603): one row per suggestion of an evidence.suggested entry, its state from the
-- evidence.suggestion-decided entries. A projection: rebuilt by `dossier rebuild`.
create table document_suggestions (
    id           text    primary key,        -- SEQ.N: the evidence.suggested entry and the suggestion's place in it
    seq          bigint  not null,
    n            integer not null,
    hash         text    not null,           -- the item (the original file)
    text_hash    text    not null,           -- its extracted-text item
    kind         text    not null,           -- person | organization | place | date
    target       text    not null,           -- a record id, or the day (yyyy-MM-dd)
    label        text    not null,
    pages        text    not null,           -- page numbers, comma-separated
    score        double precision not null,
    status       text    not null,           -- open | accepted | rejected
    decided_seq  bigint,
    result       text                        -- link | claim:ID
);
create index document_suggestions_hash on document_suggestions (hash, seq, n);
