namespace Rapport.Storage;

/// <summary>The names of the SQL queries, one file of named queries per area and dialect (Queries/).</summary>
public static class Q
{
    public const string WorkspaceInsert = "workspace-insert";
    public const string WorkspaceByName = "workspace-by-name";
    public const string WorkspaceIds = "workspace-ids";
    public const string ApiKeyInsert = "api-key-insert";
    public const string ApiKeyByHash = "api-key-by-hash";
    public const string ApiKeysList = "api-keys-list";
    public const string ApiKeyRevoke = "api-key-revoke";
    public const string ApiKeysWorkingAdmins = "api-keys-working-admins";
    public const string ApiKeyRevision = "api-key-revision";
    public const string ApiKeyRevisionLock = "api-key-revision-lock";
    public const string ApiKeyRevisionNext = "api-key-revision-next";
    public const string ConfirmationSince = "confirmation-since";

    public const string ContactGet = "contact-get";
    public const string ContactsByIds = "contacts-by-ids";
    public const string ContactsByExternalId = "contacts-by-external-id";
    public const string ContactsByEmail = "contacts-by-email";
    public const string ContactsByPhone = "contacts-by-phone";
    public const string ContactsByEmails = "contacts-by-emails";
    public const string ContactsByPhones = "contacts-by-phones";
    public const string ContactIdsNext = "contact-ids-next";
    public const string ContactsInsertMany = "contacts-insert-many";
    public const string ContactsUpdateMany = "contacts-update-many";
    public const string ContactTraitsUpdateMany = "contact-traits-update-many";
    public const string IdentitiesInsertMany = "identities-insert-many";
    public const string ContactsSearch = "contacts-search";
    public const string ContactDelete = "contact-delete";
    public const string ContactDeleteIdentities = "contact-delete-identities";
    public const string ContactDeleteEvents = "contact-delete-events";
    public const string ContactLock = "contact-lock";
    public const string ContactsHold = "contacts-hold";

    public const string UserIdOwner = "user-id-owner";
    public const string UserIdsFind = "user-ids-find";
    public const string AnonymousIdsFind = "anonymous-ids-find";
    public const string IdentitiesLock = "identities-lock";
    public const string IdentitiesMove = "identities-move";
    public const string EventsMove = "events-move";
    public const string MergeInsert = "merge-insert";

    public const string EventsExisting = "events-existing";
    public const string EventsInsertMany = "events-insert-many";
    public const string EventsTimeline = "events-timeline";
    public const string DeadLetterInsert = "dead-letter-insert";
    public const string DeadLettersList = "dead-letters-list";

    public const string TopicsList = "topics-list";
    public const string TopicKeys = "topic-keys";
    public const string TopicUpsert = "topic-upsert";
    public const string TopicsSeed = "topics-seed";
    public const string ConsentTextInsert = "consent-text-insert";
    public const string ConsentTextsList = "consent-texts-list";
    public const string ConsentContactLock = "consent-contact-lock";
    public const string ConsentRecordInsert = "consent-record-insert";
    public const string ConsentRecordsByContact = "consent-records-by-contact";
    public const string SubscriptionsByContact = "subscriptions-by-contact";
    public const string SubscriptionUpsert = "subscription-upsert";
    public const string SuppressionInsert = "suppression-insert";
    public const string SuppressionExists = "suppression-exists";
    public const string SuppressionsList = "suppressions-list";
    public const string SettingInsert = "setting-insert";
    public const string SettingGet = "setting-get";
    public const string SettingUpsert = "setting-upsert";

    public const string MessageInsert = "message-insert";
    public const string MessagesLease = "messages-lease";
    public const string MessageMark = "message-mark";
    public const string MessageAbandon = "message-abandon";
    public const string MessageReport = "message-report";
    public const string MessagesList = "messages-list";
    public const string MessageGet = "message-get";
    public const string MessagesByContact = "messages-by-contact";
    public const string MessagesSuppressOfContact = "messages-suppress-of-contact";
    public const string EmailsSentSince = "emails-sent-since";

    public const string IdentitiesByContact = "identities-by-contact";
    public const string EraseMerges = "erase-merges";
    public const string EraseDeadLetters = "erase-dead-letters";
    public const string EraseSubscriptions = "erase-subscriptions";
    public const string EraseMessages = "erase-messages";
    public const string EraseConsentEvidence = "erase-consent-evidence";
    public const string AuditInsert = "audit-insert";
    public const string AuditList = "audit-list";

    public const string FormInsert = "form-insert";
    public const string FormsList = "forms-list";
    public const string FormGet = "form-get";

    public const string SegmentInsert = "segment-insert";
    public const string SegmentsCurrent = "segments-current";
    public const string SegmentFailureRecord = "segment-failure-record";
    public const string SegmentFailuresClear = "segment-failures-clear";

