import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { db, type Db } from '../../functions/store/client.ts';
import { createTableInput, TABLE } from '../../functions/store/table.ts';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (opts: Record<string, unknown>) => import('node:http').Server;

export interface EmbeddedStore {
  endpoint: string;
  db: Db;
  close(): Promise<void>;
}

/**
 * Starts dynalite in this process. With `path` the data persists in LevelDB files
 * (npm start uses `.data/dynamo`); without, it lives in memory (tests).
 */
export async function startDynalite(opts: { path?: string; port?: number; tableName?: string } = {}): Promise<EmbeddedStore> {
  if (opts.path) mkdirSync(opts.path, { recursive: true });
  const server = dynalite({ ...(opts.path ? { path: opts.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = db({ endpoint, region: 'eu-central-1', tableName: opts.tableName ?? TABLE.defaultName });
  await ensureTable(store);
  return {
    endpoint,
    db: store,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Creates the table from the single table definition unless it exists. */
export async function ensureTable(store: Db): Promise<void> {
  try {
    await store.raw.send(new DescribeTableCommand({ TableName: store.tableName }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) && (err as Error).name !== 'ResourceNotFoundException') throw err;
    await store.raw.send(new CreateTableCommand(createTableInput(store.tableName)));
  }
  // dynalite answers CreateTable while the table is still CREATING; a write before ACTIVE fails (seen under load).
  for (let i = 0; i < 100; i++) {
    const { Table } = await store.raw.send(new DescribeTableCommand({ TableName: store.tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
