import { type AttributeValue, CreateTableCommand, PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { type EmbeddedStore, ensureTable, startDynalite } from '@newsroom/infra-local/dynalite.ts';
import { createTable, describeTable, settled } from '@newsroom/infra-local/table-upgrade.ts';
import { db } from '@newsroom/store/client.ts';
import { createTableInput } from '@newsroom/store/table.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` on a `.data` written before an index was added (GSI4, the revision queues):
 * dynalite cannot add an index, so the local store rebuilds the table and keeps every item,
 * also when a start was killed in the middle of it.
 */
type Item = Record<string, AttributeValue>;

let dynalite: EmbeddedStore;
let tables = 0;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => {
  await dynalite.close();
});

const storeNamed = (tableName: string) => db({ endpoint: dynalite.endpoint, region: 'eu-central-1', tableName });

/** The table as the definition before the revision index made it. */
async function oldTable(tableName: string) {
  const input = createTableInput(tableName);
  const store = storeNamed(tableName);
  await store.raw.send(
    new CreateTableCommand({
      ...input,
      AttributeDefinitions: input.AttributeDefinitions.filter((a) => !a.AttributeName.startsWith('GSI4')),
      GlobalSecondaryIndexes: input.GlobalSecondaryIndexes.filter((i) => i.IndexName !== 'GSI4'),
    }),
  );
  await settled(store, false);
  return store;
}

/** A story with a pending submitted revision, written with the revision queue's keys (ignored by the old table), and some more. */
const ITEMS: Item[] = [
  {
    PK: { S: 'STORY#s1' },
    SK: { S: 'STORY' },
    GSI1PK: { S: 'PARTNER#caritas' },
    GSI1SK: { S: 'published#2026-01-01#s1' },
    GSI4PK: { S: 'REVISION#submitted' },
    GSI4SK: { S: 'caritas#2026-02-01#s1' },
    title: { S: 'Eine Geschichte' },
    version: { N: '7' },
  },
  ...Array.from(
    { length: 60 },
    (_, i): Item => ({ PK: { S: 'STORY#s1' }, SK: { S: `AUDIT#${String(i).padStart(6, '0')}` }, action: { S: 'edit' }, note: { S: 'ä'.repeat(i) } }),
  ),
];

async function fill(store: ReturnType<typeof db>) {
  for (const Item of ITEMS) await store.raw.send(new PutItemCommand({ TableName: store.tableName, Item }));
}

const sorted = (items: Item[]) => [...items].sort((a, b) => `${a.PK!.S}\u0000${a.SK!.S}`.localeCompare(`${b.PK!.S}\u0000${b.SK!.S}`));

async function everything(store: ReturnType<typeof db>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await store.raw.send(new ScanCommand({ TableName: store.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return sorted(items);
}

async function expectCurrentWithItems(store: ReturnType<typeof db>) {
  const table = await describeTable(store);
  expect(table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['GSI1', 'GSI2', 'GSI3', 'GSI4']);
  expect(await everything(store)).toEqual(sorted(ITEMS));
  const queued = await store.raw.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'GSI4',
      KeyConditionExpression: 'GSI4PK = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'REVISION#submitted' } },
    }),
  );
  expect(queued.Items?.map((i) => i.PK!.S)).toEqual(['STORY#s1']);
  expect(await describeTable(storeNamed(`${store.tableName}-upgrade`))).toBeUndefined();
}

describe('the local store brings an older table up to the current definition', () => {
  it('a table without the revision index gets it and keeps every item', async () => {
    const store = await oldTable(`old-${++tables}`);
    await fill(store);
    await ensureTable(store);
    await expectCurrentWithItems(store);
    // A second start finds nothing to do.
    await ensureTable(store);
    await expectCurrentWithItems(store);
  });

  it('killed after the old table was dropped: the complete copy is restored', async () => {
    const name = `old-${++tables}`;
    const copy = storeNamed(`${name}-upgrade`);
    await createTable(copy);
    await fill(copy);
    await copy.raw.send(new PutItemCommand({ TableName: copy.tableName, Item: { PK: { S: 'TABLE-UPGRADE' }, SK: { S: 'COMPLETE' } } }));
    const store = storeNamed(name);
    await ensureTable(store);
    await expectCurrentWithItems(store);
  });

  it('killed while copying: the incomplete copy is dropped and the old table, still whole, is upgraded', async () => {
    const name = `old-${++tables}`;
    const store = await oldTable(name);
    await fill(store);
    const copy = storeNamed(`${name}-upgrade`);
    await createTable(copy);
    await copy.raw.send(new PutItemCommand({ TableName: copy.tableName, Item: ITEMS[0]! }));
    await ensureTable(store);
    await expectCurrentWithItems(store);
  });
});
