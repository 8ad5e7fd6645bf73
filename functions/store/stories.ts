import { BatchWriteCommand, DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ConsentRecord, earliestExpiry, latestConsents } from '@newsroom/domain/consent.ts';
import { ConflictError } from '@newsroom/domain/errors.ts';
import type { PartnerId } from '@newsroom/domain/partners.ts';
import type { ReadBack } from '@newsroom/domain/read-back.ts';
import { type AuditEntry, type RevisionStatus, Story, type StoryDraftInput, type StoryRevision, type StoryStatus } from '@newsroom/domain/story.ts';
import { withoutUnsafeText } from '@newsroom/domain/text.ts';
import { type Db, db } from './client.ts';
import { markGone, storyAddress, unmarkGone } from './gone.ts';
import { putNew, queryAll, queryIndex, stripKeys, writeVersion } from './versioned.ts';

const key = (id: string) => ({ PK: `STORY#${id}`, SK: 'STORY' });
const pad = (n: number) => String(n).padStart(6, '0');
const auditKey = (id: string, seq: number) => ({ PK: `STORY#${id}`, SK: `AUDIT#${pad(seq)}` });
const consentKey = (id: string, c: Pick<ConsentRecord, 'personId' | 'version'>) => ({ PK: `STORY#${id}`, SK: `CONSENT#${c.personId}#${pad(c.version)}` });

/**
 * The story item has a fixed upper size, so no history can block a write to it (DynamoDB
 * refuses items over 400 KB; a withdrawal after a few hundred consent corrections used to
 * fail that way while the story stayed public). It holds the content (bounded by the
 * schema), the current consent of each person (at most one per letter A–Z), the read-back,
 * and of the audit trail only the latest entry of each action (a fixed set): enough for
 * lists (who submitted, who returned) and for the entry of the latest change.
 *
 * Everything older lives in items of its own beside it (access patterns 14 and 15):
 * `AUDIT#<seq>` for each audit entry, `CONSENT#<person>#<version>` for each consent
 * version. A record moves there when the item drops it, and the item drops it only in a
 * write that replaces it, so each write first copies what it is about to drop (records
 * of the version it read, already committed and never changed, under keys they alone
 * have: a retry or a lost race writes the same bytes again), then makes its one
 * conditional write. A crash in between leaves a copy and the item as it was; nothing is
 * ever only in a write that did not happen. `getStory` joins the item and its history.
 */
type Numbered = AuditEntry & { seq: number };
interface Parts {
  consents: ConsentRecord[];
  audit: Numbered[];
  /** The number of the latest audit entry. */
  auditSeq: number;
}

function partsOf(item: Record<string, unknown>): Parts {
  const audit = (item.audit ?? []) as (AuditEntry & { seq?: number })[];
  const consents = (item.consents ?? []) as ConsentRecord[];
  // Items from before the history moved out hold every entry, unnumbered and in order.
  if (typeof item.auditSeq !== 'number') return { consents, audit: audit.map((e, i) => ({ ...e, seq: i + 1 })), auditSeq: audit.length };
  return { consents, audit: audit as Numbered[], auditSeq: item.auditSeq };
}

/** The latest entry of each action, oldest first. */
function latestPerAction(entries: readonly Numbered[]): Numbered[] {
  const latest = new Map<string, Numbered>();
  for (const e of entries) if ((latest.get(e.action)?.seq ?? 0) < e.seq) latest.set(e.action, e);
  return [...latest.values()].sort((a, b) => a.seq - b.seq);
}

const currentOnly = (records: readonly ConsentRecord[]) => [...latestConsents(records).values()].sort((a, b) => a.personId.localeCompare(b.personId));
const consentId = (c: Pick<ConsentRecord, 'personId' | 'version'>) => `${c.personId}#${c.version}`;

