-- name: memberships-of-contact
SELECT segment_key, contact_id, entered_at, exited_at FROM segment_membership
WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId ORDER BY entered_at, segment_key;

-- name: memberships-changes
-- Entries and exits of one segment, newest first: the internal "entered / left segment" events.
SELECT segment_key, contact_id, entered_at, exited_at FROM segment_membership
WHERE workspace_id = @WorkspaceId AND segment_key = @Key
ORDER BY coalesce(exited_at, entered_at) DESC, contact_id
LIMIT @Limit;
