-- name: events-existing
-- One index probe per id (LATERAL ... LIMIT 1), whatever the statistics say while the table grows.
SELECT e.message_id FROM unnest(CAST(@MessageIds AS text[])) AS m(id)
CROSS JOIN LATERAL (SELECT message_id FROM event WHERE workspace_id = @WorkspaceId AND message_id = m.id LIMIT 1) AS e;

-- name: events-timeline
SELECT id, message_id, contact_id, type, name, properties::text AS properties, context::text AS context, timestamp, received_at, source
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
-- COPY (see PostgresCopy): a message stored meanwhile by another batch fails the transaction, which is
-- run again and then skips it.
COPY event (workspace_id, message_id, contact_id, type, name, properties, context, timestamp, received_at, source) FROM STDIN (FORMAT csv)
