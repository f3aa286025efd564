-- Broadcasts and profile dates enter people when their time comes: the journeys worker looks each minute for the
-- times that passed since it last looked (schedule_checked_at, Unix ms; NULL: never, so since the journey's status changed).
ALTER TABLE journey_control ADD COLUMN schedule_checked_at bigint;
