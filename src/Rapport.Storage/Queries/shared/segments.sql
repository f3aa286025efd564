-- name: segment-insert
INSERT INTO segment (workspace_id, key, version, name, definition, deleted, created_at)
SELECT @WorkspaceId, @Key, coalesce(max(version), 0) + 1, @Name, @Definition, @Deleted, @Now
FROM segment WHERE workspace_id = @WorkspaceId AND key = @Key
RETURNING version;

-- name: segments-current
-- The newest version of each segment that is not deleted.
SELECT s.key, s.version, s.name, s.definition, s.created_at
FROM segment s
WHERE s.workspace_id = @WorkspaceId
  AND s.version = (SELECT max(v.version) FROM segment v WHERE v.workspace_id = s.workspace_id AND v.key = s.key)
  AND s.deleted = @NotDeleted
ORDER BY s.key;
