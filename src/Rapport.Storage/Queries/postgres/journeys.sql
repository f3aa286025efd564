-- name: journey-instances-lease
-- Leases the active instances of active journeys whose time has come, oldest due first; instances another runner
-- is leasing are skipped, not waited for.
UPDATE journey_instance SET leased_until = @Until
WHERE id IN (SELECT i.id FROM journey_instance i
             JOIN journey_control j ON j.workspace_id = i.workspace_id AND j.key = i.journey_key
             WHERE i.status = 'active' AND i.due_at IS NOT NULL AND i.due_at <= @Now AND i.leased_until <= @Now AND j.status = 'active'
             ORDER BY i.due_at, i.id LIMIT @Limit FOR UPDATE OF i SKIP LOCKED)
RETURNING *;

-- name: journey-events
-- Tracked events by message id, read just after they were stored: one index probe per id (LATERAL ... LIMIT 1, as
-- events-existing), whatever the statistics say while the table grows.
SELECT e.contact_id, e.message_id, e.name, e.timestamp, e.properties::text AS properties
FROM unnest(CAST(@MessageIds AS text[])) AS m(id)
CROSS JOIN LATERAL (SELECT * FROM event WHERE workspace_id = @WorkspaceId AND message_id = m.id LIMIT 1) AS e
WHERE e.type = 'track' AND e.name IS NOT NULL
ORDER BY e.timestamp, e.id;

-- name: journey-steps-insert-many
INSERT INTO journey_step (workspace_id, instance_id, step_no, node, kind, edge, why, at)
SELECT workspace_id, instance_id, step_no, node, kind, edge, why, at
FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r(
    workspace_id integer, instance_id bigint, step_no integer, node text, kind text, edge text, why text, at bigint);

-- name: journey-webhooks-delete-of-contact
-- The webhook calls of a contact's journeys, waiting or given up, go with the contact when it is deleted or erased: their
-- bodies name the person, and nobody is told of them any more. Run before contact-delete-derived, while their instances are there.
DELETE FROM work_item WHERE workspace_id = @WorkspaceId AND kind = @Kind
  AND CAST(CAST(item AS jsonb) ->> 'instance' AS bigint) IN (SELECT id FROM journey_instance WHERE workspace_id = @WorkspaceId AND contact_id = @Id);

-- name: journey-contacts
-- The contacts of a batch of steps, read together (no lock: the step's write takes contact-lock).
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND id = ANY(@Ids);

-- name: journey-subscriptions
-- The subscriptions of the contacts of a batch of steps.
SELECT contact_id, topic, channel, status, frequency, format, updated_at
FROM subscription WHERE workspace_id = @WorkspaceId AND contact_id = ANY(@Ids);

-- name: journey-sent-many
-- The messages each instance of a batch requested, by the node that requested them.
SELECT journey_instance_id AS instance_id, journey_node AS node, id FROM message
WHERE journey_instance_id = ANY(@Ids) AND workspace_id = @WorkspaceId
ORDER BY id;

-- name: journey-events-since-many
-- Each contact's tracked events from their own time on (@Rows: contact_id, since), as journey-events-since reads one
-- contact's: one probe of the timeline's index per contact.
SELECT c.contact_id, e.message_id, e.name, e.timestamp, e.properties::text AS properties
FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS c(contact_id bigint, since bigint)
CROSS JOIN LATERAL (SELECT message_id, name, timestamp, properties, id FROM event
                    WHERE workspace_id = @WorkspaceId AND contact_id = c.contact_id AND timestamp >= c.since
                      AND type = 'track' AND name IS NOT NULL
                    ORDER BY timestamp, id LIMIT @Limit) AS e
ORDER BY c.contact_id, e.timestamp, e.id;
