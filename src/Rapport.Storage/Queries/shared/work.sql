-- name: work-insert
INSERT INTO work_item (workspace_id, queue, kind, item, due_at, created_at)
VALUES (@WorkspaceId, @Queue, @Kind, @Item, @DueAt, @Now)
RETURNING id;

-- name: work-schedule
-- Scheduled work waits at most once per queue and kind (the unique index work_item_scheduled guards it too).
INSERT INTO work_item (workspace_id, queue, kind, item, due_at, created_at)
SELECT NULL, @Queue, @Kind, @Item, @DueAt, @Now
WHERE NOT EXISTS (SELECT 1 FROM work_item WHERE queue = @Queue AND kind = @Kind AND status = 'waiting' AND workspace_id IS NULL);

-- name: work-answer
UPDATE work_item SET status = 'done', result = @Result, done_at = @Now, leased_until = 0 WHERE id = @Id AND lease = @Lease;

-- name: work-forget-answers
DELETE FROM work_item WHERE status = 'done' AND done_at < @Before;

-- name: work-fail
UPDATE work_item SET status = @Status, last_error = @Reason, due_at = @DueAt, leased_until = 0 WHERE id = @Id AND lease = @Lease;

-- name: work-get
SELECT id, workspace_id, queue, kind, item, status, due_at, created_at, attempts, last_error, result FROM work_item WHERE id = @Id;

-- name: work-list
SELECT id, workspace_id, queue, kind, item, status, due_at, created_at, attempts, last_error, result
FROM work_item WHERE workspace_id = @WorkspaceId AND status = @Status AND id < @Before ORDER BY id DESC LIMIT @Limit;

-- name: work-retry
UPDATE work_item SET status = 'waiting', attempts = 0, due_at = @Now, leased_until = 0
WHERE id = @Id AND workspace_id = @WorkspaceId AND status = 'failed'
RETURNING queue;

-- name: work-backlog
SELECT queue, sum(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END) AS waiting, sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,
       min(CASE WHEN status = 'waiting' AND due_at <= @Now THEN due_at END) AS oldest_due
FROM work_item WHERE status IN ('waiting', 'failed') GROUP BY queue ORDER BY queue;
