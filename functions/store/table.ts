/**
 * The single DynamoDB table, defined once: the CDK stack, the local stand-in and the
 * tests all read this definition.
 *
 * Access patterns (every list is a Query, never a Scan):
 *
 * | # | pattern                                          | key / index                                            |
 * |---|--------------------------------------------------|--------------------------------------------------------|
 * | 1 | story by id: content, current consent per person, latest audit entry per action (bounded) | PK = STORY#<id>, SK = STORY |
 * | 2 | a partner's stories, optionally by status, newest| GSI1: GSI1PK = PARTNER#<partner>, GSI1SK = <status>#<updatedAt>#<id> |
 * | 3 | all stories in a status, newest first (press queue, published list for the site) | GSI2: GSI2PK = STATUS#<status>, GSI2SK = <updatedAt or publishedAt>#<id> |
 * | 4 | a partner's stories whose earliest current consent expires by a day (expiry scheduler, "laufen bald ab") | GSI3 (sparse): GSI3PK = EXPIRY#<partner>, GSI3SK = <validUntil>#<id> |
 * | 5 | press release by id                              | PK = RELEASE#<id>, SK = RELEASE |
 * | 6 | a partner's releases, optionally by status       | GSI1: GSI1PK = RPARTNER#<partner>, GSI1SK = <status>#<updatedAt>#<id> |
 * | 7 | releases in a status (press queues, the site; scheduled by embargo: "due by now") | GSI2: GSI2PK = RSTATUS#<status>, GSI2SK = <embargoAt, publishedAt or updatedAt>#<id> |
 * | 8 | releases with a takedown time due by now          | GSI3 (sparse): GSI3PK = TAKEDOWN, GSI3SK = <takedownAt>#<id> |
 * | 9 | notices for the press office, newest first        | PK = NOTICES, SK = <at>#<id> |
 * | 10 | withdrawal reports of a story                    | PK = STORY#<id>, SK begins_with WITHDRAWAL# |
 * | 11–13 | global audit trail, story versions, review comments | functions/store/versioned.ts, story-history.ts |
 * | 14 | a story's whole audit trail, in order            | PK = STORY#<id>, SK begins_with AUDIT# (AUDIT#<seq>) |
 * | 15 | every consent version of a story                 | PK = STORY#<id>, SK begins_with CONSENT# (CONSENT#<person>#<version>) |
 * | 16 | open tasks of the press office (releases held back for a withdrawal) | PK = TASKS, SK = <at>#<id> |
 * | 17 | stories whose pending revision is in a state (the work queues: a partner's, newest first; across partners for the press office, by partner, then newest first) | GSI4 (sparse, only while a revision is pending): GSI4PK = REVISION#<revision state>, GSI4SK = <partner>#<revision updatedAt>#<id> |
 * | 18 | the gone list: addresses once public, now answered with 410 (functions/store/gone.ts) | PK = GONE, SK = <address> |
 *
 * Preview links (functions/store/previews.ts; created with one conditional PutItem, revoked with one conditional UpdateItem):
 *
 * | #  | pattern                                           | key / index                                            |
 * |----|---------------------------------------------------|--------------------------------------------------------|
 * | P1 | the link a preview token opens (only the token's SHA-256 is stored) | PK = PREVIEW#<sha256 of the token>, SK = PREVIEW |
 * | P2 | a story's or release's preview links, newest first (editor) | GSI1: GSI1PK = PREVIEWS#<story or release>#<id>, GSI1SK = <createdAt>#<link id> |
 *
 * Statistics (functions/store/statistics.ts; every change one conditional PutItem with version and audit):
 *
 * | #  | pattern                                           | key / index                                            |
 * |----|---------------------------------------------------|--------------------------------------------------------|
 * | S1 | statistics settings (municipality assignment, threshold) | PK = STATS#SETTINGS, SK = SETTINGS              |
 * | S2 | submission by id (`<date>.<partner>.<municipality>`, unique by construction) | PK = STATS#SUB#<id>, SK = SUB |
 * | S3 | a partner's submissions, newest reporting date first, optionally of one date | GSI1: GSI1PK = STATS#PARTNER#<partner>, GSI1SK = <date>#<municipality> |
 * | S4 | all submissions of a reporting date, optionally in one status (aggregate, press queue) | GSI2: GSI2PK = STATS#DATE#<date>, GSI2SK = <status>#<partner>#<municipality> |
 * | S5 | snapshot of a reporting date (with its publication) | PK = STATS#SNAPSHOT#<date>, SK = SNAPSHOT             |
 * | S6 | all reporting dates, newest first (editor)         | GSI1: GSI1PK = STATS#SNAPSHOTS, GSI1SK = <date>         |
 * | S7 | published snapshots, newest first (public site)    | GSI2 (sparse): GSI2PK = STATS#PUBLISHED, GSI2SK = <date> |
 *
 * Organisation settings (functions/store/organisation.ts; each save one conditional PutItem of a new version):
 *
 * | #  | pattern                                           | key / index                                            |
 * |----|---------------------------------------------------|--------------------------------------------------------|
 * | O1 | the current organisation settings (legal pages, forms, releases, e-mails) | PK = ORG#SETTINGS, SK begins_with V#, newest first, limit 1 |
 * | O2 | their saved versions, newest first, each with who changed what | PK = ORG#SETTINGS, SK begins_with V# (V#<version, 6 digits>) |
 *
 * Single-item writes only (dynalite has no transactions): a state change and its
 * audit entry land in the same conditional UpdateItem, guarded by `version`. A story's
 * item stays bounded (a write to it can never hit the 400 KB item limit): its older audit
 * entries and consent versions are copied to patterns 14 and 15 by the write that drops
 * them from the item, before its conditional write (functions/store/stories.ts).
 */
export const TABLE = {
  /** Default name locally; in AWS the stack passes the generated name as TABLE_NAME. */
  defaultName: 'newsroom',
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
    { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK' },
  ],
} as const;

export type IndexName = (typeof TABLE.indexes)[number]['name'];

/** All key attributes are strings. */
export function attributeDefinitions(): { AttributeName: string; AttributeType: 'S' }[] {
  const names = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  return names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' }));
}

/** The CreateTable input for the local stand-in and tests (CDK builds the same from TABLE). */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeDefinitions(),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE.indexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
