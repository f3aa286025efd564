-- name: api-key-revision-lock
-- Revocations are made one after the other, so two of them cannot revoke a workspace's last two admin keys at once.
SELECT revision FROM api_key_revision WHERE id = 1 FOR UPDATE;
