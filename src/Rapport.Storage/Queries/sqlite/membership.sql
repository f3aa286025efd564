-- name: memberships-close
-- A deleted segment has no members left.
UPDATE segment_membership SET exited_at = @Now WHERE workspace_id = @WorkspaceId AND segment_key = @Key AND exited_at IS NULL
RETURNING contact_id;
