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

-- name: journey-contacts
-- The contacts of a batch of steps, read together ("+workspace_id": found by id, the workspace only checked).
SELECT * FROM contact WHERE id IN (SELECT value FROM json_each(@Ids)) AND +workspace_id = @WorkspaceId;

-- name: journey-subscriptions
-- The subscriptions of the contacts of a batch of steps.
SELECT contact_id, topic, channel, status, frequency, format, updated_at
FROM subscription WHERE workspace_id = @WorkspaceId AND contact_id IN (SELECT value FROM json_each(@Ids));

-- name: journey-sent-many
-- The messages each instance of a batch requested, by the node that requested them ("+workspace_id": found through
-- the instance, the workspace only checked; else SQLite walks the workspace's messages).
SELECT journey_instance_id AS instance_id, journey_node AS node, id FROM message
WHERE journey_instance_id IN (SELECT value FROM json_each(@Ids)) AND journey_instance_id IS NOT NULL AND +workspace_id = @WorkspaceId
ORDER BY id;

-- name: journey-events-since-many
-- Each contact's tracked events from their own time on (@Rows: contact_id, since), at most @Limit each, as
-- journey-events-since reads one contact's.
SELECT contact_id, message_id, name, timestamp, properties FROM (
    SELECT e.contact_id, e.message_id, e.name, e.timestamp, e.properties, e.id,
           row_number() OVER (PARTITION BY e.contact_id ORDER BY e.timestamp, e.id) AS n
    FROM (SELECT json_extract(value, '$.contact_id') AS contact_id, json_extract(value, '$.since') AS since FROM json_each(@Rows)) AS c
    CROSS JOIN event e ON e.contact_id = c.contact_id AND e.timestamp >= c.since -- the contacts first, then each one's timeline
    WHERE +e.workspace_id = @WorkspaceId AND e.type = 'track' AND e.name IS NOT NULL)
WHERE n <= @Limit
ORDER BY contact_id, timestamp, id;

-- name: journey-contacts-lock
-- The contacts of a batch of steps or entries that are still there (SQLite's one writer keeps them so until the batch commits).
SELECT id FROM contact WHERE id IN (SELECT value FROM json_each(@Ids)) AND +workspace_id = @WorkspaceId;

-- name: journey-instances-step-many
-- One row (SQLite runs it per row, prepared once; see BulkRows.MatchingAsync). A step is written only if the instance still
-- stands where the step was taken from (its step count, its contact, its version): of two runners stepping it at once, or
-- a retry, one writes and the other finds no row. The lease ends with it.
UPDATE journey_instance
SET status = @Status, node = @Node, node_since = @NodeSince, due_at = @DueAt, steps = @Steps, variant = @Variant,
    used_answers = @UsedAnswers, ended_at = @EndedAt, end_reason = @EndReason, leased_until = 0
WHERE id = @Id AND workspace_id = @WorkspaceId AND steps = @Before AND contact_id = @ContactId AND version = @Version;

-- name: journey-messages-insert-many
-- One row (prepared once; see BulkRows): the messages of a batch of steps, queued, due now, naming the journey, version,
-- node, variant and instance; held if the journey was paused meanwhile, as message-insert does.
INSERT INTO message (workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, due_at, created_at,
                     journey_key, journey_version, journey_node, journey_variant, journey_instance_id, when_blocked)
SELECT @WorkspaceId, @ContactId, @Channel, @Topic, @Purpose,
       CASE WHEN j.status = 'paused' THEN 'held' ELSE 'queued' END, CASE WHEN j.status = 'paused' THEN 'the journey is paused' END,
       @Recipient, @Content, @Now, @Now, @JourneyKey, @JourneyVersion, @JourneyNode, @JourneyVariant, @JourneyInstanceId, @WhenBlocked
FROM (SELECT 1) one
LEFT JOIN journey_control j ON j.workspace_id = @WorkspaceId AND j.key = @JourneyKey;

-- name: journey-instances-of-contacts
-- The instances of the contacts of a batch of entries, newest first (their index, by workspace and contact).
SELECT * FROM journey_instance WHERE workspace_id = @WorkspaceId AND contact_id IN (SELECT value FROM json_each(@Ids)) ORDER BY id DESC;
