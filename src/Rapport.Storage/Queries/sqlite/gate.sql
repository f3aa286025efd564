-- name: gate-lock
-- Not run on SQLite: its one write transaction at a time already decides a round and records it before any other
-- dispatcher reads. The same question without the lock, for the query book.
SELECT count(*) FROM contact WHERE id IN (SELECT value FROM json_each(@Ids));

-- name: gate-contacts
-- The contacts of a round at the gate, with their time zones; SQLite runs one write transaction at a time, so the round
-- is decided and recorded before any other dispatcher reads.
SELECT id, time_zone FROM contact WHERE id IN (SELECT value FROM json_each(@Ids)) AND +workspace_id = @WorkspaceId ORDER BY id;

-- name: gate-suppressions
-- Which of the addresses of a round (hashed, as suppression keeps them) are suppressed, and why.
SELECT kind, hash, reason FROM suppression WHERE workspace_id = @WorkspaceId AND hash IN (SELECT value FROM json_each(@Hashes));

-- name: gate-history
-- The messages let go to the contacts of a round since @Since (the longest rule's reach): those sending, sent or delivered.
SELECT id, contact_id, channel, topic, purpose, sent_at FROM message
WHERE workspace_id = @WorkspaceId AND contact_id IN (SELECT value FROM json_each(@Ids)) AND status IN ('sending', 'sent', 'delivered') AND sent_at >= @Since;
