-- A journey's messages, found by their journey: to hold them while it is paused, let them go when it is resumed, end
-- them when it is stopped, and list them for support.
CREATE INDEX message_by_journey ON message (workspace_id, journey_key, status) WHERE journey_key IS NOT NULL;
