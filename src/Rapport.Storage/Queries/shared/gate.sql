-- name: message-let-go
-- The gate let the message go: it is sending, and counts toward the person's caps from now (sent_at); its lease stays,
-- so no other dispatcher takes it while its channel answers. A message ended meanwhile (its contact deleted) stays so.
UPDATE message SET status = 'sending', reason = NULL, sent_at = @Now
WHERE id = @Id AND status IN ('queued', 'deferred', 'sending');

-- name: message-hold
-- The gate held the message back: deferred until @DueAt, or suppressed for good, with the reason. A message ended
-- meanwhile (its contact deleted) stays so. A deferred e-mail is told on the timeline from what it returns.
UPDATE message SET status = @Status, reason = @Reason, sent_at = NULL, due_at = @DueAt, leased_until = 0
WHERE id = @Id AND status IN ('queued', 'deferred', 'sending')
RETURNING id, workspace_id, channel, topic, journey_key, journey_node,
          (SELECT c.id FROM contact c WHERE c.workspace_id = message.workspace_id AND c.id = message.contact_id) AS contact_id;

-- name: decision-insert
INSERT INTO message_decision (workspace_id, message_id, decision, deferred_until, reason, policy_version, at)
VALUES (@WorkspaceId, @MessageId, @Decision, @DeferredUntil, @Reason, @PolicyVersion, @At);

-- name: decisions-of-message
SELECT decision, deferred_until, reason, policy_version, at
FROM message_decision WHERE workspace_id = @WorkspaceId AND message_id = @MessageId ORDER BY id;
