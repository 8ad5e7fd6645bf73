/**
 * `npm run export -- [file]`: writes the whole table as JSON lines, one item a line in
 * DynamoDB JSON (`{"Item":{"PK":{"S":"…"},…}}`), the format of DynamoDB's own export
 * to S3, so a file also fits DynamoDB's "import from S3". Without a file: to stdout.
 *
 * Works wherever the store code works: `DYNAMODB_ENDPOINT` (dynalite of `npm start`,
 * DynamoDB Local) or, unset, the real DynamoDB of `AWS_REGION` with the operator's
 * credentials; `TABLE_NAME` names the table (in AWS: the stack output `TableName`).
 *
 * This is a maintenance tool, so it reads with Scan: the application never scans
 * (every list is a Query, and the functions' IAM roles are not allowed to), but a
 * full copy has to read every item. Consistent reads, one page at a time.
 */

import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { configuredStore, type Db, db as openDb } from '@newsroom/store/client.ts';

type Item = Record<string, AttributeValue>;

/** DynamoDB JSON with binary values as base64, as DynamoDB's export writes them. */
export function toJsonValue(value: AttributeValue): unknown {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toJsonItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toJsonValue) };
  return value;
}

export function toJsonItem(item: Item): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toJsonValue(v)]));
}

export interface ExportOptions {
  /** Items per Scan request (default: as many as fit DynamoDB's 1 MB page). */
  pageSize?: number;
}

/** Scans the whole table page by page and writes one line per item; returns the count. */
export async function exportTable(store: Db, out: Writable, opts: ExportOptions = {}): Promise<number> {
  let count = 0;
  let startKey: Item | undefined;
  do {
    const page = await store.raw.send(
      new ScanCommand({
        TableName: store.tableName,
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
        Limit: opts.pageSize,
      }),
    );
    for (const item of page.Items ?? []) {
      if (!out.write(`${JSON.stringify({ Item: toJsonItem(item) })}\n`)) await new Promise((r) => out.once('drain', r));
      count += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

async function main() {
  const file = process.argv[2];
  const store = openDb();
  const { endpoint, region } = configuredStore();
  const where = endpoint ?? `DynamoDB ${region}`;
  try {
    // 'wx': an earlier export is never overwritten.
    const out = file ? (await open(resolve(file), 'wx')).createWriteStream() : process.stdout;
    const count = await exportTable(store, out);
    if (file) {
      out.end();
      await finished(out);
    }
    console.error(`Exportiert: ${count} Einträge aus der Tabelle ${store.tableName} (${where})${file ? ` nach ${file}` : ''}.`);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(
      e.code === 'EEXIST'
        ? `Die Datei ${file} gibt es schon; sie wird nicht überschrieben.`
        : `Export fehlgeschlagen (Tabelle ${store.tableName}, ${where}): ${e.message}`,
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
