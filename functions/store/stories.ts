import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { earliestExpiry, type ConsentRecord } from '../domain/consent.ts';
import type { PartnerId } from '../domain/partners.ts';
import type { ReadBack } from '../domain/read-back.ts';
import { Story, type AuditEntry, type StoryDraftInput, type StoryStatus } from '../domain/story.ts';
import { db, type Db } from './client.ts';
import { putNew, queryAll, queryIndex, stripKeys, VersionConflict, writeVersion } from './versioned.ts';

export { VersionConflict };

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

const fromItem = (item: Record<string, unknown>): Story => Story.parse(stripKeys(item));

export async function putNewStory(story: Story, d: Db = db()): Promise<void> {
  await putNew(d, key(story.id), indexKeys(story), story);
}

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
  readBack?: ReadBack;
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
    readBack: change.readBack ?? current.readBack,
    audit: [...current.audit, change.audit],
  };
  if (change.returnComment === null) delete next.returnComment;
  else if (change.returnComment !== undefined) next.returnComment = change.returnComment;

  const item = await writeVersion(d, key(current.id), { ...current, version: change.expectedVersion }, next, indexKeys(next), change.audit, () => getStory(current.id, d));
  return fromItem(item);
}

export interface Page {
  items: Story[];
  /** Opaque cursor for the next page, absent on the last page. */
  next?: string;
}

async function query(index: 'GSI1' | 'GSI2', pk: string, prefix: string | undefined, opts: { limit?: number; cursor?: string }, d: Db): Promise<Page> {
  const page = await queryIndex(d, index, pk, { ...opts, prefix });
  return { items: page.items.map(fromItem), next: page.next };
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
  return (await queryAll(d, 'GSI2', `STATUS#${status}`)).map(fromItem);
}

/** Stories in `status` last changed at or before `until` (drafts for the retention rule). */
export async function inStatusUntil(status: StoryStatus, until: string, d: Db = db()): Promise<Story[]> {
  return (await queryAll(d, 'GSI2', `STATUS#${status}`, { atMost: `${until}#~`, ascending: true })).map(fromItem);
}

/** Every published story, newest first (the publisher's input). */
export const allPublished = (d: Db = db()) => allInStatus('published', d);

/**
 * Access pattern 4: a partner's watched stories whose earliest current consent runs
 * out on or before `day` (YYYY-MM-DD), soonest first: the expiry scheduler and the
 * editor's "Einwilligungen laufen bald ab".
 */
export async function expiringBy(partner: PartnerId, day: string, d: Db = db()): Promise<Story[]> {
  // "~" sorts after "#", so every key of that day is included.
  return (await queryAll(d, 'GSI3', `EXPIRY#${partner}`, { atMost: `${day}~`, ascending: true })).map(fromItem);
}

/** Replaces a story as a whole (erasure), guarded by its version, with the audit entry. */
export async function replaceStory(current: Story, next: Story, d: Db = db()): Promise<Story> {
  const full: Story = { ...next, version: current.version + 1 };
  return fromItem(await writeVersion(d, key(current.id), current, full, indexKeys(full), undefined, () => getStory(current.id, d), { replaceAudit: true }));
}
