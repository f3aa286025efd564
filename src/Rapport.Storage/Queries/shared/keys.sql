-- name: api-keys-list
SELECT id, workspace_id, name, role, hint, created_at, revoked_at
FROM api_key WHERE workspace_id = @WorkspaceId ORDER BY id;

-- name: api-key-revoke
UPDATE api_key SET revoked_at = @Now WHERE workspace_id = @WorkspaceId AND id = @Id AND revoked_at IS NULL;

-- name: api-keys-working-admins
SELECT count(*) FROM api_key WHERE workspace_id = @WorkspaceId AND role = 'admin' AND revoked_at IS NULL;

-- name: api-key-revision
SELECT revision FROM api_key_revision WHERE id = 1;

-- name: api-key-revision-next
UPDATE api_key_revision SET revision = revision + 1 WHERE id = 1;
