-- name: message-insert
INSERT INTO message (workspace_id, contact_id, channel, topic, purpose, status, recipient, content, due_at, created_at)
VALUES (@WorkspaceId, @ContactId, @Channel, @Topic, @Purpose, 'queued', @Recipient, @Content, @Now, @Now)
RETURNING id;

-- name: messages-lease
-- Claims due messages for a while; a crashed worker's claim runs out and another takes them.
UPDATE message SET leased_until = @Until, attempts = attempts + 1
WHERE id IN (SELECT id FROM message
             WHERE status IN ('queued', 'deferred') AND due_at <= @Now AND leased_until <= @Now
             ORDER BY due_at, id LIMIT @Max FOR UPDATE SKIP LOCKED)
RETURNING id, workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, attempts, created_at, sent_at;

-- name: message-mark
UPDATE message SET status = @Status, reason = @Reason, sent_at = @SentAt, receipt = @Receipt, due_at = @DueAt, leased_until = 0
WHERE id = @Id;

-- name: messages-by-contact
SELECT id, workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, attempts, created_at, sent_at
FROM message WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId ORDER BY id;
