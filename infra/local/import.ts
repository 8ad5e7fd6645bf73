/**
 * `npm run import -- <file> [--overwrite]`: writes the items of a file from `npm run
 * export` (JSON lines in DynamoDB JSON) into the table, 25 at a time. Same environment
 * as the export (`DYNAMODB_ENDPOINT`, `AWS_REGION`, `TABLE_NAME`).
 *
 * Meant for restoring into an empty table (a fresh `npm start`, a new stack, a copy for
 * an investigation). Items are written as they are, with their versions and audit
 * trails; an item with the same key is replaced. So the import refuses a table that
 * already holds data unless `--overwrite` says that is intended.
 */

import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { AttributeValue, WriteRequest } from '@aws-sdk/client-dynamodb';
import { BatchWriteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { configuredStore, type Db, db as openDb } from '@newsroom/store/client.ts';

type Item = Record<string, AttributeValue>;

/** The inverse of the export's `toJsonValue`: base64 back to bytes. */
export function fromJsonValue(value: Record<string, unknown>): AttributeValue {
  if (typeof value.B === 'string') return { B: Buffer.from(value.B, 'base64') };
  if (Array.isArray(value.BS)) return { BS: (value.BS as string[]).map((b) => Buffer.from(b, 'base64')) };
  if (value.M && typeof value.M === 'object') return { M: fromJsonItem(value.M as Record<string, Record<string, unknown>>) };
  if (Array.isArray(value.L)) return { L: (value.L as Record<string, unknown>[]).map(fromJsonValue) };
  return value as unknown as AttributeValue;
}

export function fromJsonItem(item: Record<string, Record<string, unknown>>): Item {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fromJsonValue(v)]));
}

export class ImportRefused extends Error {}

/** BatchWriteItem takes at most 25 requests. */
const BATCH = 25;
const MAX_ATTEMPTS = 8;

async function writeBatch(store: Db, requests: WriteRequest[]): Promise<void> {
  let pending = requests;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > MAX_ATTEMPTS) throw new Error(`${pending.length} Einträge wurden nach ${MAX_ATTEMPTS} Versuchen nicht angenommen (Durchsatz der Tabelle?).`);
    if (attempt > 1) await new Promise((r) => setTimeout(r, Math.min(5_000, 50 * 2 ** attempt)));
    const result = await store.raw.send(new BatchWriteItemCommand({ RequestItems: { [store.tableName]: pending } }));
    // Throttled items come back unprocessed; they are sent again with a growing pause.
    pending = result.UnprocessedItems?.[store.tableName] ?? [];
  }
}

/** Reads JSON lines from `input` and writes every item; returns the count. */
export async function importTable(store: Db, input: Readable, opts: { overwrite?: boolean } = {}): Promise<number> {
  if (!opts.overwrite) {
    const probe = await store.raw.send(new ScanCommand({ TableName: store.tableName, Limit: 1 }));
    if ((probe.Items?.length ?? 0) > 0) {
      throw new ImportRefused(
        `Die Tabelle ${store.tableName} enthält schon Daten. Ein Import ersetzt Einträge mit gleichem Schlüssel; ` +
          'wenn das gewollt ist, mit --overwrite wiederholen.',
      );
    }
  }
  let count = 0;
  let line = 0;
  let batch: WriteRequest[] = [];
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    if (!text.trim()) continue;
    let parsed: { Item?: Record<string, Record<string, unknown>> };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new ImportRefused(`Zeile ${line} ist kein gültiges JSON; nichts nach dieser Zeile wurde importiert.`);
    }
    if (!parsed.Item || typeof parsed.Item !== 'object') throw new ImportRefused(`Zeile ${line} hat kein "Item"; ist das eine Datei von npm run export?`);
    batch.push({ PutRequest: { Item: fromJsonItem(parsed.Item) } });
    if (batch.length === BATCH) {
      await writeBatch(store, batch);
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length) {
    await writeBatch(store, batch);
    count += batch.length;
  }
  return count;
}

async function main() {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const overwrite = args.includes('--overwrite');
  if (!file) {
    console.error('Aufruf: npm run import -- <datei.jsonl> [--overwrite]   (Datei von npm run export)');
    process.exitCode = 2;
    return;
  }
  const store = openDb();
  const { endpoint, region } = configuredStore();
  const where = endpoint ?? `DynamoDB ${region}`;
  try {
    const count = await importTable(store, createReadStream(resolve(file)), { overwrite });
    console.error(`Importiert: ${count} Einträge aus ${file} in die Tabelle ${store.tableName} (${where}).`);
  } catch (err) {
    console.error(err instanceof ImportRefused ? err.message : `Import fehlgeschlagen (Tabelle ${store.tableName}, ${where}): ${(err as Error).message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
