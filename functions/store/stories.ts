import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PartnerId } from '../domain/partners.ts';
import { earliestExpiry, type ConsentRecord } from '../domain/consent.ts';
import { Story, type AuditEntry, type StoryDraftInput, type StoryStatus } from '../domain/story.ts';
import { db, type Db } from './client.ts';

/** Raised when a conditional write finds another version than the caller read. */
export class VersionConflict extends Error {
  readonly current: Story | undefined;
  constructor(current: Story | undefined) {
    super('version conflict');
    this.current = current;
  }
}

const key = (id: string) => ({ PK: `STORY#${id}`, SK: 'STORY' });

/** Stories whose consents the expiry index watches: everything not finished. */
const WATCHED: ReadonlySet<StoryStatus> = new Set(['draft', 'submitted', 'returned', 'partner-approved', 'press-approved', 'published']);

/** The index attributes follow the story's state; they are recomputed on every write. */
function indexKeys(s: Pick<Story, 'id' | 'partner' | 'status' | 'updatedAt' | 'publishedAt' | 'consents'>) {
  const sortTime = s.status === 'published' ? (s.publishedAt ?? s.updatedAt) : s.updatedAt;
  const expiry = WATCHED.has(s.status) ? earliestExpiry(s.consents) : undefined;
  return {
    GSI1PK: `PARTNER#${s.partner}`,
    GSI1SK: `${s.status}#${s.updatedAt}#${s.id}`,
    GSI2PK: `STATUS#${s.status}`,
    GSI2SK: `${sortTime}#${s.id}`,
    // Sparse: only stories with a current consent are in the expiry index.
    GSI3PK: expiry ? `EXPIRY#${s.partner}` : undefined,
    GSI3SK: expiry ? `${expiry}#${s.id}` : undefined,
  };
}

function fromItem(item: Record<string, unknown>): Story {
  const { PK: _pk, SK: _sk, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, GSI3PK: _e, GSI3SK: _f, ...rest } = item;
  return Story.parse(rest);
}

export async function putNewStory(story: Story, d: Db = db()): Promise<void> {
  await d.doc.send(new PutCommand({
    TableName: d.tableName,
    Item: { ...key(story.id), ...withoutUndefined(indexKeys(story)), ...story },
    ConditionExpression: 'attribute_not_exists(PK)',
  }));
}

const withoutUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export async function getStory(id: string, d: Db = db()): Promise<Story | undefined> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: key(id), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
}

interface Change {
  /** The version the caller read; the write fails with VersionConflict otherwise. */
  expectedVersion: number;
  audit: AuditEntry;
  content?: StoryDraftInput;
  status?: StoryStatus;
  publishedAt?: string;
  returnComment?: string | null;
  /** Appended to the story's consent versions (never replaces one). */
  consent?: ConsentRecord;
}

/**
 * One conditional UpdateItem: content and/or state, the new version number and the
 * audit entry together, or nothing at all.
 */
export async function updateStory(current: Story, change: Change, d: Db = db()): Promise<Story> {
  const next: Story = {
    ...current,
    // Content is replaced as a whole (PUT semantics): a field left out is removed.
    ...(change.content ? { teaser: undefined, municipality: undefined, topics: undefined, body: undefined, ...change.content } : {}),
    status: change.status ?? current.status,
    version: change.expectedVersion + 1,
    updatedAt: change.audit.at,
    publishedAt: change.publishedAt ?? current.publishedAt,
    consents: change.consent ? [...current.consents, change.consent] : current.consents,
    audit: [...current.audit, change.audit],
  };
  if (change.returnComment === null) delete next.returnComment;
  else if (change.returnComment !== undefined) next.returnComment = change.returnComment;

  const { id: _id, audit: _audit, ...fields } = { ...next, ...indexKeys(next) };
  const names: Record<string, string> = { '#version': 'version', '#audit': 'audit' };
  const values: Record<string, unknown> = { ':expected': change.expectedVersion, ':entry': [change.audit] };
  const sets = ['#audit = list_append(#audit, :entry)'];
  const removes: string[] = [];
  const before = current as Record<string, unknown>;
  const fieldValues = fields as Record<string, unknown>;
  for (const k of new Set([...Object.keys(fields), ...Object.keys(before).filter((n) => n !== 'id' && n !== 'audit')])) {
    const v = fieldValues[k];
    if (v === undefined) {
      // Index keys are not part of the parsed story, so a sparse key is removed unconditionally.
      if (before[k] !== undefined || k.startsWith('GSI')) {
        names[`#${k}`] = k;
        removes.push(`#${k}`);
      }
      continue;
    }
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  try {
    const out = await d.doc.send(new UpdateCommand({
      TableName: d.tableName,
      Key: key(current.id),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }));
    return fromItem(out.Attributes!);
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') {
      throw new VersionConflict(await getStory(current.id, d));
    }
    throw err;
  }
}

