-- Plans that stay index probes while the statistics lag behind the data. When a workspace fills faster
-- than autovacuum analyzes (a new workspace, a first import), the statistics say it has no rows, and an
-- index that merely starts with workspace_id looked as good as the one that finds the row: a look-up of
-- one message id scanned the workspace's whole timeline (16 ms a probe, seconds a batch). Here only the
-- indexes that answer a look-up start with workspace_id; contact ids are unique across workspaces, and
-- the partial indexes cannot serve a query that does not ask for their column (event_purchases, partial on
-- purchases, stays as it is: it serves only queries about purchases, and the workspace's own).
DROP INDEX contact_by_external_id;
CREATE UNIQUE INDEX contact_by_external_id ON contact (workspace_id, external_id) WHERE external_id IS NOT NULL;
DROP INDEX contact_by_email;
CREATE INDEX contact_by_email ON contact (workspace_id, lower(email)) WHERE email IS NOT NULL; -- e-mail matching ignores case
DROP INDEX contact_by_phone;
CREATE INDEX contact_by_phone ON contact (workspace_id, phone) WHERE phone IS NOT NULL;
DROP INDEX contact_identity_by_contact;
CREATE INDEX contact_identity_by_contact ON contact_identity (contact_id);
DROP INDEX event_timeline;
CREATE INDEX event_timeline ON event (contact_id, timestamp, id);
