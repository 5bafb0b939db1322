-- A person's display preferences, chosen on /account and applied on every request they make signed in.
-- Null means not chosen (the browser's cookie then decides). Written only by the projection of
-- account.preferences-changed ledger entries, so `dossier rebuild` reproduces them.
alter table accounts add column language text;
alter table accounts add column solar_hijri smallint;
