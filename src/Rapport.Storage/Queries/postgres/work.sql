-- name: work-claim
-- Leases a queue's due items, oldest first; items another worker holds are skipped, not waited for.
UPDATE work_item SET lease = @Lease, leased_until = @Until, attempts = attempts + 1
WHERE id IN (SELECT id FROM work_item
             WHERE queue = @Queue AND status = 'waiting' AND due_at <= @Now AND leased_until <= @Now
             ORDER BY due_at, id LIMIT @Limit FOR UPDATE SKIP LOCKED)
RETURNING id, workspace_id, queue, kind, item, status, due_at, created_at, attempts, last_error, result;

-- name: work-delete-leased
-- Done: gone, unless another worker leased an item meanwhile (its lease ran out), who does it again.
DELETE FROM work_item WHERE id = ANY(@Ids) AND lease = @Lease;