export interface Page {
  items: Story[];
  /** Opaque cursor for the next page, absent on the last page. */
  next?: string;
}

const encodeCursor = (k: Record<string, unknown> | undefined) => (k ? Buffer.from(JSON.stringify(k)).toString('base64url') : undefined);
const decodeCursor = (c: string | undefined) => {
  if (!c) return undefined;
  try {
    return JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

async function query(index: 'GSI1' | 'GSI2' | 'GSI3', pk: string, skPrefix: string | undefined, opts: { limit?: number; cursor?: string }, d: Db): Promise<Page> {
  const pkName = `${index}PK`;
  const skName = `${index}SK`;
  const out = await d.doc.send(new QueryCommand({
    TableName: d.tableName,
    IndexName: index,
    KeyConditionExpression: skPrefix ? '#pk = :pk AND begins_with(#sk, :sk)' : '#pk = :pk',
    ExpressionAttributeNames: skPrefix ? { '#pk': pkName, '#sk': skName } : { '#pk': pkName },
    ExpressionAttributeValues: skPrefix ? { ':pk': pk, ':sk': skPrefix } : { ':pk': pk },
    ScanIndexForward: false,
    Limit: opts.limit ?? 50,
    ExclusiveStartKey: decodeCursor(opts.cursor),
  }));
  return { items: (out.Items ?? []).map(fromItem), next: encodeCursor(out.LastEvaluatedKey) };
}

/** Access pattern 2: a partner's stories, newest change first, optionally in one status. */
export function listByPartner(partner: PartnerId, status: StoryStatus | undefined, opts: { limit?: number; cursor?: string } = {}, d: Db = db()) {
  return query('GSI1', `PARTNER#${partner}`, status ? `${status}#` : undefined, opts, d);
}

/** Access pattern 3: all stories in one status, newest first (published: by publication time). */
export function listByStatus(status: StoryStatus, opts: { limit?: number; cursor?: string } = {}, d: Db = db()) {
  return query('GSI2', `STATUS#${status}`, undefined, opts, d);
}

/** Every story in `status`, newest first, following all pages. */
export async function allInStatus(status: StoryStatus, d: Db = db()): Promise<Story[]> {
  const all: Story[] = [];
  let cursor: string | undefined;
  do {
    const page = await listByStatus(status, { limit: 500, cursor }, d);
    all.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return all;
}

/** Every published story, newest first (the publisher's input). */
export const allPublished = (d: Db = db()) => allInStatus('published', d);

/**
 * Access pattern 4: a partner's watched stories whose earliest current consent runs
 * out on or before `day` (YYYY-MM-DD), soonest first: the expiry scheduler and the
 * editor's "Einwilligungen laufen bald ab".
 */
export async function expiringBy(partner: PartnerId, day: string, d: Db = db()): Promise<Story[]> {
  const all: Story[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await d.doc.send(new QueryCommand({
      TableName: d.tableName,
      IndexName: 'GSI3',
      KeyConditionExpression: '#pk = :pk AND #sk <= :day',
      ExpressionAttributeNames: { '#pk': 'GSI3PK', '#sk': 'GSI3SK' },
      // "~" sorts after "#", so every key of that day is included.
      ExpressionAttributeValues: { ':pk': `EXPIRY#${partner}`, ':day': `${day}~` },
      ExclusiveStartKey,
    }));
    all.push(...(out.Items ?? []).map(fromItem));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return all;
}
