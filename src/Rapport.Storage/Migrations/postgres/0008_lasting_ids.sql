-- Ids that a signed link, a message, the consent ledger or the audit log points at are never given to anyone else:
-- on PostgreSQL the identity columns only count up, so only the link nonce is new here.
--
-- Each contact's link nonce, carried by every signed link to them (a random number; see Contact.LinkNonce). The
-- volatile default fills every existing contact with its own, and any row written without one (a node not yet
-- upgraded) gets one too. Links made before it carry none: they stay good for the contacts that exist now.
ALTER TABLE contact ADD COLUMN link_nonce bigint NOT NULL DEFAULT (random() * 9e18)::bigint;
INSERT INTO setting (workspace_id, key, value)
SELECT 0, 'links.nonce-free-up-to', coalesce(max(id), 0)::text FROM contact;
