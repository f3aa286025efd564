-- The timeline and identity indexes by contact lose their leading workspace_id (contact ids are unique across workspaces), as on
-- PostgreSQL, where that keeps plans right while statistics lag: smaller entries, the same look-ups.
-- The contact indexes stay whole here: SQLite would not use a partial index for lower(email) = ?.
DROP INDEX contact_identity_by_contact;
CREATE INDEX contact_identity_by_contact ON contact_identity (contact_id);
DROP INDEX event_timeline;
CREATE INDEX event_timeline ON event (contact_id, timestamp, id);
