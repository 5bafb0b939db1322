-- The evidence projection: rebuilt from the ledger by `dossier rebuild`; only the projector writes it.
-- One row per evidence item (a stored file with its acquisition entry).
create table evidence_items (
    hash              text    primary key,   -- SHA-256, lowercase hex
    size              bigint  not null,
    media_type        text    not null,
    original_name     text    not null,
    collector         text    not null,
    collected_at_utc  text    not null,
    holder            text    not null,      -- collector, then the recipient of the latest transfer or return
    acquired_seq      bigint  not null,
    derived_from      text,                  -- the original's hash, for a derivative
    derivation        text,
    body              text    not null       -- the acquisition entry's body, RFC 8785 canonical JSON
);
create index evidence_items_acquired on evidence_items (acquired_seq);

-- Every entry of an item's chain of custody, the acquisition included.
create table evidence_custody (
    hash    text    not null,
    seq     bigint  not null,
    action  text    not null,
    primary key (hash, seq)
);

-- Derivative links: redacted copies, transcripts and translations of an original.
create table evidence_derivatives (
    original    text    not null,
    derivative  text    not null,
    derivation  text    not null,
    seq         bigint  not null,
    primary key (original, derivative)
);
