-- Journeys: every version of every definition (the JSON document it was given as) and each journey's status; the
-- instances (one contact's run through one version: where it stands, when it is due, its lease) and the steps each
-- took, numbered, so that a step written twice is refused; and the journey step that requested each message.
CREATE TABLE journey (
    workspace_id  integer NOT NULL REFERENCES workspace (id),
    key           text NOT NULL,
    version       integer NOT NULL,
    name          text NOT NULL,
    document      text NOT NULL,
    created_at    bigint NOT NULL,
    PRIMARY KEY (workspace_id, key, version)
);

-- One row per journey, whatever its versions: 'draft', 'active', 'paused' or 'stopped'.
CREATE TABLE journey_control (
    workspace_id  integer NOT NULL,
    key           text NOT NULL,
    status        text NOT NULL,
    changed_at    bigint NOT NULL,
    PRIMARY KEY (workspace_id, key)
);

-- trigger: the event that entered the contact (JSON, NULL: entered by the API); used_answers: a JSON array of the
-- message ids of the events already taken as answers. steps counts the rows of journey_step.
CREATE TABLE journey_instance (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id  integer NOT NULL,
    journey_key   text NOT NULL,
    version       integer NOT NULL,
    contact_id    bigint NOT NULL,
    status        text NOT NULL,
    node          text NOT NULL,
    node_since    bigint NOT NULL,
    due_at        bigint,
    entered_at    bigint NOT NULL,
    steps         integer NOT NULL,
    variant       text,
    trigger       text,
    used_answers  text NOT NULL DEFAULT '[]',
    ended_at      bigint,
    end_reason    text,
    leased_until  bigint NOT NULL DEFAULT 0
);
-- Never two active instances of one journey for one contact.
CREATE UNIQUE INDEX journey_instance_active ON journey_instance (workspace_id, journey_key, contact_id) WHERE status = 'active';
CREATE INDEX journey_instance_due ON journey_instance (due_at) WHERE status = 'active' AND due_at IS NOT NULL;
CREATE INDEX journey_instance_by_contact ON journey_instance (workspace_id, contact_id);
-- A journey's instances by status (its counts, its active instances in id order).
CREATE INDEX journey_instance_by_journey ON journey_instance (workspace_id, journey_key, status, id);

CREATE TABLE journey_step (
    workspace_id  integer NOT NULL,
    instance_id   bigint NOT NULL,
    step_no       integer NOT NULL,
    node          text NOT NULL,
    kind          text NOT NULL,
    edge          text,
    why           text NOT NULL,
    at            bigint NOT NULL,
    PRIMARY KEY (instance_id, step_no)
);

ALTER TABLE message ADD COLUMN journey_key text, ADD COLUMN journey_version integer, ADD COLUMN journey_node text,
    ADD COLUMN journey_variant text, ADD COLUMN journey_instance_id bigint;
CREATE INDEX message_by_journey_instance ON message (journey_instance_id) WHERE journey_instance_id IS NOT NULL;
