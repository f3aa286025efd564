-- The e-mail as it went to the person (subject and bodies as rendered for them, JSON compressed with Brotli), kept for
-- support: recorded with the channel's answer; NULL for a message never composed.
ALTER TABLE message ADD COLUMN rendered blob;
