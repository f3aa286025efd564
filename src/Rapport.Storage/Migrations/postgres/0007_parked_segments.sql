-- A segment whose evaluation keeps failing (say, a definition stored before validation refused it) is tried a few
-- times, then parked with its reason and left alone until a new version is saved: each version row keeps its record.
ALTER TABLE segment ADD COLUMN failures integer NOT NULL DEFAULT 0;
ALTER TABLE segment ADD COLUMN last_error text;
ALTER TABLE segment ADD COLUMN parked_at bigint;
