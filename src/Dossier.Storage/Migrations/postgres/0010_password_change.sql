-- A password someone else chose (the one-time password of `user add`) must be replaced by the account
-- holder at the next sign-in, before a session is issued. Accounts that never completed a sign-in still
-- hold their one-time password, so they are marked too.
alter table accounts add column must_change_password smallint not null default 0;
update accounts set must_change_password = 1 where totp_secret is null;
