-- Workspaces, API keys, contacts with their identities, the event stream and dead letters.
-- Times are Unix milliseconds (UTC) in every dialect.
CREATE TABLE workspace (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE api_key (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspace (id),
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'ingest')),
    secret_hash   TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL
);

CREATE TABLE contact (
    id             INTEGER PRIMARY KEY,
    workspace_id   INTEGER NOT NULL REFERENCES workspace (id),
    external_id    TEXT,
    email          TEXT,
    phone          TEXT,
    address_name   TEXT,
    address_lines  TEXT,
    postcode       TEXT,
    city           TEXT,
    region         TEXT,
    country        TEXT,
    locale         TEXT,
    time_zone      TEXT,
    traits         TEXT NOT NULL DEFAULT '{}',
    traits_at      INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX contact_by_external_id ON contact (workspace_id, external_id);
CREATE INDEX contact_by_email ON contact (workspace_id, lower(email)); -- e-mail matching ignores case
CREATE INDEX contact_by_phone ON contact (workspace_id, phone);

-- Identifiers a contact is known by besides its external_id: 'anonymous' (Segment anonymousId) and 'user'
-- (a former external id, still pointing at the contact after a change or a merge).
CREATE TABLE contact_identity (
    workspace_id  INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    value         TEXT NOT NULL,
    contact_id    INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, kind, value)
) WITHOUT ROWID;
CREATE INDEX contact_identity_by_contact ON contact_identity (workspace_id, contact_id);

-- What was merged into what, with the absorbed profile as it was.
CREATE TABLE contact_merge (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL,
    absorbed_id   INTEGER NOT NULL,
    survivor_id   INTEGER NOT NULL,
    message_id    TEXT NOT NULL,
    absorbed      TEXT NOT NULL,
    merged_at     INTEGER NOT NULL
);
CREATE INDEX contact_merge_by_survivor ON contact_merge (workspace_id, survivor_id);

CREATE TABLE event (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL,
    message_id    TEXT NOT NULL,
    contact_id    INTEGER NOT NULL,
    type          TEXT NOT NULL,
    name          TEXT,
    properties    TEXT NOT NULL,
    context       TEXT NOT NULL,
    timestamp     INTEGER NOT NULL,
    received_at   INTEGER NOT NULL,
    source        TEXT NOT NULL
);
CREATE UNIQUE INDEX event_by_message_id ON event (workspace_id, message_id);
CREATE INDEX event_timeline ON event (workspace_id, contact_id, timestamp, id);

CREATE TABLE dead_letter (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL,
    source        TEXT NOT NULL,
    reason        TEXT NOT NULL,
    payload       TEXT NOT NULL,
    received_at   INTEGER NOT NULL
);
CREATE INDEX dead_letter_by_workspace ON dead_letter (workspace_id, id);
