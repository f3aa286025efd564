-- name: value-get
SELECT * FROM contact_value WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId;

-- name: value-delete-all
DELETE FROM contact_value WHERE workspace_id = @WorkspaceId;

-- name: value-groups
SELECT value_group, count(*) AS contacts FROM contact_value WHERE workspace_id = @WorkspaceId GROUP BY value_group ORDER BY value_group;

-- name: stage-get
SELECT stage, since FROM contact_stage WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId;

-- name: stage-history
SELECT contact_id, from_stage, to_stage, changed_at FROM stage_change
WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId ORDER BY changed_at, id;

-- name: stages-count
-- Contacts without a stored stage are suspects.
SELECT coalesce(s.stage, 'suspect') AS stage, count(*) AS contacts
FROM contact c LEFT JOIN contact_stage s ON s.workspace_id = c.workspace_id AND s.contact_id = c.id
WHERE c.workspace_id = @WorkspaceId
GROUP BY coalesce(s.stage, 'suspect');

-- name: stage-flows
SELECT from_stage, to_stage, count(*) AS contacts FROM stage_change
WHERE workspace_id = @WorkspaceId AND changed_at >= @From AND changed_at < @To
GROUP BY from_stage, to_stage ORDER BY from_stage, to_stage;

-- name: contact-delete-derived
-- What Rapport derived about a contact goes with it when it is deleted, erased or merged into another:
-- its value, stage, moves and segment stays (so no later refresh writes events about it), and its journeys
-- with their steps (a merge moves them to the survivor first: journey-instances-move). The caller has
-- taken the contact's row first (contact-lock).
DELETE FROM segment_membership WHERE workspace_id = @WorkspaceId AND contact_id = @Id;
DELETE FROM contact_value WHERE workspace_id = @WorkspaceId AND contact_id = @Id;
DELETE FROM contact_stage WHERE workspace_id = @WorkspaceId AND contact_id = @Id;
DELETE FROM stage_change WHERE workspace_id = @WorkspaceId AND contact_id = @Id;
DELETE FROM journey_step WHERE workspace_id = @WorkspaceId
  AND instance_id IN (SELECT id FROM journey_instance WHERE workspace_id = @WorkspaceId AND contact_id = @Id);
DELETE FROM journey_instance WHERE workspace_id = @WorkspaceId AND contact_id = @Id;
