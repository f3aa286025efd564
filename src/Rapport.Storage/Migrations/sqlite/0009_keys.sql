-- API keys can be revoked (kept, with the time, opening nothing) and are told apart by the last four
-- characters of their secret. api_key_revision counts the revocations: every node that remembers keys reads
-- it on each call, so a revoked key stops working on all of them at once.
ALTER TABLE api_key ADD COLUMN hint TEXT;
ALTER TABLE api_key ADD COLUMN revoked_at INTEGER;

CREATE TABLE api_key_revision (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    revision  INTEGER NOT NULL
);
INSERT INTO api_key_revision (id, revision) VALUES (1, 0);
