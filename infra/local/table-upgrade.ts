import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  type TableDescription,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { Db } from '@newsroom/store/client.ts';
import { createTableInput, TABLE } from '@newsroom/store/table.ts';

/**
 * The local store's table follows the single table definition even when `.data` was
 * written by an older one. dynalite cannot add an index to a table (it accepts the
 * UpdateTable and ignores it), so a table that lacks one is rebuilt: every item is
 * copied into a table of the current definition beside it, the copy is marked complete,
 * the old table is replaced, and the items are copied back. A start after a crash at any
 * point finishes from whichever side is whole: an unmarked copy is dropped and made
 * again, a marked one is copied back. (In AWS, CloudFormation adds the index to the
 * table and fills it itself.)
 *
 * A maintenance step, so it reads with Scan, like `npm run export`.
 */

type Item = Record<string, AttributeValue>;

const COMPLETE: Item = { PK: { S: 'TABLE-UPGRADE' }, SK: { S: 'COMPLETE' } };
const copyOf = (store: Db): Db => ({ ...store, tableName: `${store.tableName}-upgrade` });

export async function describeTable(store: Db): Promise<TableDescription | undefined> {
  try {
    return (await store.raw.send(new DescribeTableCommand({ TableName: store.tableName }))).Table;
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

/** The indexes of the definition that `table` does not have. */
export const missingIndexes = (table: TableDescription) =>
  TABLE.indexes.filter((i) => !(table.GlobalSecondaryIndexes ?? []).some((g) => g.IndexName === i.name)).map((i) => i.name);

/** dynalite answers CreateTable and DeleteTable before they are done; a write in between fails (seen under load). */
export async function settled(store: Db, gone: boolean): Promise<void> {
  for (let i = 0; i < 250; i++) {
    const table = await describeTable(store);
    if (gone ? !table : table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Tabelle ${store.tableName} wurde nicht ${gone ? 'gelöscht' : 'bereit'}.`);
}

export async function createTable(store: Db): Promise<void> {
  await store.raw.send(new CreateTableCommand(createTableInput(store.tableName)));
  await settled(store, false);
}

async function dropTable(store: Db): Promise<void> {
  await store.raw.send(new DeleteTableCommand({ TableName: store.tableName }));
  await settled(store, true);
}

const isMarker = (item: Item) => item.PK?.S === COMPLETE.PK!.S && item.SK?.S === COMPLETE.SK!.S;

/** Puts every item of `from` into `to` (idempotent: the same keys get the same items). */
async function copyItems(from: Db, to: Db): Promise<void> {
  let startKey: Item | undefined;
  do {
    const page = await from.raw.send(new ScanCommand({ TableName: from.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
    const items = (page.Items ?? []).filter((i) => !isMarker(i));
    for (let i = 0; i < items.length; i += 25) {
      let pending: WriteRequest[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const out = await to.raw.send(new BatchWriteItemCommand({ RequestItems: { [to.tableName]: pending } }));
        pending = out.UnprocessedItems?.[to.tableName] ?? [];
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

async function markedComplete(copy: Db): Promise<boolean> {
  return Boolean((await copy.raw.send(new GetItemCommand({ TableName: copy.tableName, Key: COMPLETE, ConsistentRead: true }))).Item);
}

/** Replaces the table by its complete copy and drops the copy. */
async function restoreFrom(store: Db, copy: Db): Promise<void> {
  const table = await describeTable(store);
  if (table && missingIndexes(table).length) await dropTable(store);
  if (!table || missingIndexes(table).length) await createTable(store);
  await copyItems(copy, store);
  await dropTable(copy);
}

/**
 * Brings the table to the current definition, keeping every item; finishes an upgrade a
 * crash interrupted. Returns the indexes it added (none when the table was current).
 */
export async function upgradeTable(store: Db): Promise<string[]> {
  const copy = copyOf(store);
  if (await describeTable(copy)) {
    if (await markedComplete(copy)) await restoreFrom(store, copy);
    else await dropTable(copy);
  }
  const table = await describeTable(store);
  const missing = table ? missingIndexes(table) : [];
  if (!missing.length) return [];
  await createTable(copy);
  await copyItems(store, copy);
  await copy.raw.send(new PutItemCommand({ TableName: copy.tableName, Item: COMPLETE }));
  await restoreFrom(store, copy);
  return missing;
}
