-- Ids that a signed link, a message, the consent ledger or the audit log points at are never given to anyone else.
--
-- Contacts: SQLite gives a row without AUTOINCREMENT the largest id plus one, so deleting the newest contact gave its
-- id, and with it the old person's links, ledger and audit trail, to the next one. New ids are now taken above a
-- high-water mark that only rises (contact-ids-next), set here above every contact id any table still mentions.
-- Chosen over rebuilding the table with AUTOINCREMENT, which writes sqlite_sequence once per inserted row: bulk
-- writes run one statement per row (SqliteRowStatement), where that costs about 2 µs a contact, some 10% of an
-- import; the mark costs one statement per batch. Every contact is inserted with an id from ContactIds.
CREATE TABLE id_high_water (
    name  TEXT PRIMARY KEY,
    last  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO id_high_water (name, last)
SELECT 'contact', max(v) FROM (
    SELECT coalesce(max(id), 0) AS v FROM contact
    UNION ALL SELECT coalesce(max(contact_id), 0) FROM contact_identity
    UNION ALL SELECT coalesce(max(contact_id), 0) FROM event
    UNION ALL SELECT coalesce(max(max(absorbed_id, survivor_id)), 0) FROM contact_merge
    UNION ALL SELECT coalesce(max(contact_id), 0) FROM consent_record
    UNION ALL SELECT coalesce(max(contact_id), 0) FROM subscription
    UNION ALL SELECT coalesce(max(contact_id), 0) FROM message
    UNION ALL SELECT coalesce(max(contact_id), 0) FROM audit_log
    UNION ALL SELECT coalesce(max(contact_id), 0) FROM segment_membership
    UNION ALL SELECT coalesce(max(contact_id), 0) FROM contact_value
    UNION ALL SELECT coalesce(max(contact_id), 0) FROM contact_stage
    UNION ALL SELECT coalesce(max(contact_id), 0) FROM stage_change);

-- Each contact's link nonce, carried by every signed link to them (a random number; see Contact.LinkNonce). Links
-- made before it carry none: they stay good for the contacts that exist now, whose ids no one else gets.
ALTER TABLE contact ADD COLUMN link_nonce INTEGER NOT NULL DEFAULT 0;
UPDATE contact SET link_nonce = random() & 9223372036854775807;
INSERT INTO setting (workspace_id, key, value)
SELECT 0, 'links.nonce-free-up-to', CAST(coalesce(max(id), 0) AS TEXT) FROM contact;

-- Dead letters are erased with their person and paged by id (after=): AUTOINCREMENT keeps a deleted letter's id
-- from coming back (they are few, written one by one). SQLite's procedure for changing a table: a new table, the
-- rows copied, the old one dropped, the new one renamed, its index made again (no foreign key, view or trigger
-- refers to it). Messages (the Message-ID is m{id}), consent records and audit records are never deleted.
CREATE TABLE dead_letter_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id  INTEGER NOT NULL,
    source        TEXT NOT NULL,
    reason        TEXT NOT NULL,
    payload       TEXT NOT NULL,
    received_at   INTEGER NOT NULL
);
INSERT INTO dead_letter_new (id, workspace_id, source, reason, payload, received_at)
SELECT id, workspace_id, source, reason, payload, received_at FROM dead_letter;
DROP TABLE dead_letter;
ALTER TABLE dead_letter_new RENAME TO dead_letter;
CREATE INDEX dead_letter_by_workspace ON dead_letter (workspace_id, id);
