import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config, type RuntimeConfig, required } from '@newsroom/runtime/config.ts';
import { TABLE } from './table.ts';

/**
 * Where the table lives: the configured endpoint points the same code at dynalite,
 * DynamoDB Local or (unset) the real DynamoDB of the configured region
 * (functions/runtime/config.ts).
 */
export interface StoreConfig {
  endpoint?: string;
  region: string;
  tableName: string;
}

/** The configured table: in Lambda the stack names it; elsewhere it defaults to the table's own name. */
export function configuredStore(c: RuntimeConfig = config()): StoreConfig {
  const tableName = c.inLambda ? required(c.store.tableName, 'TABLE_NAME') : (c.store.tableName ?? TABLE.defaultName);
  return { endpoint: c.store.endpoint, region: c.store.region, tableName };
}

export interface Db {
  doc: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  tableName: string;
}

const cache = new Map<string, Db>();

export function db(where: StoreConfig = configuredStore()): Db {
  const key = `${where.endpoint}|${where.region}|${where.tableName}`;
  let found = cache.get(key);
  if (!found) {
    const raw = new DynamoDBClient({
      region: where.region,
      ...(where.endpoint ? { endpoint: where.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
    found = { raw, doc: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }), tableName: where.tableName };
    cache.set(key, found);
  }
  return found;
}
