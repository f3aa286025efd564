-- name: identities-by-contact
SELECT kind, value FROM contact_identity WHERE workspace_id = @WorkspaceId AND contact_id = @Id ORDER BY kind, value;

-- name: erase-merges
DELETE FROM contact_merge WHERE workspace_id = @WorkspaceId AND (survivor_id = @Id OR absorbed_id = @Id);

-- name: erase-subscriptions
DELETE FROM subscription WHERE workspace_id = @WorkspaceId AND contact_id = @Id;

-- name: erase-messages
UPDATE message SET contact_id = @Pseudonym, recipient = NULL, content = '{}', receipt = NULL
WHERE workspace_id = @WorkspaceId AND contact_id = @Id;

-- name: erase-consent-evidence
UPDATE consent_record SET contact_id = @Pseudonym, ip = NULL, user_agent = NULL, note = NULL, reason = NULL
WHERE workspace_id = @WorkspaceId AND contact_id = @Id;

-- name: audit-insert
INSERT INTO audit_log (workspace_id, actor, action, contact_id, detail, at)
VALUES (@WorkspaceId, @Actor, @Action, @ContactId, @Detail, @Now);

-- name: audit-list
SELECT id, actor, action, contact_id, detail, at FROM audit_log
WHERE workspace_id = @WorkspaceId AND id > @After ORDER BY id LIMIT @Limit;
