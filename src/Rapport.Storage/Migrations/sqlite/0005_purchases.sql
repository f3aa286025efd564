-- The purchase events of each contact, for re-rating buyers as they buy (value-purchases-of) without
-- reading every other event they sent. Partial: only these events pay for the index.
CREATE INDEX event_purchases ON event (workspace_id, contact_id, id)
    WHERE type = 'track' AND name IN ('Order Completed', 'Order Refunded');
