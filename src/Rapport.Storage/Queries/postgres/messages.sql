-- name: messages-lease
-- Claims due messages for a while; a crashed worker's claim runs out and another takes them (a message it was sending,
-- whose channel never answered, too: the dispatcher sends it again or ends it, by Rapport:Outbox:ResendAfterCrash).
-- Nothing not yet let go of a paused or stopped journey: its messages are held or ended, and one queued as it was
-- paused waits too.
UPDATE message SET leased_until = @Until, attempts = attempts + 1
WHERE id IN (SELECT id FROM message
             WHERE status IN ('queued', 'deferred', 'sending') AND due_at <= @Now AND leased_until <= @Now
               AND (status = 'sending' OR NOT EXISTS (SELECT 1 FROM journey_control j WHERE j.workspace_id = message.workspace_id
                                                          AND j.key = message.journey_key AND j.status IN ('paused', 'stopped')))
             ORDER BY due_at, id LIMIT @Max FOR UPDATE SKIP LOCKED)
RETURNING id, workspace_id, contact_id, channel, topic, purpose, status, reason, recipient, content, attempts, created_at, sent_at, when_blocked;
