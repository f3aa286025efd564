-- name: journey-insert
-- The next version of a journey; two saves at once on PostgreSQL collide on the key and the second runs again.
INSERT INTO journey (workspace_id, key, version, name, document, created_at)
SELECT @WorkspaceId, @Key, coalesce(max(version), 0) + 1, @Name, @Document, @Now
FROM journey WHERE workspace_id = @WorkspaceId AND key = @Key
RETURNING version;

-- name: journey-control-create
-- A new journey is a draft; a new version leaves the status as it is.
INSERT INTO journey_control (workspace_id, key, status, changed_at) VALUES (@WorkspaceId, @Key, 'draft', @Now)
ON CONFLICT (workspace_id, key) DO NOTHING;

-- name: journey-get
-- A version of a journey (@Newest: the newest one), with the journey's status.
SELECT j.key, j.version, j.name, j.document, j.created_at, c.status, c.changed_at, c.schedule_checked_at
FROM journey j JOIN journey_control c ON c.workspace_id = j.workspace_id AND c.key = j.key
WHERE j.workspace_id = @WorkspaceId AND j.key = @Key AND (@Newest OR j.version = @Version)
ORDER BY j.version DESC
LIMIT 1;

-- name: journeys-list
-- The newest version of each journey.
SELECT j.key, j.version, j.name, j.document, j.created_at, c.status, c.changed_at, c.schedule_checked_at
FROM journey j JOIN journey_control c ON c.workspace_id = j.workspace_id AND c.key = j.key
WHERE j.workspace_id = @WorkspaceId
  AND j.version = (SELECT max(v.version) FROM journey v WHERE v.workspace_id = j.workspace_id AND v.key = j.key)
ORDER BY j.key;

-- name: journey-status-set
UPDATE journey_control SET status = @Status, changed_at = @Now WHERE workspace_id = @WorkspaceId AND key = @Key;

-- name: journey-status-get
SELECT status FROM journey_control WHERE workspace_id = @WorkspaceId AND key = @Key;

-- name: journey-messages-hold
-- A journey paused: its messages not yet let go wait, held, until it is resumed.
UPDATE message SET status = 'held', reason = 'the journey is paused'
WHERE workspace_id = @WorkspaceId AND journey_key = @Key AND status IN ('queued', 'deferred');

-- name: journey-messages-release
-- A journey resumed: its held messages go again, each when it was due (those due while it was paused at once, in order).
UPDATE message SET status = 'queued', reason = NULL
WHERE workspace_id = @WorkspaceId AND journey_key = @Key AND status = 'held';

-- name: journey-messages-end
-- A journey stopped: none of its messages not yet let go leaves.
UPDATE message SET status = 'suppressed', reason = 'the journey was stopped'
WHERE workspace_id = @WorkspaceId AND journey_key = @Key AND status IN ('queued', 'deferred', 'held');

-- name: journey-schedule-checked
UPDATE journey_control SET schedule_checked_at = @At WHERE workspace_id = @WorkspaceId AND key = @Key;

-- name: journey-instance-insert
-- Nothing (no id) when the contact is already active in the journey: the unique index journey_instance_active
-- decides, also between two entries at once.
INSERT INTO journey_instance (workspace_id, journey_key, version, contact_id, status, node, node_since, due_at, entered_at, steps,
                              variant, trigger, used_answers, ended_at, end_reason)
VALUES (@WorkspaceId, @JourneyKey, @Version, @ContactId, @Status, @Node, @NodeSince, @DueAt, @EnteredAt, @Steps,
        @Variant, @Trigger, @UsedAnswers, @EndedAt, @EndReason)
ON CONFLICT (workspace_id, journey_key, contact_id) WHERE status = 'active' DO NOTHING
RETURNING id;

-- name: journey-instance-append
-- A record from outside a step (a webhook given up) takes the next number: the count moves on in the same statement,
-- so a step taken meanwhile from the old count (journey-instance-step) finds no row and is taken again.
UPDATE journey_instance SET steps = steps + 1
WHERE workspace_id = @WorkspaceId AND id = @Id AND contact_id = @ContactId
RETURNING steps;

-- name: journey-instance-get
SELECT * FROM journey_instance WHERE workspace_id = @WorkspaceId AND id = @Id;

-- name: journey-instances-of-contact
-- Newest first; @ActiveOnly: only those on their way.
SELECT * FROM journey_instance
WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId AND (NOT @ActiveOnly OR status = 'active')
ORDER BY id DESC;

-- name: journey-instances-to-version
-- Saving a version that moves the waiting people: those at a node the new version also has go on from there on it,
-- and look again at once (the new version may wait another length of time there).
UPDATE journey_instance SET version = @Version, due_at = @Now
WHERE workspace_id = @WorkspaceId AND journey_key = @Key AND status = 'active' AND version <> @Version AND node = @Node;

-- name: journey-instances-active
SELECT * FROM journey_instance
WHERE workspace_id = @WorkspaceId AND journey_key = @Key AND status = 'active' AND id > @After
ORDER BY id
LIMIT @Limit;

-- name: journey-instances-move
-- A contact merged into another takes their journeys along. An instance of a journey the survivor is already on
-- ends (two would write twice); the steps follow their instance.
UPDATE journey_instance SET status = 'exited', due_at = NULL, ended_at = @Now, end_reason = 'merged into a contact already on the journey'
WHERE workspace_id = @WorkspaceId AND contact_id = @AbsorbedId AND status = 'active'
  AND journey_key IN (SELECT s.journey_key FROM journey_instance s
                      WHERE s.workspace_id = @WorkspaceId AND s.contact_id = @SurvivorId AND s.status = 'active');
UPDATE journey_instance SET contact_id = @SurvivorId WHERE workspace_id = @WorkspaceId AND contact_id = @AbsorbedId;

-- name: journey-steps
SELECT node, kind, edge, why, at FROM journey_step WHERE workspace_id = @WorkspaceId AND instance_id = @InstanceId ORDER BY step_no;

-- name: journey-sent
-- The messages an instance requested, by the node that requested them.
SELECT journey_node, id FROM message WHERE workspace_id = @WorkspaceId AND journey_instance_id = @InstanceId ORDER BY id;

-- name: journey-counts-waiting
SELECT node, count(*) FROM journey_instance
WHERE workspace_id = @WorkspaceId AND journey_key = @Key AND status = 'active'
GROUP BY node;

-- name: journey-counts-passed
-- How many left each node by each edge, in every version.
SELECT s.node, s.edge, count(*) FROM journey_instance i
JOIN journey_step s ON s.instance_id = i.id AND s.workspace_id = i.workspace_id
WHERE i.workspace_id = @WorkspaceId AND i.journey_key = @Key AND s.edge IS NOT NULL
GROUP BY s.node, s.edge;

-- name: journey-counts-status
SELECT status, count(*) FROM journey_instance WHERE workspace_id = @WorkspaceId AND journey_key = @Key GROUP BY status;

-- name: journey-events-since
-- A contact's tracked events from @Since on (their timeline's index), as a journey reads them.
SELECT message_id, name, timestamp, CAST(properties AS text) AS properties FROM event
WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId AND timestamp >= @Since AND type = 'track' AND name IS NOT NULL
ORDER BY timestamp, id
LIMIT @Limit;
