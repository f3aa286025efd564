-- name: confirmation-since
-- The latest confirmation mail queued to this address of the contact since @Since: a signup within the period
-- mails nothing new, so a public form cannot be used to flood someone's inbox.
SELECT id FROM message
WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId AND purpose = 'confirmation' AND created_at > @Since
  AND lower(recipient) = lower(@Email)
ORDER BY id DESC LIMIT 1;
