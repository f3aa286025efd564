-- name: template-insert
-- The next version of a template (or the version that deletes it); two saves at once on PostgreSQL collide on the key
-- and the second runs again.
INSERT INTO template (workspace_id, key, version, name, channel, document, deleted, created_at)
SELECT @WorkspaceId, @Key, coalesce(max(version), 0) + 1, @Name, @Channel, @Document, @Deleted, @Now
FROM template WHERE workspace_id = @WorkspaceId AND key = @Key
RETURNING version;

-- name: templates-current
-- The newest version of each template that is not deleted.
SELECT t.key, t.version, t.name, t.channel, t.document, t.created_at
FROM template t
WHERE t.workspace_id = @WorkspaceId
  AND t.version = (SELECT max(v.version) FROM template v WHERE v.workspace_id = t.workspace_id AND v.key = t.key)
  AND t.deleted = @NotDeleted
ORDER BY t.key;

-- name: template-get
-- A version of a template (@Newest: the newest one), and whether it is the version that deletes it.
SELECT t.key, t.version, t.name, t.channel, t.document, t.created_at, t.deleted
FROM template t
WHERE t.workspace_id = @WorkspaceId AND t.key = @Key AND (@Newest OR t.version = @Version)
ORDER BY t.version DESC
LIMIT 1;

-- name: template-versions
-- Every stored version of a template, newest first, without the versions that delete it.
SELECT t.version, t.name, t.created_at
FROM template t
WHERE t.workspace_id = @WorkspaceId AND t.key = @Key AND t.deleted = @NotDeleted
ORDER BY t.version DESC;
