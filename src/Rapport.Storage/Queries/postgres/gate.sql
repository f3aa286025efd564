-- name: gate-lock
-- One dispatcher at a time decides for a person: a transaction-scoped advisory lock per contact of the round, taken in
-- one order (so two rounds cannot deadlock), held until the decisions are recorded. A second dispatcher deciding for
-- one of them waits, then reads the messages the first let go. Advisory, not a row lock: ingest, journeys, deletions
-- and merges, which lock contact rows, are not held up by the dispatcher, nor it by them.
SELECT count(pg_advisory_xact_lock(k))
FROM (SELECT DISTINCT hashtextextended('gate:' || id, 0) AS k FROM unnest(CAST(@Ids AS bigint[])) AS id ORDER BY 1) AS keys;

-- name: gate-contacts
-- The contacts of a round at the gate, with their time zones (read after gate-lock).
SELECT id, time_zone FROM contact WHERE workspace_id = @WorkspaceId AND id = ANY(@Ids);

-- name: gate-suppressions
-- Which of the addresses of a round (hashed, as suppression keeps them) are suppressed, and why.
SELECT kind, hash, reason FROM suppression WHERE workspace_id = @WorkspaceId AND hash = ANY(@Hashes);

-- name: gate-history
-- The messages let go to the contacts of a round since @Since (the longest rule's reach): those sending, sent or delivered.
SELECT id, contact_id, channel, topic, purpose, sent_at FROM message
WHERE workspace_id = @WorkspaceId AND contact_id = ANY(@Ids) AND status IN ('sending', 'sent', 'delivered') AND sent_at >= @Since;
