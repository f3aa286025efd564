-- name: events-existing
SELECT message_id FROM event WHERE workspace_id = @WorkspaceId AND message_id IN (SELECT value FROM json_each(@MessageIds));

-- name: events-timeline
SELECT id, message_id, contact_id, type, name, properties, context, timestamp, received_at, source
FROM event
WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId AND (timestamp, id) < (@BeforeTimestamp, @BeforeId)
ORDER BY timestamp DESC, id DESC
LIMIT @Limit;

-- name: dead-letter-insert
INSERT INTO dead_letter (workspace_id, source, reason, payload, received_at)
VALUES (@WorkspaceId, @Source, @Reason, @Payload, @ReceivedAt);

-- name: dead-letters-list
SELECT id, source, reason, payload, received_at FROM dead_letter
WHERE workspace_id = @WorkspaceId AND id > @After
ORDER BY id
LIMIT @Limit;

-- name: events-insert-many
-- One row (SQLite runs it per row, prepared once; see BulkRows).
INSERT INTO event (workspace_id, message_id, contact_id, type, name, properties, context, timestamp, received_at, source)
VALUES (@WorkspaceId, @MessageId, @ContactId, @Type, @Name, @Properties, @Context, @Timestamp, @ReceivedAt, @Source)
ON CONFLICT (workspace_id, message_id) DO NOTHING;

-- name: upkeep-lock
-- Nothing to do: SQLite has one writer at a time.
SELECT 1;

-- name: internal-events-insert-many
-- One row (SQLite runs it per row, prepared once; see BulkRows).
INSERT INTO event (workspace_id, message_id, contact_id, type, name, properties, context, timestamp, received_at, source)
VALUES (@WorkspaceId, @MessageId, @ContactId, @Type, @Name, @Properties, @Context, @Timestamp, @ReceivedAt, @Source)
ON CONFLICT (workspace_id, message_id) DO NOTHING;
