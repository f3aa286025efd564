-- name: workspace-insert
INSERT INTO workspace (name, created_at) VALUES (@Name, @Now) ON CONFLICT (name) DO NOTHING;

-- name: workspace-by-name
SELECT id, name FROM workspace WHERE name = @Name;

-- name: api-key-insert
INSERT INTO api_key (workspace_id, name, role, secret_hash, hint, created_at)
VALUES (@WorkspaceId, @Name, @Role, @SecretHash, @Hint, @Now)
RETURNING id;

-- name: api-key-by-hash
SELECT k.id, k.workspace_id, k.name, k.role, k.created_at, w.name AS workspace_name
FROM api_key k JOIN workspace w ON w.id = k.workspace_id
WHERE k.secret_hash = @SecretHash AND k.revoked_at IS NULL;

-- name: workspace-ids
SELECT id FROM workspace ORDER BY id;
