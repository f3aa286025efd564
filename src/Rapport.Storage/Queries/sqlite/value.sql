-- name: value-purchases
-- Purchase events of everyone, in the order they were stored.
SELECT contact_id, name, timestamp, properties FROM event
WHERE workspace_id = @WorkspaceId AND type = 'track' AND name IN ('Order Completed', 'Order Refunded')
ORDER BY id;

-- name: value-purchases-of
-- Purchase events of the listed contacts (found through their timelines), in the order they were stored.
SELECT contact_id, name, timestamp, properties FROM event
WHERE workspace_id = @WorkspaceId AND contact_id IN (SELECT value FROM json_each(@Contacts))
  AND type = 'track' AND name IN ('Order Completed', 'Order Refunded')
ORDER BY id;

-- name: value-delete-of
DELETE FROM contact_value WHERE workspace_id = @WorkspaceId AND contact_id IN (SELECT value FROM json_each(@Contacts));

-- name: value-insert-many
-- One row (SQLite runs it per row, prepared once; see BulkRows), unless the contact was deleted meanwhile.
INSERT INTO contact_value (workspace_id, contact_id, orders, revenue, refunds, discounts, net_revenue, average_order_value, margin,
                           cost_to_serve, value, first_order_at, last_order_at, recency_score, frequency_score, monetary_score,
                           value_group, computed_at)
SELECT @WorkspaceId, @ContactId, @Orders, @Revenue, @Refunds, @Discounts, @NetRevenue, @AverageOrderValue, @Margin,
       @CostToServe, @Value, @FirstOrderAt, @LastOrderAt, @RecencyScore, @FrequencyScore, @MonetaryScore, @ValueGroup, @ComputedAt
WHERE EXISTS (SELECT 1 FROM contact WHERE workspace_id = @WorkspaceId AND id = @ContactId);

-- name: stage-upsert-many
-- One row (SQLite runs it per row, prepared once; see BulkRows).
INSERT INTO contact_stage (workspace_id, contact_id, stage, since) VALUES (@WorkspaceId, @ContactId, @Stage, @Since)
ON CONFLICT (workspace_id, contact_id) DO UPDATE SET stage = excluded.stage, since = excluded.since;

-- name: stage-change-insert-many
-- One row (SQLite runs it per row, prepared once; see BulkRows).
INSERT INTO stage_change (workspace_id, contact_id, from_stage, to_stage, changed_at) VALUES (@WorkspaceId, @ContactId, @FromStage, @ToStage, @ChangedAt);
