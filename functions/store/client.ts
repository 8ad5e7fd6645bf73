import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE } from './table.ts';

/**
 * Where the table lives. `DYNAMODB_ENDPOINT` points the same code at dynalite,
 * DynamoDB Local or (unset) the real DynamoDB of `AWS_REGION`.
 */
export interface StoreConfig {
  endpoint?: string;
  region: string;
  tableName: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  return {
    endpoint: env.DYNAMODB_ENDPOINT || undefined,
    region: env.AWS_REGION ?? 'eu-central-1',
    tableName: env.TABLE_NAME ?? TABLE.defaultName,
  };
}

export interface Db {
  doc: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  tableName: string;
}

const cache = new Map<string, Db>();

export function db(config: StoreConfig = configFromEnv()): Db {
  const key = `${config.endpoint}|${config.region}|${config.tableName}`;
  let found = cache.get(key);
  if (!found) {
    const raw = new DynamoDBClient({
      region: config.region,
      ...(config.endpoint
        ? { endpoint: config.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
    found = { raw, doc: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }), tableName: config.tableName };
    cache.set(key, found);
  }
  return found;
}
