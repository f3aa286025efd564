-- name: segment-insert
INSERT INTO segment (workspace_id, key, version, name, definition, deleted, created_at)
SELECT @WorkspaceId, @Key, coalesce(max(version), 0) + 1, @Name, @Definition, @Deleted, @Now
FROM segment WHERE workspace_id = @WorkspaceId AND key = @Key
RETURNING version;

-- name: segments-current
-- The newest version of each segment that is not deleted.
SELECT s.key, s.version, s.name, s.definition, s.created_at, s.failures, s.last_error, s.parked_at
FROM segment s
WHERE s.workspace_id = @WorkspaceId
  AND s.version = (SELECT max(v.version) FROM segment v WHERE v.workspace_id = s.workspace_id AND v.key = s.key)
  AND s.deleted = @NotDeleted
ORDER BY s.key;

-- name: segment-failure-record
-- One more failed evaluation of this version, with its reason; at the @ParkAt-th in a row it is parked.
UPDATE segment SET failures = failures + 1, last_error = @Reason, parked_at = CASE WHEN failures + 1 >= @ParkAt THEN @Now END
WHERE workspace_id = @WorkspaceId AND key = @Key AND version = @Version
RETURNING failures, parked_at;

-- name: segment-failures-clear
-- The version was evaluated after failing: its failures in a row are over.
UPDATE segment SET failures = 0, last_error = NULL
WHERE workspace_id = @WorkspaceId AND key = @Key AND version = @Version AND parked_at IS NULL;
