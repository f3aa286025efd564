-- Permission: topics, consent texts, the consent ledger and the subscriptions projected from it,
-- suppression, signup forms, the message outbox, settings and the audit log.
CREATE TABLE topic (
    workspace_id  integer NOT NULL REFERENCES workspace (id),
    key           text NOT NULL,
    name          text NOT NULL,
    description   text NOT NULL DEFAULT '',
    created_at    bigint NOT NULL,
    PRIMARY KEY (workspace_id, key)
);
INSERT INTO topic (workspace_id, key, name, created_at)
SELECT w.id, t.key, t.name, w.created_at
FROM workspace w CROSS JOIN (SELECT 'news' AS key, 'News' AS name UNION ALL SELECT 'products', 'Products'
                              UNION ALL SELECT 'offers', 'Offers' UNION ALL SELECT 'events', 'Events') t;

-- Versioned wording shown to people when they opt in; a grant points at the version they saw.
CREATE TABLE consent_text (
    workspace_id  integer NOT NULL REFERENCES workspace (id),
    key           text NOT NULL,
    version       integer NOT NULL,
    locale        text NOT NULL,
    text          text NOT NULL,
    created_at    bigint NOT NULL,
    PRIMARY KEY (workspace_id, key, version)
);

-- Append-only. topic / channel NULL: every topic / every channel.
CREATE TABLE consent_record (
    id                   INTEGER PRIMARY KEY,
    workspace_id         integer NOT NULL,
    contact_id           bigint NOT NULL,
    topic                text,
    channel              text,
    action               text NOT NULL,
    legal_basis          text NOT NULL,
    source               text NOT NULL,
    ip                   text,
    user_agent           text,
    consent_text_key     text,
    consent_text_version integer,
    note                 text,
    reason               text,
    awaits_confirmation  INTEGER NOT NULL,
    frequency            text,
    format               text,
    at                   bigint NOT NULL
);
CREATE INDEX consent_record_by_contact ON consent_record (workspace_id, contact_id, id);

CREATE TABLE subscription (
    workspace_id  integer NOT NULL,
    contact_id    bigint NOT NULL,
    topic         text NOT NULL,
    channel       text NOT NULL,
    status        text NOT NULL,
    frequency     text NOT NULL,
    format        text NOT NULL,
    updated_at    bigint NOT NULL,
    PRIMARY KEY (workspace_id, contact_id, topic, channel)
);

-- Addresses never to be contacted, as SHA-256 of the normalised address; kept when the contact is gone.
CREATE TABLE suppression (
    workspace_id  integer NOT NULL,
    kind          text NOT NULL,
    hash          text NOT NULL,
    reason        text NOT NULL,
    created_at    bigint NOT NULL,
    PRIMARY KEY (workspace_id, kind, hash)
);

CREATE TABLE signup_form (
    id                text PRIMARY KEY,
    workspace_id      integer NOT NULL REFERENCES workspace (id),
    name              text NOT NULL,
    topics            text NOT NULL,
    consent_text_key  text,
    created_at        bigint NOT NULL
);

-- The outbox and the send log in one.
CREATE TABLE message (
    id            INTEGER PRIMARY KEY,
    workspace_id  integer NOT NULL,
    contact_id    bigint,
    channel       text NOT NULL,
    topic         text,
    purpose       text NOT NULL,
    status        text NOT NULL,
    reason        text,
    recipient     text,
    content       text NOT NULL,
    attempts      integer NOT NULL DEFAULT 0,
    due_at        bigint NOT NULL,
    leased_until  bigint NOT NULL DEFAULT 0,
    created_at    bigint NOT NULL,
    sent_at       bigint,
    receipt       text
);
CREATE INDEX message_due ON message (status, due_at);
CREATE INDEX message_by_contact ON message (workspace_id, contact_id, id);

CREATE TABLE setting (
    workspace_id  integer NOT NULL,
    key           text NOT NULL,
    value         text NOT NULL,
    PRIMARY KEY (workspace_id, key)
);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    workspace_id  integer NOT NULL,
    actor         text NOT NULL,
    action        text NOT NULL,
    contact_id    bigint,
    detail        text NOT NULL,
    at            bigint NOT NULL
);
