-- name: gate-contacts
-- The contacts of a round at the gate, with their time zones, locked until the decisions on their messages are recorded:
-- a second dispatcher deciding for one of them waits, then reads the messages the first let go. NO KEY UPDATE leaves
-- ingest (which holds contacts FOR KEY SHARE) free; a deletion or merge (FOR UPDATE) waits. Locked in id order.
SELECT id, time_zone FROM contact WHERE workspace_id = @WorkspaceId AND id = ANY(@Ids) ORDER BY id FOR NO KEY UPDATE;

-- name: gate-suppressions
-- Which of the addresses of a round (hashed, as suppression keeps them) are suppressed, and why.
SELECT kind, hash, reason FROM suppression WHERE workspace_id = @WorkspaceId AND hash = ANY(@Hashes);

-- name: gate-history
-- The messages let go to the contacts of a round since @Since (the longest rule's reach): those sending, sent or delivered.
SELECT id, contact_id, channel, topic, purpose, sent_at FROM message
WHERE workspace_id = @WorkspaceId AND contact_id = ANY(@Ids) AND status IN ('sending', 'sent', 'delivered') AND sent_at >= @Since;
