-- Segments: every version of every definition (as the JSON document it was given in), and membership
-- with the time each contact entered and left.
CREATE TABLE segment (
    workspace_id  integer NOT NULL REFERENCES workspace (id),
    key           text NOT NULL,
    version       integer NOT NULL,
    name          text NOT NULL,
    definition    text NOT NULL,
    deleted       boolean NOT NULL DEFAULT false,
    created_at    bigint NOT NULL,
    PRIMARY KEY (workspace_id, key, version)
);

CREATE TABLE segment_membership (
    workspace_id  integer NOT NULL,
    segment_key   text NOT NULL,
    contact_id    bigint NOT NULL,
    entered_at    bigint NOT NULL,
    exited_at     bigint,
    PRIMARY KEY (workspace_id, segment_key, contact_id, entered_at)
);
CREATE INDEX segment_membership_by_contact ON segment_membership (workspace_id, contact_id);
