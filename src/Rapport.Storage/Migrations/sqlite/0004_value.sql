-- Customer value (Peppers & Rogers) and the ladder of loyalty. contact_value holds what the value refresh
-- computed from purchase events; contact_stage each contact's rung (none = suspect); stage_change every move.
CREATE TABLE contact_value (
    workspace_id         INTEGER NOT NULL,
    contact_id           INTEGER NOT NULL,
    orders               INTEGER NOT NULL,
    revenue              REAL NOT NULL,
    refunds              REAL NOT NULL,
    discounts            REAL NOT NULL,
    net_revenue          REAL NOT NULL,
    average_order_value  REAL NOT NULL,
    margin               REAL NOT NULL,
    cost_to_serve        REAL NOT NULL,
    value                REAL NOT NULL,
    first_order_at       INTEGER,
    last_order_at        INTEGER,
    recency_score        INTEGER NOT NULL,
    frequency_score      INTEGER NOT NULL,
    monetary_score       INTEGER NOT NULL,
    value_group          TEXT,
    computed_at          INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, contact_id)
) WITHOUT ROWID;

CREATE TABLE contact_stage (
    workspace_id  INTEGER NOT NULL,
    contact_id    INTEGER NOT NULL,
    stage         TEXT NOT NULL,
    since         INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, contact_id)
) WITHOUT ROWID;

CREATE TABLE stage_change (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL,
    contact_id    INTEGER NOT NULL,
    from_stage    TEXT NOT NULL,
    to_stage      TEXT NOT NULL,
    changed_at    INTEGER NOT NULL
);
CREATE INDEX stage_change_by_time ON stage_change (workspace_id, changed_at);
CREATE INDEX stage_change_by_contact ON stage_change (workspace_id, contact_id, changed_at);
