-- name: contact-get
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND id = @Id;

-- name: contacts-by-ids
-- Read to be changed (identify, alias, import): each row stays locked until the transaction ends, so two
-- writers changing one contact through different identifiers take turns instead of overwriting each other.
-- The lock leaves contacts-hold free (events keep coming in), and rows are locked in id order.
SELECT c.* FROM (SELECT id FROM unnest(CAST(@Values AS bigint[])) AS u(id) ORDER BY id) AS v
CROSS JOIN LATERAL (SELECT * FROM contact WHERE id = v.id AND workspace_id = @WorkspaceId FOR NO KEY UPDATE) AS c;

-- name: contacts-by-external-id
-- The matches are found first and sorted after (OFFSET 0 keeps them apart): never a walk through every contact
-- in id order in the hope of meeting them, which is what the planner picks when it thinks the workspace is empty.
SELECT * FROM (SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND external_id = @Value OFFSET 0) AS c ORDER BY id LIMIT 100;

-- name: contacts-by-email
SELECT * FROM (SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND lower(email) = lower(@Value) OFFSET 0) AS c ORDER BY id LIMIT 100;

-- name: contacts-by-phone
SELECT * FROM (SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND phone = @Value OFFSET 0) AS c ORDER BY id LIMIT 100;

-- name: contacts-search
SELECT * FROM contact
WHERE workspace_id = @WorkspaceId AND id > @After
  AND (CAST(@Prefix AS text) IS NULL OR external_id ILIKE @Prefix OR email ILIKE @Prefix
       OR phone ILIKE @Prefix)
ORDER BY id
LIMIT @Limit;

-- name: contact-delete
DELETE FROM contact WHERE workspace_id = @WorkspaceId AND id = @Id;

-- name: contact-delete-identities
DELETE FROM contact_identity WHERE workspace_id = @WorkspaceId AND contact_id = @Id;

-- name: contact-delete-events
DELETE FROM event WHERE workspace_id = @WorkspaceId AND contact_id = @Id;

-- name: user-id-owner
-- A user id belongs to the contact that has it as external id, or had it before (kind 'user').
SELECT id FROM contact WHERE workspace_id = @WorkspaceId AND external_id = @Value
UNION ALL
SELECT contact_id FROM contact_identity WHERE workspace_id = @WorkspaceId AND kind = 'user' AND value = @Value;

-- name: anonymous-ids-find
-- Each value is looked up on its own (LATERAL ... LIMIT): the plan stays an index probe per value even
-- while the table grows faster than its statistics (a fresh database being filled).
SELECT v.value, i.contact_id AS id, c.external_id
FROM unnest(CAST(@Values AS text[])) AS v(value)
CROSS JOIN LATERAL (SELECT contact_id FROM contact_identity
                    WHERE workspace_id = @WorkspaceId AND kind = 'anonymous' AND value = v.value LIMIT 1) AS i
CROSS JOIN LATERAL (SELECT external_id FROM contact WHERE id = i.contact_id) AS c;

-- name: user-ids-find
-- Each value is looked up on its own (LATERAL ... LIMIT): the plan stays an index probe per value even
-- while the table grows faster than its statistics (a fresh database being filled).
SELECT v.value, c.id, c.external_id
FROM unnest(CAST(@Values AS text[])) AS v(value)
CROSS JOIN LATERAL (SELECT id, external_id FROM contact WHERE workspace_id = @WorkspaceId AND external_id = v.value LIMIT 1) AS c
UNION ALL
SELECT v.value, i.contact_id, c.external_id
FROM unnest(CAST(@Values AS text[])) AS v(value)
CROSS JOIN LATERAL (SELECT contact_id FROM contact_identity
                    WHERE workspace_id = @WorkspaceId AND kind = 'user' AND value = v.value LIMIT 1) AS i
CROSS JOIN LATERAL (SELECT external_id FROM contact WHERE id = i.contact_id) AS c;

-- name: identities-move
UPDATE contact_identity SET contact_id = @SurvivorId WHERE workspace_id = @WorkspaceId AND contact_id = @AbsorbedId;

-- name: events-move
UPDATE event SET contact_id = @SurvivorId WHERE workspace_id = @WorkspaceId AND contact_id = @AbsorbedId;

