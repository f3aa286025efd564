-- The contact gate: the workspace's contact policy in versions (the document as the gate reads it, every field written;
-- no row: the default policy), what a journey's send node chose when the gate holds a message back (when_blocked: wait
-- or skip; a message queued by anything else waits), and every decision the gate took on a message, in order, for the
-- people who support the customers to read. A message the gate let go is 'sending' until its channel answers, and counts
-- toward the caps from the moment it was let go (sent_at).
CREATE TABLE contact_policy (
    workspace_id  integer NOT NULL REFERENCES workspace (id),
    version       integer NOT NULL,
    document      text NOT NULL,
    created_at    bigint NOT NULL,
    PRIMARY KEY (workspace_id, version)
);

ALTER TABLE message ADD COLUMN when_blocked text NOT NULL DEFAULT 'wait';

CREATE TABLE message_decision (
    id              integer PRIMARY KEY,
    workspace_id    integer NOT NULL,
    message_id      bigint NOT NULL,
    decision        text NOT NULL,
    deferred_until  bigint,
    reason          text,
    policy_version  integer,
    at              bigint NOT NULL
);
CREATE INDEX message_decision_by_message ON message_decision (message_id, id);

-- The messages that count toward a person's caps, found by person and the moment they were let go.
CREATE INDEX message_counted ON message (workspace_id, contact_id, sent_at) WHERE status IN ('sending', 'sent', 'delivered');
