-- Victims from lists (issue 18 item 6): which person record a list row was identified as, by the
-- list.rows-identified entries. A row is at most one person; a person may stand on many rows. A projection:
-- rebuilt by `dossier rebuild`.
create table list_row_people (
    row_key    text    primary key,   -- LIST/ROW
    person_id  text    not null,
    seq        bigint  not null       -- the list.rows-identified entry
);
create index list_row_people_person on list_row_people (person_id);
