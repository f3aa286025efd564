-- Background work, recorded in the transaction of the change that causes it (Rapport.Core.Work.WorkItem). A queue's
-- worker leases due items (lease, leased_until), does them and deletes them; an item that keeps failing is parked
-- (status 'failed') with its reason. An item that answers a caller is kept 'done' with its result for a day.
-- Scheduled work (the full refresh) has no workspace and waits at most once per queue and kind.
CREATE TABLE work_item (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id  integer,
    queue         text NOT NULL,
    kind          text NOT NULL,
    item          text NOT NULL,
    status        text NOT NULL DEFAULT 'waiting',
    due_at        bigint NOT NULL,
    created_at    bigint NOT NULL,
    attempts      integer NOT NULL DEFAULT 0,
    lease         bigint NOT NULL DEFAULT 0,
    leased_until  bigint NOT NULL DEFAULT 0,
    last_error    text,
    result        text,
    done_at       bigint
);
CREATE INDEX work_item_due ON work_item (queue, due_at, id) WHERE status = 'waiting';
CREATE INDEX work_item_by_status ON work_item (workspace_id, status, id);
CREATE UNIQUE INDEX work_item_scheduled ON work_item (queue, kind) WHERE status = 'waiting' AND workspace_id IS NULL;
