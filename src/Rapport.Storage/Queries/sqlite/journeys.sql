-- name: journey-instances-lease
-- Leases the active instances of active journeys whose time has come, oldest due first (SQLite's one writer keeps
-- two runners from taking the same one).
UPDATE journey_instance SET leased_until = @Until
WHERE id IN (SELECT i.id FROM journey_instance i
             JOIN journey_control j ON j.workspace_id = i.workspace_id AND j.key = i.journey_key
             WHERE i.status = 'active' AND i.due_at IS NOT NULL AND i.due_at <= @Now AND i.leased_until <= @Now AND j.status = 'active'
             ORDER BY i.due_at, i.id LIMIT @Limit)
RETURNING *;

-- name: journey-events
-- Tracked events by message id (the unique index finds each).
SELECT contact_id, message_id, name, timestamp, properties FROM event
WHERE workspace_id = @WorkspaceId AND message_id IN (SELECT value FROM json_each(@MessageIds)) AND type = 'track' AND name IS NOT NULL
ORDER BY timestamp, id;

-- name: journey-steps-insert-many
-- One row (SQLite runs it per row, prepared once; see BulkRows).
INSERT INTO journey_step (workspace_id, instance_id, step_no, node, kind, edge, why, at)
VALUES (@WorkspaceId, @InstanceId, @StepNo, @Node, @Kind, @Edge, @Why, @At);

-- name: journey-webhooks-delete-of-contact
-- The webhook calls of a contact's journeys, waiting or given up, go with the contact when it is deleted or erased: their
-- bodies name the person, and nobody is told of them any more. Run before contact-delete-derived, while their instances are there.
DELETE FROM work_item WHERE workspace_id = @WorkspaceId AND kind = @Kind
  AND CAST(json_extract(item, '$.instance') AS INTEGER) IN (SELECT id FROM journey_instance WHERE workspace_id = @WorkspaceId AND contact_id = @Id);
