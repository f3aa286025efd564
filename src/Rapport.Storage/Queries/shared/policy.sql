-- name: policy-insert
-- The next version of the workspace's contact policy; two saves at once on PostgreSQL collide on the key and the second
-- runs again.
INSERT INTO contact_policy (workspace_id, version, document, created_at)
SELECT @WorkspaceId, coalesce(max(version), 0) + 1, @Document, @Now
FROM contact_policy WHERE workspace_id = @WorkspaceId
RETURNING version;

-- name: policy-get
-- A version of the contact policy (@Newest: the newest one, the one in force).
SELECT version, document, created_at
FROM contact_policy
WHERE workspace_id = @WorkspaceId AND (@Newest OR version = @Version)
ORDER BY version DESC
LIMIT 1;

-- name: policy-versions
-- Every stored version of the contact policy, newest first.
SELECT version, created_at FROM contact_policy WHERE workspace_id = @WorkspaceId ORDER BY version DESC;
