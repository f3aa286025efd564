-- name: messages-lease
-- Claims due messages for a while; a crashed worker's claim runs out and another takes them (a message it was sending,
-- whose channel never answered, too: the dispatcher sends it again or ends it, by Rapport:Outbox:ResendAfterCrash).
UPDATE message SET leased_until = @Until, attempts = attempts + 1
WHERE id IN (SELECT id FROM message
             WHERE status IN ('queued', 'deferred', 'sending') AND due_at <= @Now AND leased_until <= @Now
             ORDER BY due_at, id LIMIT @Max FOR UPDATE SKIP LOCKED)
RETURNING id, workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, attempts, created_at, sent_at, when_blocked;
