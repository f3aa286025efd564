-- name: api-key-revision-lock
-- SQLite has one writer: revocations are made one after the other already.
SELECT revision FROM api_key_revision WHERE id = 1;