    public const string MembershipsOfContact = "memberships-of-contact";
    public const string MembershipsChanges = "memberships-changes";
    public const string MembershipsClose = "memberships-close";

    public const string ValuePurchases = "value-purchases";
    public const string ValuePurchasesOf = "value-purchases-of";
    public const string ValueGet = "value-get";
    public const string ValueDeleteAll = "value-delete-all";
    public const string ValueDeleteOf = "value-delete-of";
    public const string ValueInsertMany = "value-insert-many";
    public const string ValueGroups = "value-groups";
    public const string ContactDeleteDerived = "contact-delete-derived";

    public const string StageGet = "stage-get";
    public const string StageHistory = "stage-history";
    public const string StagesCount = "stages-count";
    public const string StageFlows = "stage-flows";
    public const string StageUpsertMany = "stage-upsert-many";
    public const string StageChangeInsertMany = "stage-change-insert-many";

    public const string InternalEventsInsertMany = "internal-events-insert-many";
    public const string UpkeepLock = "upkeep-lock";

    public const string WorkInsert = "work-insert";
    public const string WorkSchedule = "work-schedule";
    public const string WorkClaim = "work-claim";
    public const string WorkDeleteLeased = "work-delete-leased";
    public const string WorkAnswer = "work-answer";
    public const string WorkForgetAnswers = "work-forget-answers";
    public const string WorkFail = "work-fail";
    public const string WorkGet = "work-get";
    public const string WorkList = "work-list";
    public const string WorkRetry = "work-retry";
    public const string WorkBacklog = "work-backlog";

    public const string TemplateInsert = "template-insert";
    public const string TemplatesCurrent = "templates-current";
    public const string TemplateGet = "template-get";
    public const string TemplateVersions = "template-versions";

    public const string PolicyInsert = "policy-insert";
    public const string PolicyGet = "policy-get";
    public const string PolicyVersions = "policy-versions";

    public const string GateLock = "gate-lock";
    public const string GateContacts = "gate-contacts";
    public const string GateSuppressions = "gate-suppressions";
    public const string GateHistory = "gate-history";
    public const string MessageLetGo = "message-let-go";
    public const string MessageHold = "message-hold";
    public const string DecisionInsert = "decision-insert";
    public const string DecisionsOfMessage = "decisions-of-message";

    public const string JourneyInsert = "journey-insert";
    public const string JourneyControlCreate = "journey-control-create";
    public const string JourneyGet = "journey-get";
    public const string JourneysList = "journeys-list";
    public const string JourneyStatusSet = "journey-status-set";
    public const string JourneyStatusGet = "journey-status-get";
    public const string JourneyMessagesHold = "journey-messages-hold";
    public const string JourneyMessagesRelease = "journey-messages-release";
    public const string JourneyMessagesEnd = "journey-messages-end";
    public const string JourneyInstanceInsert = "journey-instance-insert";
    public const string JourneyInstancesStepMany = "journey-instances-step-many";
    public const string JourneyContactsLock = "journey-contacts-lock";
    public const string JourneyInstancesOfContacts = "journey-instances-of-contacts";
    public const string JourneyMessagesInsertMany = "journey-messages-insert-many";
    public const string JourneyInstanceAppend = "journey-instance-append";
    public const string JourneyWebhooksDeleteOfContact = "journey-webhooks-delete-of-contact";
    public const string JourneyInstanceGet = "journey-instance-get";
    public const string JourneyInstancesOfContact = "journey-instances-of-contact";
    public const string JourneyInstancesActive = "journey-instances-active";
    public const string JourneyInstancesToVersion = "journey-instances-to-version";
    public const string JourneyScheduleChecked = "journey-schedule-checked";
    public const string JourneyInstancesLease = "journey-instances-lease";
    public const string JourneyInstancesMove = "journey-instances-move";
    public const string JourneyStepsInsertMany = "journey-steps-insert-many";
    public const string JourneySteps = "journey-steps";
    public const string JourneySent = "journey-sent";
    public const string JourneyCountsWaiting = "journey-counts-waiting";
    public const string JourneyCountsPassed = "journey-counts-passed";
    public const string JourneyCountsStatus = "journey-counts-status";
    public const string JourneyEventsSince = "journey-events-since";
    public const string JourneyEvents = "journey-events";
    public const string JourneyContacts = "journey-contacts";
    public const string JourneySubscriptions = "journey-subscriptions";
    public const string JourneySentMany = "journey-sent-many";
    public const string JourneyEventsSinceMany = "journey-events-since-many";

    public static IEnumerable<string> All =>
        typeof(Q).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
}
