-- name: contact-get
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND id = @Id;

-- name: contacts-by-ids
-- "+workspace_id": look up by id; the workspace is only checked (else SQLite may scan a workspace index).
SELECT * FROM contact WHERE id IN (SELECT value FROM json_each(@Values)) AND +workspace_id = @WorkspaceId;

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

-- name: user-id-owner
-- A user id belongs to the contact that has it as external id, or had it before (kind 'user').
SELECT id FROM contact WHERE workspace_id = @WorkspaceId AND external_id = @Value
UNION ALL
SELECT contact_id FROM contact_identity WHERE workspace_id = @WorkspaceId AND kind = 'user' AND value = @Value;

-- name: anonymous-ids-find
SELECT i.value, c.id, c.external_id
FROM contact_identity i JOIN contact c ON c.id = i.contact_id
WHERE i.workspace_id = @WorkspaceId AND i.kind = 'anonymous' AND i.value IN (SELECT value FROM json_each(@Values));

-- name: user-ids-find
SELECT external_id AS value, id, external_id FROM contact WHERE workspace_id = @WorkspaceId AND external_id IN (SELECT value FROM json_each(@Values))
UNION ALL
SELECT i.value, c.id, c.external_id
FROM contact_identity i JOIN contact c ON c.id = i.contact_id
WHERE i.workspace_id = @WorkspaceId AND i.kind = 'user' AND i.value IN (SELECT value FROM json_each(@Values));

-- name: identities-move
UPDATE contact_identity SET contact_id = @SurvivorId WHERE workspace_id = @WorkspaceId AND contact_id = @AbsorbedId;

-- name: events-move
UPDATE event SET contact_id = @SurvivorId WHERE workspace_id = @WorkspaceId AND contact_id = @AbsorbedId;

-- name: merge-insert
INSERT INTO contact_merge (workspace_id, absorbed_id, survivor_id, message_id, absorbed, merged_at)
VALUES (@WorkspaceId, @AbsorbedId, @SurvivorId, @MessageId, @Absorbed, @Now);

-- name: contacts-by-emails
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND lower(email) IN (SELECT lower(value) FROM json_each(@Values)) ORDER BY id;

-- name: contacts-by-phones
SELECT * FROM contact WHERE workspace_id = @WorkspaceId AND phone IN (SELECT value FROM json_each(@Values)) ORDER BY id;

-- name: contact-ids-next
-- Takes @Count ids above every contact id ever given (the mark only rises: a deleted contact's id is never given
-- again) and returns the first; ContactIds counts on from it. max(id) keeps it above a row written some other way.
-- Safe: writes hold SQLite's write lock (BEGIN IMMEDIATE) until commit; a batch rolled back gives back ids never seen.
UPDATE id_high_water SET last = max(last, (SELECT coalesce(max(id), 0) FROM contact)) + @Count WHERE name = 'contact'
RETURNING last - @Count + 1;

-- name: contacts-insert-many
-- One row (SQLite runs it per row, prepared once; see BulkRows).
INSERT INTO contact (id, workspace_id, external_id, email, phone, address_name, address_lines, postcode, city, region,
                     country, locale, time_zone, traits, traits_at, created_at, updated_at, link_nonce)
VALUES (@Id, @WorkspaceId, @ExternalId, @Email, @Phone, @AddressName, @AddressLines, @Postcode, @City, @Region,
        @Country, @Locale, @TimeZone, @Traits, @TraitsAt, @CreatedAt, @UpdatedAt, @LinkNonce);

-- name: contacts-update-many
-- One row (SQLite runs it per row, prepared once; see BulkRows).
UPDATE contact
SET external_id = @ExternalId, email = @Email, phone = @Phone, address_name = @AddressName,
    address_lines = @AddressLines, postcode = @Postcode, city = @City, region = @Region, country = @Country,
    locale = @Locale, time_zone = @TimeZone, traits = @Traits, traits_at = @TraitsAt, updated_at = @UpdatedAt
WHERE id = @Id AND workspace_id = @WorkspaceId;

-- name: contact-traits-update-many
-- One row (SQLite runs it per row, prepared once; see BulkRows). For a profile whose other fields stay as they are.
UPDATE contact SET traits = @Traits, traits_at = @TraitsAt, updated_at = @UpdatedAt
WHERE id = @Id AND workspace_id = @WorkspaceId;

-- name: identities-insert-many
-- One row (SQLite runs it per row, prepared once; see BulkRows).
INSERT INTO contact_identity (workspace_id, kind, value, contact_id, created_at)
VALUES (@WorkspaceId, @Kind, @Value, @ContactId, @CreatedAt)
ON CONFLICT (workspace_id, kind, value) DO NOTHING;

-- name: identities-lock
-- Not run (Identities.LockAsync skips SQLite): SQLite has one writer at a time (BEGIN IMMEDIATE), so no two writes race.
SELECT 1;

-- name: contact-lock
-- SQLite runs one write transaction at a time: nothing can attach to the contact meanwhile (ContactLocks.TakeAsync
-- does not run this; it is the same question without the lock, which TakeExistingAsync asks).
SELECT id FROM contact WHERE workspace_id = @WorkspaceId AND id = @Id;

-- name: contacts-hold
-- As contact-lock: not run on SQLite, whose single writer needs no hold.
SELECT id FROM contact WHERE workspace_id = @WorkspaceId AND id IN (SELECT value FROM json_each(@Ids));