-- name: merge-insert
INSERT INTO contact_merge (workspace_id, absorbed_id, survivor_id, message_id, absorbed, merged_at)
VALUES (@WorkspaceId, @AbsorbedId, @SurvivorId, @MessageId, CAST(@Absorbed AS jsonb), @Now);

-- name: contacts-by-emails
-- Each value is looked up on its own (LATERAL ... LIMIT): the plan stays an index probe per value even
-- while the table grows faster than its statistics (a fresh database being filled). The import changes
-- what it finds: the rows stay locked as in contacts-by-ids.
SELECT DISTINCT ON (c.id) c.* FROM unnest(CAST(@Values AS text[])) AS v(email)
CROSS JOIN LATERAL (SELECT * FROM (SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND lower(email) = v.email OFFSET 0 FOR NO KEY UPDATE) AS m ORDER BY id LIMIT 100) AS c
ORDER BY c.id;

-- name: contacts-by-phones
-- As contacts-by-emails.
SELECT DISTINCT ON (c.id) c.* FROM unnest(CAST(@Values AS text[])) AS v(phone)
CROSS JOIN LATERAL (SELECT * FROM (SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND phone = v.phone OFFSET 0 FOR NO KEY UPDATE) AS m ORDER BY id LIMIT 100) AS c
ORDER BY c.id;

-- name: contact-ids-next
-- Ids for @Count new contacts (see ContactIds).
SELECT nextval(pg_get_serial_sequence('contact', 'id')) FROM generate_series(1, @Count);

-- name: contacts-insert-many
COPY contact (id, workspace_id, external_id, email, phone, address_name, address_lines, postcode, city, region, country, locale, time_zone, traits, traits_at, created_at, updated_at, link_nonce) FROM STDIN (FORMAT csv)

-- name: contacts-update-many
UPDATE contact
SET external_id = r.external_id, email = r.email, phone = r.phone, address_name = r.address_name,
    address_lines = r.address_lines, postcode = r.postcode, city = r.city, region = r.region, country = r.country,
    locale = r.locale, time_zone = r.time_zone, traits = CAST(r.traits AS jsonb), traits_at = r.traits_at,
    updated_at = r.updated_at
FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r(
    id bigint, workspace_id integer, external_id text, email text, phone text, address_name text, address_lines text,
    postcode text, city text, region text, country text, locale text, time_zone text, traits text, traits_at bigint,
    updated_at bigint)
WHERE contact.id = r.id AND contact.workspace_id = r.workspace_id;

-- name: contact-traits-update-many
-- For profiles whose other fields stay as they are.
UPDATE contact SET traits = CAST(r.traits AS jsonb), traits_at = r.traits_at, updated_at = r.updated_at
FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r(id bigint, workspace_id integer, traits text, traits_at bigint, updated_at bigint)
WHERE contact.id = r.id AND contact.workspace_id = r.workspace_id;

-- name: identities-insert-many
INSERT INTO contact_identity (workspace_id, kind, value, contact_id, created_at)
SELECT workspace_id, kind, value, contact_id, created_at
FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r(workspace_id integer, kind text, value text, contact_id bigint, created_at bigint)
ON CONFLICT (workspace_id, kind, value) DO NOTHING;

-- name: identities-lock
-- Transactions that resolve the same identifiers (userId, anonymousId, externalId) run one after the
-- other; locks are taken in one order, so two batches cannot deadlock on them.
SELECT count(pg_advisory_xact_lock(k))
FROM (SELECT DISTINCT hashtextextended(@WorkspaceId || ':' || v, 0) AS k FROM unnest(CAST(@Keys AS text[])) AS v ORDER BY 1) AS keys;

-- name: contact-lock
-- Taken before a contact is merged away, erased or deleted, ahead of moving or deleting what is theirs: a
-- writer attaching events, identities or a value to them (contacts-hold, value-insert-many) finishes
-- first and its rows are moved or deleted here, or comes later and finds the contact gone.
SELECT id FROM contact WHERE workspace_id = @WorkspaceId AND id = @Id FOR UPDATE;

-- name: contacts-hold
-- The contacts an ingest batch attaches events, identities or traits to, share-locked until it commits
-- (see contact-lock); those merged or deleted meanwhile are missing from the answer.
SELECT id FROM contact WHERE workspace_id = @WorkspaceId AND id = ANY(@Ids) ORDER BY id FOR KEY SHARE;
