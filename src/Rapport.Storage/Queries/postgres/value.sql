-- name: value-purchases
-- Purchase events of everyone, in the order they were stored.
SELECT contact_id, name, timestamp, properties::text AS properties FROM event
WHERE workspace_id = @WorkspaceId AND type = 'track' AND name IN ('Order Completed', 'Order Refunded')
ORDER BY id;

-- name: value-purchases-of
-- Purchase events of the listed contacts (found through their timelines), in the order they were stored.
SELECT contact_id, name, timestamp, properties::text AS properties FROM event
WHERE workspace_id = @WorkspaceId AND contact_id = ANY(@Contacts)
  AND type = 'track' AND name IN ('Order Completed', 'Order Refunded')
ORDER BY id;

-- name: value-delete-of
DELETE FROM contact_value WHERE workspace_id = @WorkspaceId AND contact_id = ANY(@Contacts);

-- name: value-insert-many
-- Unless the contact was deleted meanwhile: its row is share-locked, so a delete in flight is waited for
-- (see contact-lock).
INSERT INTO contact_value (workspace_id, contact_id, orders, revenue, refunds, discounts, net_revenue, average_order_value, margin,
                           cost_to_serve, value, first_order_at, last_order_at, recency_score, frequency_score, monetary_score,
                           value_group, computed_at)
SELECT r.* FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r(
    workspace_id integer, contact_id bigint, orders integer, revenue double precision, refunds double precision,
    discounts double precision, net_revenue double precision, average_order_value double precision, margin double precision,
    cost_to_serve double precision, value double precision, first_order_at bigint, last_order_at bigint, recency_score integer,
    frequency_score integer, monetary_score integer, value_group text, computed_at bigint)
WHERE EXISTS (SELECT 1 FROM contact c WHERE c.workspace_id = r.workspace_id AND c.id = r.contact_id FOR KEY SHARE);

-- name: stage-upsert-many
INSERT INTO contact_stage (workspace_id, contact_id, stage, since)
SELECT workspace_id, contact_id, stage, since FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r(workspace_id integer, contact_id bigint, stage text, since bigint)
ON CONFLICT (workspace_id, contact_id) DO UPDATE SET stage = excluded.stage, since = excluded.since;

-- name: stage-change-insert-many
INSERT INTO stage_change (workspace_id, contact_id, from_stage, to_stage, changed_at)
SELECT workspace_id, contact_id, from_stage, to_stage, changed_at
FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r(workspace_id integer, contact_id bigint, from_stage text, to_stage text, changed_at bigint);