/** Copies what the item is about to drop into the history items (idempotent puts). */
async function keepHistory(d: Db, id: string, before: Parts, after: Pick<Parts, 'consents' | 'audit'>): Promise<void> {
  const keptAudit = new Set(after.audit.map((e) => e.seq));
  const keptConsents = new Set(after.consents.map(consentId));
  const items = [
    ...before.audit.filter((e) => !keptAudit.has(e.seq)).map((e) => ({ ...auditKey(id, e.seq), ...e })),
    ...before.consents.filter((c) => !keptConsents.has(consentId(c))).map((c) => ({ ...consentKey(id, c), ...c })),
  ];
  for (let i = 0; i < items.length; i += 25) {
    let requests: Record<string, unknown[]> | undefined = { [d.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
    while (requests && Object.keys(requests).length > 0) {
      const out = await d.doc.send(new BatchWriteCommand({ RequestItems: requests as never }));
      requests = out.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  }
}

/** Every item under the story's key whose sort key starts with `prefix`, without its keys. */
async function itemsUnder(d: Db, id: string, prefix: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await d.doc.send(
      new QueryCommand({
        TableName: d.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': `STORY#${id}`, ':sk': prefix },
        ExclusiveStartKey,
        ConsistentRead: true,
      }),
    );
    out.push(...(page.Items ?? []).map(({ PK: _p, SK: _s, ...rest }) => rest));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** Stories whose consents the expiry index watches: everything not finished. */
const WATCHED: ReadonlySet<StoryStatus> = new Set(['draft', 'submitted', 'returned', 'partner-approved', 'press-approved', 'published']);

/**
 * The index attributes follow the story's state; they are recomputed on every write, so
 * a revision enters and leaves its work queue in the write of its own step.
 */
function indexKeys(s: Pick<Story, 'id' | 'partner' | 'status' | 'updatedAt' | 'publishedAt' | 'consents' | 'revision'>) {
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
    // Sparse: a story is in a revision queue only while a change to it is pending.
    GSI4PK: s.revision ? `REVISION#${s.revision.status}` : undefined,
    GSI4SK: s.revision ? `${s.partner}#${s.revision.updatedAt}#${s.id}` : undefined,
  };
}

/**
 * A story as its item holds it: the current consent of each person, and of the audit
 * trail the latest entry of each action. What lists, the publisher and the scheduler read.
 * Here and in getStory, text stored before the character rule (domain/text.ts) is
 * cleaned on reading, so it can still be opened and fixed.
 */
const fromItem = (item: Record<string, unknown>): Story => Story.parse(withoutUnsafeText(stripKeys(item)));

/** The item for `story`: bounded, whatever history `story` carries. */
function toItem(story: Story, parts: Pick<Parts, 'consents' | 'audit' | 'auditSeq'>) {
  return { ...story, consents: parts.consents, audit: parts.audit, auditSeq: parts.auditSeq };
}

export async function putNewStory(story: Story, d: Db = db()): Promise<void> {
  const all: Parts = { consents: story.consents, audit: story.audit.map((e, i) => ({ ...e, seq: i + 1 })), auditSeq: story.audit.length };
  const kept = { consents: currentOnly(all.consents), audit: latestPerAction(all.audit), auditSeq: all.auditSeq };
  await putNew(d, key(story.id), indexKeys(story), toItem(story, kept));
  await keepHistory(d, story.id, all, kept);
}

async function readItem(id: string, d: Db): Promise<Record<string, unknown> | undefined> {
  return (await d.doc.send(new GetCommand({ TableName: d.tableName, Key: key(id), ConsistentRead: true }))).Item;
}

/**
 * The story with its whole history: every consent version and the whole audit trail
 * (the item joined with its history items). What the editor, the workflow's decisions,
 * the withdrawal report and the Art. 15 export read.
 */
export async function getStory(id: string, d: Db = db()): Promise<Story | undefined> {
  const [item, audit, consents] = await Promise.all([readItem(id, d), itemsUnder(d, id, 'AUDIT#'), itemsUnder(d, id, 'CONSENT#')]);
  if (!item) return undefined;
  const parts = partsOf(item);
  const trail = new Map((audit as Numbered[]).map((e) => [e.seq, e]));
  for (const e of parts.audit) trail.set(e.seq, e);
  const records = new Map((consents as ConsentRecord[]).map((c) => [consentId(c), c]));
  for (const c of parts.consents) records.set(consentId(c), c);
  return Story.parse(
    withoutUnsafeText({
      ...stripKeys(item),
      audit: [...trail.values()].sort((a, b) => a.seq - b.seq),
      consents: [...records.values()].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || consentId(a).localeCompare(consentId(b))),
    }),
  );
}

/** The story as its item holds it (current consents, the latest entry of each action): for readers that need no history. */
export async function getStoryItem(id: string, d: Db = db()): Promise<Story | undefined> {
  const item = await readItem(id, d);
  return item ? fromItem(item) : undefined;
}

interface Change {
  /** The version the caller read; the write fails with ConflictError otherwise. */
  expectedVersion: number;
  audit: AuditEntry;
  content?: StoryDraftInput;
  status?: StoryStatus;
  publishedAt?: string;
  /** The planned publication; null removes it. Any change of status removes it too: a plan belongs to the approved text. */
  publishAt?: string | null;
  returnComment?: string | null;
  /** A new consent version (the person's earlier ones move to the history). */
  consent?: ConsentRecord;
  readBack?: ReadBack;
  /** Who changed the text (with `content` when it differs from before). */
  lastEditor?: { id: string; name: string };
  submittedBy?: string;
  /** The pending revision as it is after this change; null removes it (published or discarded). */
  revision?: StoryRevision | null;
}

/** The item as stored, if it is still at `version`; otherwise the conflict the write would have met. */
async function itemAt(id: string, version: number, d: Db): Promise<Record<string, unknown>> {
  const item = await readItem(id, d);
  if (!item || item.version !== version) throw new ConflictError('story', await getStory(id, d));
  return item;
}

/**
 * One conditional UpdateItem: content and/or state, the new version number and the
 * audit entry together, or nothing at all; before it, the copies of what the item drops.
 * Returns the story with the history `current` carried plus this change.
 */
export async function updateStory(current: Story, change: Change, d: Db = db()): Promise<Story> {
  const item = await itemAt(current.id, change.expectedVersion, d);
  const parts = partsOf(item);
  const entry: Numbered = { ...change.audit, seq: parts.auditSeq + 1 };
  const kept = {
    consents: currentOnly(change.consent ? [...parts.consents, change.consent] : parts.consents),
    audit: latestPerAction([...parts.audit, entry]),
    auditSeq: entry.seq,
  };
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
    lastEditorId: change.lastEditor?.id ?? current.lastEditorId,
    lastEditorName: change.lastEditor?.name ?? current.lastEditorName,
    submittedBy: change.submittedBy ?? current.submittedBy,
    // A withdrawal ends the story, and with it any change prepared for it (it describes the same people).
    revision: change.revision === null || change.status === 'withdrawn' ? undefined : (change.revision ?? current.revision),
    audit: [...current.audit, change.audit],
  };
  if (change.publishAt) next.publishAt = change.publishAt;
  if (change.publishAt === null || next.status !== current.status) delete next.publishAt;
  if (change.returnComment === null) delete next.returnComment;
  else if (change.returnComment !== undefined) next.returnComment = change.returnComment;

  // The gone list follows the story's address in the order functions/store/gone.ts explains.
  const address = storyAddress(current.slug);
  if (next.status === 'published' && current.status !== 'published') await unmarkGone(address, d);
  await keepHistory(d, current.id, parts, kept);
  const saved = await writeVersion(
    d,
    key(current.id),
    stripKeys(item) as Story,
    toItem(next, kept),
    indexKeys(next),
    change.audit,
    () => getStory(current.id, d),
    { entity: 'story', audit: 'attribute' },
  );
  if (current.status === 'published' && next.status !== 'published') await markGone({ path: address, kind: 'story', id: current.id }, change.audit.at, d);
  return { ...fromItem(saved), consents: next.consents, audit: next.audit };
}

export interface Page {
  items: Story[];
  /** Opaque cursor for the next page, absent on the last page. */
  next?: string;
}

async function query(index: 'GSI1' | 'GSI2' | 'GSI4', pk: string, prefix: string | undefined, opts: { limit?: number; cursor?: string }, d: Db): Promise<Page> {
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

/**
 * Access pattern 17: stories whose pending revision is in `status`, of one partner
 * (newest change first) or, without a partner, of all (by partner, then newest first).
 */
export function listByRevisionStatus(partner: PartnerId | undefined, status: RevisionStatus, opts: { limit?: number; cursor?: string } = {}, d: Db = db()) {
  return query('GSI4', `REVISION#${status}`, partner ? `${partner}#` : undefined, opts, d);
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

/**
 * Replaces a story as a whole (erasure), guarded by its version: the item keeps no
 * consent and no comment; the last entry of `next.audit` is the erasure's own.
 * `eraseHistory` then clears the history items.
 */
export async function replaceStory(current: Story, next: Story, d: Db = db()): Promise<Story> {
  const item = await itemAt(current.id, current.version, d);
  const parts = partsOf(item);
  const uncommented = ({ comment: _c, ...e }: Numbered): Numbered => e;
  const entry: Numbered = { ...next.audit.at(-1)!, seq: parts.auditSeq + 1 };
  const kept = { consents: [], audit: latestPerAction([...parts.audit.map(uncommented), entry]), auditSeq: entry.seq };
  const full: Story = { ...next, version: current.version + 1 };
  // Consents are not copied: erasure removes them.
  await keepHistory(d, current.id, { ...parts, audit: parts.audit.map(uncommented), consents: [] }, kept);
  // The erased record keeps no address, so a public one goes on the gone list first (functions/store/gone.ts).
  const address = current.publishedAt ? storyAddress(current.slug) : undefined;
  const listed = address ? await markGone({ path: address, kind: 'story', id: current.id }, entry.at, d) : false;
  try {
    const saved = await writeVersion(d, key(current.id), stripKeys(item) as Story, toItem(full, kept), indexKeys(full), entry, () => getStory(current.id, d), {
      entity: 'story',
      audit: 'attribute',
    });
    return { ...fromItem(saved), audit: next.audit };
  } catch (err) {
    if (listed && address) await unmarkGone(address, d);
    throw err;
  }
}

/**
 * Erasure's part of the history: every consent version goes, audit entries keep who did
 * what when but lose their comments (they may quote the text). Idempotent.
 */
export async function eraseHistory(id: string, d: Db = db()): Promise<void> {
  for (const c of (await itemsUnder(d, id, 'CONSENT#')) as ConsentRecord[]) {
    await d.doc.send(new DeleteCommand({ TableName: d.tableName, Key: consentKey(id, c) }));
  }
  for (const e of (await itemsUnder(d, id, 'AUDIT#')) as Numbered[]) {
    if (e.comment === undefined) continue;
    await d.doc.send(
      new UpdateCommand({ TableName: d.tableName, Key: auditKey(id, e.seq), UpdateExpression: 'REMOVE #c', ExpressionAttributeNames: { '#c': 'comment' } }),
    );
  }
}
