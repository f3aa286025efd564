-- name: message-insert
-- Queued, due now; a message a journey requested names the journey, version, node, variant and instance, and what the
-- gate does when the contact policy holds it back (when_blocked).
INSERT INTO message (workspace_id, contact_id, channel, topic, purpose, status, recipient, content, due_at, created_at,
                     journey_key, journey_version, journey_node, journey_variant, journey_instance_id, when_blocked)
VALUES (@WorkspaceId, @ContactId, @Channel, @Topic, @Purpose, 'queued', @Recipient, @Content, @Now, @Now,
        @JourneyKey, @JourneyVersion, @JourneyNode, @JourneyVariant, @JourneyInstanceId, @WhenBlocked)
RETURNING id;

-- name: message-mark
UPDATE message SET status = @Status, reason = @Reason, sent_at = @SentAt, receipt = @Receipt, due_at = @DueAt, leased_until = 0
WHERE id = @Id;

-- name: messages-by-contact
SELECT id, workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, attempts, created_at, sent_at, when_blocked
FROM message WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId ORDER BY id;

-- name: messages-suppress-of-contact
-- The contact's messages not sent yet never will be: the contact was deleted or erased (@Reason says which).
UPDATE message SET status = 'suppressed', reason = @Reason, leased_until = 0
WHERE workspace_id = @WorkspaceId AND contact_id = @Id AND status IN ('queued', 'deferred');
