-- name: memberships-close
-- A deleted segment has no members left. Each leaver's row is share-locked, as in a refresh (see
-- MembershipStore): a contact deleted meanwhile gets no "Segment Exited" event after they are gone.
UPDATE segment_membership m SET exited_at = @Now WHERE m.workspace_id = @WorkspaceId AND m.segment_key = @Key AND m.exited_at IS NULL
AND EXISTS (SELECT 1 FROM contact c WHERE c.workspace_id = m.workspace_id AND c.id = m.contact_id FOR KEY SHARE)
RETURNING m.contact_id;
