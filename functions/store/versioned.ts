import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, type EntityKind, InvalidCursor } from '@newsroom/domain/errors.ts';
import type { Db } from './client.ts';
import type { IndexName } from './table.ts';

/**
 * The write discipline every entity of the table follows: a change is one conditional
 * UpdateItem guarded by the version the caller read, carrying the new version, the
 * recomputed index keys and the audit entry together (dynalite has no transactions).
 */

export type Key = { PK: string; SK: string };
/** Index attributes; undefined removes the item from a sparse index. */
export type IndexKeys = Record<string, string | undefined>;

const INDEX_ATTRIBUTES = /^GSI\d+(PK|SK)$/;

export const withoutUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Strips the key and index attributes from a stored item. */
export function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => k !== 'PK' && k !== 'SK' && !INDEX_ATTRIBUTES.test(k)));
}

export async function putNew(d: Db, key: Key, indexKeys: IndexKeys, item: { audit?: unknown[] }): Promise<void> {
  await d.doc.send(
    new PutCommand({
      TableName: d.tableName,
      Item: { ...key, ...withoutUndefined(indexKeys), ...item },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  await mirrorAudit(d, key, item.audit?.at(-1) as AuditLike | undefined);
}

/**
 * Writes `next` over `before` if the stored version is still `before.version`: every
 * changed attribute is SET, every attribute gone from `next` is REMOVEd. Throws
 * ConflictError (naming `opts.entity`, with what is stored now) otherwise.
 *
 * `audit: 'append'` (releases, statistics) appends the entry to the item's own trail with
 * list_append; `audit: 'attribute'` (stories, which keep their trail in items of its own,
 * functions/store/stories.ts) treats `audit` as an ordinary attribute the caller computed.
 * Either way the entry goes to the global trail.
 */
export async function writeVersion<T extends { version: number }>(
  d: Db,
  key: Key,
  before: T,
  next: T,
  indexKeys: IndexKeys,
  auditEntry: AuditLike,
  reread: () => Promise<unknown>,
  opts: { entity: EntityKind; audit?: 'append' | 'attribute' },
): Promise<Record<string, unknown>> {
  const append = opts.audit !== 'attribute';
  const fields: Record<string, unknown> = { ...next, ...indexKeys };
  delete fields.id;
  if (append) delete fields.audit;
  const old = before as Record<string, unknown>;
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':expected': before.version };
  const sets: string[] = [];
  if (append) {
    names['#audit'] = 'audit';
    values[':entry'] = [auditEntry];
    sets.push('#audit = list_append(#audit, :entry)');
  }
  const removes: string[] = [];
  for (const k of new Set([...Object.keys(fields), ...Object.keys(old).filter((n) => n !== 'id' && !(append && n === 'audit'))])) {
    const v = fields[k];
    names[`#${k}`] = k;
    if (v === undefined) {
      // Index attributes are not part of the parsed entity, so a sparse key is removed unconditionally.
      if (old[k] !== undefined || INDEX_ATTRIBUTES.test(k)) removes.push(`#${k}`);
      else delete names[`#${k}`];
      continue;
    }
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  try {
    const out = await d.doc.send(
      new UpdateCommand({
        TableName: d.tableName,
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    await mirrorAudit(d, key, auditEntry);
    return out.Attributes!;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') {
      throw new ConflictError(opts.entity, await reread());
    }
    throw err;
  }
}

export interface RawPage {
  items: Record<string, unknown>[];
  /** Opaque cursor for the next page, absent on the last page. */
  next?: string;
}

const encodeCursor = (k: Record<string, unknown> | undefined) => (k ? Buffer.from(JSON.stringify(k)).toString('base64url') : undefined);

/**
 * The start key inside a cursor, accepted only when it is what `encodeCursor` wrote for
 * this very Query: exactly the table and index key attributes, non-empty strings, in
 * the partition being read. Anything else would reach DynamoDB as a ValidationException.
 */
const decodeCursor = (c: string | undefined, attributes: readonly string[], partition: Record<string, string>) => {
  if (c === undefined || c === '') return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new InvalidCursor();
  const entries = Object.entries(key);
  const wellFormed =
    entries.length === attributes.length &&
    entries.every(([k, v]) => attributes.includes(k) && typeof v === 'string' && v.length > 0 && v.length <= 1024) &&
    Object.entries(partition).every(([k, v]) => (key as Record<string, unknown>)[k] === v);
  if (!wellFormed) throw new InvalidCursor();
  return key as Record<string, string>;
};

/** DynamoDB's own refusal of a start key (e.g. one between items of another sort order) is the cursor's fault too. */
async function withCursor<T>(cursor: string | undefined, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (cursor && (err as Error).name === 'ValidationException') throw new InvalidCursor();
    throw err;
  }
}

export interface QueryOptions {
  /** Sort keys starting with this. */
  prefix?: string;
  /** Sort keys up to and including this (for "due by" queries). */
  atMost?: string;
  /** With `atMost`: sort keys from this on (a window of time). */
  atLeast?: string;
  limit?: number;
  cursor?: string;
  /** Oldest first instead of newest first. */
  ascending?: boolean;
}

/** One page of a Query on an index (never a Scan). */
export async function queryIndex(d: Db, index: IndexName, pk: string, opts: QueryOptions = {}): Promise<RawPage> {
  const names: Record<string, string> = { '#pk': `${index}PK` };
  const values: Record<string, unknown> = { ':pk': pk };
  let condition = '#pk = :pk';
  if (opts.prefix !== undefined) {
    names['#sk'] = `${index}SK`;
    values[':sk'] = opts.prefix;
    condition += ' AND begins_with(#sk, :sk)';
  } else if (opts.atMost !== undefined && opts.atLeast !== undefined) {
    names['#sk'] = `${index}SK`;
    values[':from'] = opts.atLeast;
    values[':sk'] = opts.atMost;
    condition += ' AND #sk BETWEEN :from AND :sk';
  } else if (opts.atMost !== undefined) {
    names['#sk'] = `${index}SK`;
    values[':sk'] = opts.atMost;
    condition += ' AND #sk <= :sk';
  }
  const start = decodeCursor(opts.cursor, ['PK', 'SK', `${index}PK`, `${index}SK`], { [`${index}PK`]: pk });
  const out = await withCursor(opts.cursor, () =>
    d.doc.send(
      new QueryCommand({
        TableName: d.tableName,
        IndexName: index,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: opts.ascending ?? false,
        Limit: opts.limit ?? 50,
        ExclusiveStartKey: start,
      }),
    ),
  );
  return { items: out.Items ?? [], next: encodeCursor(out.LastEvaluatedKey) };
}

/** Every item of a Query, following all pages. */
export async function queryAll(d: Db, index: IndexName, pk: string, opts: Omit<QueryOptions, 'cursor' | 'limit'> = {}): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryIndex(d, index, pk, { ...opts, cursor, limit: 500 });
    all.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return all;
}

export interface AuditLike {
  at: string;
  by: string;
  byName: string;
  action: string;
  from?: string;
  to?: string;
}

/**
 * The global audit trail (access pattern 11: PK = AUDIT#<YYYY-MM>, SK = <at>#<entity key>):
 * a copy of each entry's who/when/what, written after the item's own write. Comments are
 * left out on purpose: they may quote story text, and erasure must not have to chase
 * copies. The item's own trail stays the record; this is the index over all of them.
 */
export async function mirrorAudit(d: Db, key: Pick<Key, 'PK'>, entry: AuditLike | undefined): Promise<void> {
  if (!entry?.at) return;
  const { at, by, byName, action, from, to } = entry;
  await d.doc.send(
    new PutCommand({
      TableName: d.tableName,
      Item: withoutUndefined({ PK: `AUDIT#${at.slice(0, 7)}`, SK: `${at}#${key.PK}`, entity: key.PK, at, by, byName, action, from, to }),
    }),
  );
}

/** The global audit trail of one month, newest first. */
export async function auditOfMonth(d: Db, month: string, cursor?: string, limit = 100): Promise<RawPage> {
  const start = decodeCursor(cursor, ['PK', 'SK'], { PK: `AUDIT#${month}` });
  const out = await withCursor(cursor, () =>
    d.doc.send(
      new QueryCommand({
        TableName: d.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `AUDIT#${month}` },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    ),
  );
  return { items: (out.Items ?? []).map(({ PK: _p, SK: _s, ...e }) => e), next: encodeCursor(out.LastEvaluatedKey) };
}
