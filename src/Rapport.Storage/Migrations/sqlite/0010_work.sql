-- Background work, recorded in the transaction of the change that causes it (Rapport.Core.Work.WorkItem). A queue's
-- worker leases due items (lease, leased_until), does them and deletes them; an item that keeps failing is parked
-- (status 'failed') with its reason. An item that answers a caller is kept 'done' with its result for a day.
-- Scheduled work (the full refresh) has no workspace and waits at most once per queue and kind.
CREATE TABLE work_item (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id  INTEGER,
    queue         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    item          TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'waiting',
    due_at        INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    lease         INTEGER NOT NULL DEFAULT 0,
    leased_until  INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    result        TEXT,
    done_at       INTEGER
);
CREATE INDEX work_item_due ON work_item (queue, due_at, id) WHERE status = 'waiting';
CREATE INDEX work_item_by_status ON work_item (workspace_id, status, id);
CREATE UNIQUE INDEX work_item_scheduled ON work_item (queue, kind) WHERE status = 'waiting' AND workspace_id IS NULL;
