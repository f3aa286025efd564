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

-- name: upkeep-lock
-- Upkeep of one workspace (stages, one segment's membership) runs one writer at a time across nodes, so
-- two nodes never record the same move or entry twice; the second sees what the first wrote.
SELECT pg_advisory_xact_lock(hashtextextended('upkeep:' || @WorkspaceId || ':' || @Key, 0));

-- name: internal-events-insert-many
INSERT INTO event (workspace_id, message_id, contact_id, type, name, properties, context, timestamp, received_at, source)
SELECT workspace_id, message_id, contact_id, type, name, CAST(properties AS jsonb), CAST(context AS jsonb), timestamp, received_at, source
FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r(
    workspace_id integer, message_id text, contact_id bigint, type text, name text, properties text, context text,
    timestamp bigint, received_at bigint, source text)
ON CONFLICT (workspace_id, message_id) DO NOTHING;
