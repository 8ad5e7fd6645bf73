import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type AttributeValue, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { type EmbeddedStore, ensureTable, startDynalite } from '@newsroom/infra-local/dynalite.ts';
import { exportTable } from '@newsroom/infra-local/export.ts';
import { ImportRefused, importTable } from '@newsroom/infra-local/import.ts';
import { seedDemoData } from '@newsroom/infra-local/seed.ts';
import { db } from '@newsroom/store/client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));

type Item = Record<string, AttributeValue>;

/** Every item of a table, in a stable order, for comparing two tables. */
async function everything(store: ReturnType<typeof db>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await store.raw.send(new ScanCommand({ TableName: store.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const key = (i: Item) => `${i.PK?.S}\u0000${i.SK?.S}`;
  return items.sort((a, b) => key(a).localeCompare(key(b)));
}

async function exportToString(store: ReturnType<typeof db>, pageSize?: number): Promise<{ count: number; text: string }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const count = await exportTable(store, out, { pageSize });
  out.end();
  return { count, text: Buffer.concat(chunks).toString('utf8') };
}

describe('npm run export / npm run import', () => {
  let dynalite: EmbeddedStore;
  let dir: string;
  let source: ReturnType<typeof db>;
  let tables = 0;
  const freshTable = async () => {
    const store = db({ endpoint: dynalite.endpoint, region: 'eu-central-1', tableName: `copy-${++tables}` });
    await ensureTable(store);
    return store;
  };

  beforeAll(async () => {
    dynalite = await startDynalite();
    dir = await mkdtemp(join(tmpdir(), 'export-import-'));
    source = dynalite.db;
    await seedDemoData(source);
    // Types the demo data does not use, so the round trip proves them too.
    await source.raw.send(
      new PutItemCommand({
        TableName: source.tableName,
        Item: {
          PK: { S: 'TEST#types' },
          SK: { S: 'A' },
          bytes: { B: Uint8Array.from([0, 1, 2, 250, 255]) },
          byteSet: { BS: [Uint8Array.from([1]), Uint8Array.from([2, 3])] },
          numbers: { NS: ['1', '2.5', '-3'] },
          strings: { SS: ['a', 'ä', '👍'] },
          nested: { M: { list: { L: [{ N: '12345678901234567890' }, { NULL: true }, { BOOL: false }, { M: { b: { B: Uint8Array.from([9]) } } }] } } },
          text: { S: 'Zeile 1\nZeile 2 – „Anführungszeichen“' },
        },
      }),
    );
  });
  afterAll(async () => {
    await dynalite?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('copies every item, page by page, into an empty table, and the copy equals the original', async () => {
    const original = await everything(source);
    expect(original.length).toBeGreaterThan(20);
    const { count, text } = await exportToString(source, 7);
    expect(count).toBe(original.length);
    expect(text.trim().split('\n')).toHaveLength(original.length);

    const copy = await freshTable();
    expect(await importTable(copy, Readable.from(text))).toBe(original.length);
    expect(await everything(copy)).toEqual(original);
  });

  it('writes DynamoDB JSON lines ({"Item": …}), binary as base64, the format of DynamoDB\'s own export', async () => {
    const { text } = await exportToString(source);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { Item: Record<string, Record<string, unknown>> });
    for (const line of lines) expect(Object.keys(line)).toEqual(['Item']);
    const typed = lines.find((l) => l.Item.PK?.S === 'TEST#types')!;
    expect(typed.Item.bytes).toEqual({ B: Buffer.from([0, 1, 2, 250, 255]).toString('base64') });
  });

  it('refuses to import into a table that already holds data, unless told to overwrite', async () => {
    const { text } = await exportToString(source);
    const copy = await freshTable();
    await importTable(copy, Readable.from(text));
    await expect(importTable(copy, Readable.from(text))).rejects.toThrow(ImportRefused);
    expect(await importTable(copy, Readable.from(text), { overwrite: true })).toBe(text.trim().split('\n').length);
    expect(await everything(copy)).toEqual(await everything(source));
  });

  it('says which line is broken instead of importing half a file silently', async () => {
    const copy = await freshTable();
    await expect(importTable(copy, Readable.from('{"Item":{"PK":{"S":"a"},"SK":{"S":"b"}}}\nnicht json\n'))).rejects.toThrow(/Zeile 2/);
  });

  it('runs as the npm scripts do, against the endpoint and table from the environment', async () => {
    const file = join(dir, 'newsroom.jsonl');
    const env = { ...process.env, DYNAMODB_ENDPOINT: dynalite.endpoint, AWS_REGION: 'eu-central-1' };
    const exported = await run(process.execPath, ['infra/local/export.ts', file], { cwd: REPO, env: { ...env, TABLE_NAME: source.tableName } });
    expect(exported.stderr).toMatch(/Exportiert: \d+ Einträge/);
    const copy = await freshTable();
    const imported = await run(process.execPath, ['infra/local/import.ts', file], { cwd: REPO, env: { ...env, TABLE_NAME: copy.tableName } });
    expect(imported.stderr).toMatch(/Importiert: \d+ Einträge/);
    expect(await everything(copy)).toEqual(await everything(source));
    // An export never overwrites an earlier file.
    await writeFile(join(dir, 'kept.jsonl'), 'alt\n');
    await expect(
      run(process.execPath, ['infra/local/export.ts', join(dir, 'kept.jsonl')], { cwd: REPO, env: { ...env, TABLE_NAME: source.tableName } }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/nicht überschrieben/) });
    expect(await readFile(join(dir, 'kept.jsonl'), 'utf8')).toBe('alt\n');
  });
});
