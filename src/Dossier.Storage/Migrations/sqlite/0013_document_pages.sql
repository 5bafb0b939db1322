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
