-- Typed links from an evidence item to the record it bears on (a person, event, claim …), with where in
-- the item: a page range or a time range. Projected from evidence.linked entries; rebuilt by `dossier rebuild`.
create table evidence_links (
    seq        bigint  primary key,           -- the evidence.linked entry
    hash       text    not null,              -- the item (SHA-256, lowercase hex)
    target_id  text    not null,              -- the record it bears on
    relation   text    not null,              -- supports | contradicts | mentions
    page_from  integer,
    page_to    integer,
    time_from  text,                          -- offsets into a recording, hh:mm:ss.fff
    time_to    text,
    actor      text    not null,
    time       text    not null,
    reason     text    not null
);
create index evidence_links_hash on evidence_links (hash);
create index evidence_links_target on evidence_links (target_id);
