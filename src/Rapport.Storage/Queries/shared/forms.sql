-- name: form-insert
INSERT INTO signup_form (id, workspace_id, name, topics, consent_text_key, created_at)
VALUES (@Id, @WorkspaceId, @Name, @Topics, @ConsentTextKey, @Now);

-- name: forms-list
SELECT id, workspace_id, name, topics, consent_text_key FROM signup_form WHERE workspace_id = @WorkspaceId ORDER BY created_at, id;

-- name: form-get
SELECT id, workspace_id, name, topics, consent_text_key FROM signup_form WHERE id = @Id;
