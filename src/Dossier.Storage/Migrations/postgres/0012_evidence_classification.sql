-- Evidence items get a classification like records (issue 13 item 4): who may see the item, its metadata and
-- its file. Projected from evidence.acquired (v2; v1 entries read as internal).
alter table evidence_items add column classification text not null default 'internal';

-- The metadata extracted from an item at acquisition (EXIF/XMP/GPS: names of people, places) is kept here,
-- beside the ledger, not in the append-only acquisition entry, which holds only its SHA-256: so that an
-- erasure can reach it. State, not a projection: not cleared by a rebuild, carried by backups, and checked by
-- `dossier verify` against the digest in the entry.
create table evidence_metadata (
    hash   text primary key,               -- the item (SHA-256, lowercase hex)
    json   text not null                   -- the metadata as extracted, canonical JSON
);
