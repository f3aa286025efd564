-- Customer value (Peppers & Rogers) and the ladder of loyalty. contact_value holds what the value refresh
-- computed from purchase events; contact_stage each contact's rung (none = suspect); stage_change every move.
CREATE TABLE contact_value (
    workspace_id         integer NOT NULL,
    contact_id           bigint NOT NULL,
    orders               integer NOT NULL,
    revenue              double precision NOT NULL,
    refunds              double precision NOT NULL,
    discounts            double precision NOT NULL,
    net_revenue          double precision NOT NULL,
    average_order_value  double precision NOT NULL,
    margin               double precision NOT NULL,
    cost_to_serve        double precision NOT NULL,
    value                double precision NOT NULL,
    first_order_at       bigint,
    last_order_at        bigint,
    recency_score        integer NOT NULL,
    frequency_score      integer NOT NULL,
    monetary_score       integer NOT NULL,
    value_group          text,
    computed_at          bigint NOT NULL,
    PRIMARY KEY (workspace_id, contact_id)
);

CREATE TABLE contact_stage (
    workspace_id  integer NOT NULL,
    contact_id    bigint NOT NULL,
    stage         text NOT NULL,
    since         bigint NOT NULL,
    PRIMARY KEY (workspace_id, contact_id)
);

CREATE TABLE stage_change (
    id            bigserial PRIMARY KEY,
    workspace_id  integer NOT NULL,
    contact_id    bigint NOT NULL,
    from_stage    text NOT NULL,
    to_stage      text NOT NULL,
    changed_at    bigint NOT NULL
);
CREATE INDEX stage_change_by_time ON stage_change (workspace_id, changed_at);
CREATE INDEX stage_change_by_contact ON stage_change (workspace_id, contact_id, changed_at);
