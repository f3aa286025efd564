-- name: consent-contact-lock
-- Consent changes of one contact are made one after the other (SQLite: writes are serial anyway).
SELECT id FROM contact WHERE workspace_id = @WorkspaceId AND id = @ContactId;
