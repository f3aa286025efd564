-- name: message-insert
-- Queued, due now (a journey's messages are queued with its steps: journey-messages-insert-many).
INSERT INTO message (workspace_id, contact_id, channel, topic, purpose, status, recipient, content, due_at, created_at, when_blocked)
VALUES (@WorkspaceId, @ContactId, @Channel, @Topic, @Purpose, 'queued', @Recipient, @Content, @Now, @Now, 'wait')
RETURNING id;

-- name: message-mark
-- The channel's outcome; what the contact's timeline tells of it (Email Sent, Email Deferred) is written from what it
-- returns: contact_id only while the contact is there (one deleted or erased meanwhile gets no event).
UPDATE message SET status = @Status, reason = @Reason, sent_at = @SentAt, receipt = @Receipt, due_at = @DueAt, leased_until = 0,
                   rendered = COALESCE(@Rendered, rendered)
WHERE id = @Id
RETURNING id, workspace_id, channel, topic, journey_key, journey_node,
          (SELECT c.id FROM contact c WHERE c.workspace_id = message.workspace_id AND c.id = message.contact_id) AS contact_id;

-- name: message-abandon
-- A message let go whose outcome was never recorded (the server stopped while its channel had it), not sent again: it
-- ends failed with the reason, and keeps its sent_at (it may have reached the person).
UPDATE message SET status = 'failed', reason = @Reason, leased_until = 0
WHERE id = @Id AND status = 'sending';

-- name: messages-list
-- Support's list, newest first, paged by id; each filter is left out when null (message_by_contact serves a contact's).
SELECT id, workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, attempts, created_at, sent_at, when_blocked,
       journey_key, journey_node, due_at
FROM message
WHERE workspace_id = @WorkspaceId AND id < @Before
  AND (@ContactId IS NULL OR contact_id = @ContactId)
  AND (@Journey IS NULL OR journey_key = @Journey)
  AND (@Status IS NULL OR status = @Status)
ORDER BY id DESC LIMIT @Limit;

-- name: message-get
SELECT id, workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, attempts, created_at, sent_at, when_blocked,
       journey_key, journey_node, due_at, rendered
FROM message WHERE workspace_id = @WorkspaceId AND id = @Id;

-- name: messages-by-contact
SELECT id, workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, attempts, created_at, sent_at, when_blocked
FROM message WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId ORDER BY id;

-- name: messages-suppress-of-contact
-- The contact's messages not sent yet never will be: the contact was deleted or erased (@Reason says which).
UPDATE message SET status = 'suppressed', reason = @Reason, leased_until = 0
WHERE workspace_id = @WorkspaceId AND contact_id = @Id AND status IN ('queued', 'deferred', 'held');

-- name: emails-sent-since
-- The e-mails the relay took since a moment, in every workspace and from every server (the warm-up's daily cap); one
-- still sending is left out until its channel has answered. Read once a minute, and only while a warm-up has a cap.
SELECT count(*) FROM message WHERE channel = 'email' AND status IN ('sent', 'delivered', 'bounced') AND sent_at >= @Since;

-- name: message-report
-- What the recipient's server reported of a sent e-mail (delivered or bounced), once: a message reported on already,
-- or not sent, is left as it is and returns nothing. What it returns writes the event on the contact's timeline.
UPDATE message SET status = @Status, reason = COALESCE(@Reason, reason)
WHERE id = @Id AND status = 'sent' AND channel = 'email'
RETURNING id, workspace_id, channel, topic, journey_key, journey_node, recipient,
          (SELECT c.id FROM contact c WHERE c.workspace_id = message.workspace_id AND c.id = message.contact_id) AS contact_id;
