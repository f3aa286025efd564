-- Templates: every version of every template (the JSON document it was given as, with its channel); deleting one
-- stores a version that says so, and the versions before it stay, for the messages that were rendered from them.
CREATE TABLE template (
    workspace_id  integer NOT NULL REFERENCES workspace (id),
    key           text NOT NULL,
    version       integer NOT NULL,
    name          text NOT NULL,
    channel       text NOT NULL,
    document      text NOT NULL,
    deleted       boolean NOT NULL DEFAULT false,
    created_at    bigint NOT NULL,
    PRIMARY KEY (workspace_id, key, version)
);
