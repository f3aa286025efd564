-- name: messages-lease
-- Claims due messages for a while; a crashed worker's claim runs out and another takes them (a message it was sending,
-- whose channel never answered, too: the dispatcher sends it again or ends it, by Rapport:Outbox:ResendAfterCrash).
UPDATE message SET leased_until = @Until, attempts = attempts + 1
WHERE id IN (SELECT id FROM message
             WHERE status IN ('queued', 'deferred', 'sending') AND due_at <= @Now AND leased_until <= @Now
             ORDER BY due_at, id LIMIT @Max FOR UPDATE SKIP LOCKED)
RETURNING id, workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, attempts, created_at, sent_at, when_blocked;

-- name: message-insert
-- Queued, due now; a message a journey requested names the journey, version, node, variant and instance, and what the
-- gate does when the contact policy holds it back (when_blocked). One its journey paused meanwhile is held with the others:
-- the journey's row is read FOR SHARE, so a pause committing meanwhile waits for this message and holds it too.
INSERT INTO message (workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, due_at, created_at,
                     journey_key, journey_version, journey_node, journey_variant, journey_instance_id, when_blocked)
SELECT @WorkspaceId, @ContactId, @Channel, @Topic, @Purpose,
       CASE WHEN j.status = 'paused' THEN 'held' ELSE 'queued' END, CASE WHEN j.status = 'paused' THEN 'the journey is paused' END,
       @Recipient, @Content, @Now, @Now, @JourneyKey, @JourneyVersion, @JourneyNode, @JourneyVariant, @JourneyInstanceId, @WhenBlocked
FROM (SELECT 1) one
LEFT JOIN LATERAL (SELECT c.status FROM journey_control c WHERE c.workspace_id = @WorkspaceId AND c.key = @JourneyKey FOR SHARE) j ON true
RETURNING id;
