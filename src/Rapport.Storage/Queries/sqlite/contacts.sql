-- name: contact-insert
INSERT INTO contact (workspace_id, external_id, email, phone, address_name, address_lines, postcode, city, region,
                     country, locale, time_zone, traits, traits_at, created_at, updated_at)
VALUES (@WorkspaceId, @ExternalId, @Email, @Phone, @AddressName, @AddressLines, @Postcode, @City, @Region,
        @Country, @Locale, @TimeZone, @Traits, @TraitsAt, @CreatedAt, @UpdatedAt)
RETURNING id;

-- name: contact-update
UPDATE contact
SET external_id = @ExternalId, email = @Email, phone = @Phone, address_name = @AddressName,
    address_lines = @AddressLines, postcode = @Postcode, city = @City, region = @Region, country = @Country,
    locale = @Locale, time_zone = @TimeZone, traits = @Traits, traits_at = @TraitsAt, updated_at = @UpdatedAt
WHERE workspace_id = @WorkspaceId AND id = @Id;

-- name: contact-get
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND id = @Id;

-- name: contacts-by-ids
-- "+workspace_id": look up by id; the workspace is only checked (else SQLite may scan a workspace index).
SELECT * FROM contact WHERE id IN (SELECT value FROM json_each(@Ids)) AND +workspace_id = @WorkspaceId;

-- name: contacts-by-external-id
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND external_id = @Value ORDER BY id LIMIT 100;

-- name: contacts-by-email
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND lower(email) = lower(@Value) ORDER BY id LIMIT 100;

-- name: contacts-by-phone
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND phone = @Value ORDER BY id LIMIT 100;

-- name: contacts-search
SELECT * FROM contact
WHERE +workspace_id = @WorkspaceId AND id > @After
  AND (@Prefix IS NULL OR external_id LIKE @Prefix ESCAPE '\' OR email LIKE @Prefix ESCAPE '\'
       OR phone LIKE @Prefix ESCAPE '\')
ORDER BY id
LIMIT @Limit;

-- name: contact-delete
DELETE FROM contact WHERE workspace_id = @WorkspaceId AND id = @Id;

-- name: contact-delete-identities
DELETE FROM contact_identity WHERE workspace_id = @WorkspaceId AND contact_id = @Id;

-- name: contact-delete-events
DELETE FROM event WHERE workspace_id = @WorkspaceId AND contact_id = @Id;

-- name: identity-insert
INSERT INTO contact_identity (workspace_id, kind, value, contact_id, created_at)
VALUES (@WorkspaceId, @Kind, @Value, @ContactId, @Now)
ON CONFLICT (workspace_id, kind, value) DO NOTHING;

-- name: identity-owner
SELECT contact_id FROM contact_identity WHERE workspace_id = @WorkspaceId AND kind = @Kind AND value = @Value;

-- name: identities-find
SELECT i.kind, i.value, c.id, c.external_id
FROM contact_identity i JOIN contact c ON c.id = i.contact_id
WHERE i.workspace_id = @WorkspaceId AND i.kind = @Kind AND i.value IN (SELECT value FROM json_each(@Values));

-- name: identities-move
UPDATE contact_identity SET contact_id = @SurvivorId WHERE workspace_id = @WorkspaceId AND contact_id = @AbsorbedId;

-- name: events-move
UPDATE event SET contact_id = @SurvivorId WHERE workspace_id = @WorkspaceId AND contact_id = @AbsorbedId;

-- name: merge-insert
INSERT INTO contact_merge (workspace_id, absorbed_id, survivor_id, message_id, absorbed, merged_at)
VALUES (@WorkspaceId, @AbsorbedId, @SurvivorId, @MessageId, @Absorbed, @Now);

-- name: contacts-by-external-ids
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND external_id IN (SELECT value FROM json_each(@Values));

-- name: contacts-by-emails
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND lower(email) IN (SELECT lower(value) FROM json_each(@Values)) ORDER BY id;

-- name: contacts-by-phones
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND phone IN (SELECT value FROM json_each(@Values)) ORDER BY id;

-- name: contact-ids-next
-- Ids for @Count new contacts. Safe: writes hold SQLite's write lock (BEGIN IMMEDIATE) until commit.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @Count)
SELECT (SELECT coalesce(max(id), 0) FROM contact) + i FROM n;

-- name: contacts-insert-many
INSERT INTO contact (id, workspace_id, external_id, email, phone, address_name, address_lines, postcode, city, region,
                     country, locale, time_zone, traits, traits_at, created_at, updated_at)
SELECT r.value ->> 'id', r.value ->> 'workspace_id', r.value ->> 'external_id', r.value ->> 'email', r.value ->> 'phone',
       r.value ->> 'address_name', r.value ->> 'address_lines', r.value ->> 'postcode', r.value ->> 'city',
       r.value ->> 'region', r.value ->> 'country', r.value ->> 'locale', r.value ->> 'time_zone', r.value ->> 'traits',
       r.value ->> 'traits_at', r.value ->> 'created_at', r.value ->> 'updated_at'
FROM json_each(@Rows) AS r;

-- name: contacts-update-many
UPDATE contact
SET external_id = r.value ->> 'external_id', email = r.value ->> 'email', phone = r.value ->> 'phone',
    address_name = r.value ->> 'address_name', address_lines = r.value ->> 'address_lines',
    postcode = r.value ->> 'postcode', city = r.value ->> 'city', region = r.value ->> 'region',
    country = r.value ->> 'country', locale = r.value ->> 'locale', time_zone = r.value ->> 'time_zone',
    traits = r.value ->> 'traits', traits_at = r.value ->> 'traits_at', updated_at = r.value ->> 'updated_at'
FROM json_each(@Rows) AS r
WHERE contact.id = r.value ->> 'id' AND contact.workspace_id = r.value ->> 'workspace_id';

-- name: identities-insert-many
INSERT INTO contact_identity (workspace_id, kind, value, contact_id, created_at)
SELECT r.value ->> 'workspace_id', r.value ->> 'kind', r.value ->> 'value', r.value ->> 'contact_id', r.value ->> 'created_at'
FROM json_each(@Rows) AS r
WHERE true
ON CONFLICT (workspace_id, kind, value) DO NOTHING;

-- name: identities-lock
-- Nothing to do: SQLite has one writer at a time (BEGIN IMMEDIATE), so no two writes race.
SELECT 1;
