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

-- name: journey-contacts-lock
-- The contacts of a batch of steps or entries, locked as contact-lock locks one (a deletion waits for the batch, or the batch finds
-- them gone), in id order: two batches lock them in one order, never deadlocking. Those gone are missing from the answer.
SELECT c.id FROM (SELECT DISTINCT id FROM unnest(CAST(@Ids AS bigint[])) AS u(id) ORDER BY id) AS v
CROSS JOIN LATERAL (SELECT id FROM contact WHERE id = v.id AND workspace_id = @WorkspaceId FOR UPDATE) AS c;

-- name: journey-instances-step-many
-- The new state of each instance of a batch of steps, written only where the instance still stands where its step was
-- taken from (its step count, its contact, its version): of two runners stepping it at once, or a retry, one writes and
-- the other finds no row. Returns the ids written. The lease ends with it.
UPDATE journey_instance i
SET status = r.status, node = r.node, node_since = r.node_since, due_at = r.due_at, steps = r.steps, variant = r.variant,
    used_answers = r.used_answers, ended_at = r.ended_at, end_reason = r.end_reason, leased_until = 0
FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r(
    workspace_id integer, id bigint, contact_id bigint, version integer, before integer, status text, node text, node_since bigint,
    due_at bigint, steps integer, variant text, used_answers text, ended_at bigint, end_reason text)
WHERE i.id = r.id AND i.workspace_id = r.workspace_id AND i.steps = r.before AND i.contact_id = r.contact_id AND i.version = r.version
RETURNING i.id;

-- name: journey-messages-insert-many
-- The messages of a batch of steps, queued, due now, naming the journey, version, node, variant and instance; held if
-- the journey is paused, as message-insert does.
INSERT INTO message (workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, due_at, created_at,
                     journey_key, journey_version, journey_node, journey_variant, journey_instance_id, when_blocked)
SELECT r.workspace_id, r.contact_id, r.channel, r.topic, r.purpose,
       CASE WHEN j.status = 'paused' THEN 'held' ELSE 'queued' END, CASE WHEN j.status = 'paused' THEN 'the journey is paused' END,
       r.recipient, r.content, r.now, r.now, r.journey_key, r.journey_version, r.journey_node, r.journey_variant, r.journey_instance_id,
       r.when_blocked
FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r(
    workspace_id integer, contact_id bigint, channel text, topic text, purpose text, recipient text, content text, now bigint,
    journey_key text, journey_version integer, journey_node text, journey_variant text, journey_instance_id bigint, when_blocked text)
LEFT JOIN journey_control j ON j.workspace_id = r.workspace_id AND j.key = r.journey_key;

-- name: journey-instances-of-contacts
-- The instances of the contacts of a batch of entries, newest first, read after their locks (journey-contacts-lock).
SELECT * FROM journey_instance WHERE workspace_id = @WorkspaceId AND contact_id = ANY(@Ids) ORDER BY id DESC;
