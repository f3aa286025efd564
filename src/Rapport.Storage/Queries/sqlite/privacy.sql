-- name: erase-dead-letters
-- Refused messages that mention the person (by any of their identifiers) go too.
DELETE FROM dead_letter WHERE workspace_id = @WorkspaceId AND instr(payload, @Value) > 0;
