/**
 * The single DynamoDB table, defined once: the CDK stack, the local stand-in and the
 * tests all read this definition.
 *
 * Access patterns (every list is a Query, never a Scan):
 *
 * | # | pattern                                          | key / index                                            |
 * |---|--------------------------------------------------|--------------------------------------------------------|
 * | 1 | story by id (with its audit trail)               | PK = STORY#<id>, SK = STORY                             |
 * | 2 | a partner's stories, optionally by status, newest| GSI1: GSI1PK = PARTNER#<partner>, GSI1SK = <status>#<updatedAt>#<id> |
 * | 3 | all stories in a status, newest first (press queue, published list for the site) | GSI2: GSI2PK = STATUS#<status>, GSI2SK = <updatedAt or publishedAt>#<id> |
 * | 4 | a partner's stories whose earliest current consent expires by a day (expiry scheduler, "laufen bald ab") | GSI3 (sparse): GSI3PK = EXPIRY#<partner>, GSI3SK = <validUntil>#<id> |
 *
 * Single-item writes only (dynalite has no transactions): a state change and its
 * audit entry land in the same conditional UpdateItem, guarded by `version`.
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
