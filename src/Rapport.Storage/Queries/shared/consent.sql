-- name: topics-list
SELECT key, name, description FROM topic WHERE workspace_id = @WorkspaceId ORDER BY key;

-- name: topic-keys
SELECT key FROM topic WHERE workspace_id = @WorkspaceId ORDER BY key;

-- name: topic-upsert
INSERT INTO topic (workspace_id, key, name, description, created_at)
VALUES (@WorkspaceId, @Key, @Name, @Description, @Now)
ON CONFLICT (workspace_id, key) DO UPDATE SET name = excluded.name, description = excluded.description;

-- name: topics-seed
INSERT INTO topic (workspace_id, key, name, created_at)
SELECT @WorkspaceId, t.key, t.name, @Now
FROM (SELECT 'news' AS key, 'News' AS name UNION ALL SELECT 'products', 'Products'
      UNION ALL SELECT 'offers', 'Offers' UNION ALL SELECT 'events', 'Events') t
WHERE true
ON CONFLICT (workspace_id, key) DO NOTHING;

-- name: consent-text-insert
INSERT INTO consent_text (workspace_id, key, version, locale, text, created_at)
SELECT @WorkspaceId, @Key, coalesce(max(version), 0) + 1, @Locale, @Text, @Now
FROM consent_text WHERE workspace_id = @WorkspaceId AND key = @Key
RETURNING version;

-- name: consent-texts-list
SELECT key, version, locale, text, created_at FROM consent_text WHERE workspace_id = @WorkspaceId ORDER BY key, version;

-- name: consent-record-insert
INSERT INTO consent_record (workspace_id, contact_id, topic, channel, action, legal_basis, source, ip, user_agent,
                            consent_text_key, consent_text_version, note, reason, awaits_confirmation, frequency, format, at)
VALUES (@WorkspaceId, @ContactId, @Topic, @Channel, @Action, @LegalBasis, @Source, @Ip, @UserAgent,
        @ConsentTextKey, @ConsentTextVersion, @Note, @Reason, @AwaitsConfirmation, @Frequency, @Format, @At);

-- name: consent-records-by-contact
SELECT contact_id, topic, channel, action, legal_basis, source, ip, user_agent, consent_text_key, consent_text_version,
       note, reason, awaits_confirmation, frequency, format, at
FROM consent_record WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId ORDER BY id;

-- name: subscriptions-by-contact
SELECT contact_id, topic, channel, status, frequency, format, updated_at
FROM subscription WHERE workspace_id = @WorkspaceId AND contact_id = @ContactId ORDER BY topic, channel;

-- name: subscription-upsert
INSERT INTO subscription (workspace_id, contact_id, topic, channel, status, frequency, format, updated_at)
VALUES (@WorkspaceId, @ContactId, @Topic, @Channel, @Status, @Frequency, @Format, @UpdatedAt)
ON CONFLICT (workspace_id, contact_id, topic, channel)
DO UPDATE SET status = excluded.status, frequency = excluded.frequency, format = excluded.format, updated_at = excluded.updated_at;

-- name: suppression-insert
INSERT INTO suppression (workspace_id, kind, hash, reason, created_at)
VALUES (@WorkspaceId, @Kind, @Hash, @Reason, @Now)
ON CONFLICT (workspace_id, kind, hash) DO NOTHING;

-- name: suppression-exists
SELECT count(*) FROM suppression WHERE workspace_id = @WorkspaceId AND kind = @Kind AND hash = @Hash;

-- name: suppressions-list
SELECT kind, hash, reason, created_at FROM suppression WHERE workspace_id = @WorkspaceId ORDER BY created_at, hash;

-- name: setting-insert
INSERT INTO setting (workspace_id, key, value) VALUES (@WorkspaceId, @Key, @Value)
ON CONFLICT (workspace_id, key) DO NOTHING;

-- name: setting-get
SELECT value FROM setting WHERE workspace_id = @WorkspaceId AND key = @Key;

-- name: setting-upsert
INSERT INTO setting (workspace_id, key, value) VALUES (@WorkspaceId, @Key, @Value)
ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value;
