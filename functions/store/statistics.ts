import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, type EntityKind } from '@newsroom/domain/errors.ts';
import type { PartnerId } from '@newsroom/domain/partners.ts';
import { defaultSettings, Settings } from '@newsroom/domain/statistics.ts';
import { Snapshot } from '@newsroom/domain/statistics-snapshot.ts';
import { Submission, type SubmissionStatus } from '@newsroom/domain/statistics-workflow.ts';
import { type Db, db } from './client.ts';
import { queryAll as queryIndexAll } from './versioned.ts';

/**
 * Statistics items in the single table (access patterns S1–S7 in table.ts).
 *
 * Every change is one conditional PutItem of the whole item: the new state, the next
 * version and the appended audit entry land together, and only if the stored version
 * is still the one the caller read. The items are small (a submission is a few
 * hundred bytes, a published snapshot a few kilobytes), so replacing them whole costs
 * one write unit like an update would, and keeps the write obviously atomic.
 */

const SETTINGS_KEY = { PK: 'STATS#SETTINGS', SK: 'SETTINGS' };
const subKey = (id: string) => ({ PK: `STATS#SUB#${id}`, SK: 'SUB' });
const snapKey = (date: string) => ({ PK: `STATS#SNAPSHOT#${date}`, SK: 'SNAPSHOT' });

function subIndexKeys(s: Submission) {
  return {
    GSI1PK: `STATS#PARTNER#${s.partner}`,
    GSI1SK: `${s.date}#${s.municipality}`,
    GSI2PK: `STATS#DATE#${s.date}`,
    GSI2SK: `${s.status}#${s.partner}#${s.municipality}`,
  };
}

function snapIndexKeys(s: Snapshot) {
  return {
    GSI1PK: 'STATS#SNAPSHOTS',
    GSI1SK: s.date,
    // Sparse: only published snapshots are in the site's list.
    ...(s.status === 'published' ? { GSI2PK: 'STATS#PUBLISHED', GSI2SK: s.date } : {}),
  };
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, GSI2PK: _e, GSI2SK: _f, ...rest } = item;
  return rest;
}

const isConditionFailure = (err: unknown) => err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException';

let writes = 0;

/** How many statistics writes this process has made: a cache of figures (stories/reidentification-context.ts) notices a change made here at once. */
export const statisticsWrites = () => writes;

/** Writes the item if it does not exist (expected 0) or still has `expectedVersion`; throws ConflictError otherwise. */
async function conditionalPut(
  d: Db,
  entity: EntityKind,
  item: Record<string, unknown>,
  expectedVersion: number,
  reload: () => Promise<unknown>,
): Promise<void> {
  try {
    await d.doc.send(
      new PutCommand({
        TableName: d.tableName,
        Item: item,
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : {
              ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
      }),
    );
    writes++;
  } catch (err) {
    if (isConditionFailure(err)) throw new ConflictError(entity, await reload());
    throw err;
  }
}

/** Every item of a Query, through the one paginated Query the store has (functions/store/versioned.ts). */
const queryAll = (d: Db, index: 'GSI1' | 'GSI2', pk: string, skPrefix?: string, newestFirst = true) =>
  queryIndexAll(d, index, pk, { prefix: skPrefix, ascending: !newestFirst });

// --- Settings (S1) ---------------------------------------------------------------

/** The assignment and threshold; the defaults (nothing assigned, threshold 5) until an administrator saves. */
export async function getSettings(d: Db = db()): Promise<Settings> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: SETTINGS_KEY, ConsistentRead: true }));
  return out.Item ? Settings.parse(strip(out.Item)) : defaultSettings();
}

/** `next.version` must be the read version + 1. */
export async function saveSettings(next: Settings, d: Db = db()): Promise<Settings> {
  await conditionalPut(d, 'settings', { ...SETTINGS_KEY, ...next }, next.version - 1, () => getSettings(d));
  return next;
}

// --- Submissions (S2–S4) -----------------------------------------------------------

export async function getSubmission(id: string, d: Db = db()): Promise<Submission | undefined> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: subKey(id), ConsistentRead: true }));
  return out.Item ? Submission.parse(strip(out.Item)) : undefined;
}

/** Creates a submission; the natural id makes a second one for the same partner, municipality and date fail. */
export async function putNewSubmission(s: Submission, d: Db = db()): Promise<void> {
  await conditionalPut(d, 'submission', { ...subKey(s.id), ...subIndexKeys(s), ...s }, 0, () => getSubmission(s.id, d));
}

/** Replaces a submission with `next` (version = read version + 1) in one conditional write. */
export async function replaceSubmission(next: Submission, d: Db = db()): Promise<Submission> {
  await conditionalPut(d, 'submission', { ...subKey(next.id), ...subIndexKeys(next), ...next }, next.version - 1, () => getSubmission(next.id, d));
  return next;
}

/** S3: a partner's submissions, newest reporting date first, optionally of one date. */
export async function submissionsOfPartner(partner: PartnerId, date?: string, d: Db = db()): Promise<Submission[]> {
  return (await queryAll(d, 'GSI1', `STATS#PARTNER#${partner}`, date ? `${date}#` : undefined)).map((i) => Submission.parse(strip(i)));
}

/** S4: all submissions of one reporting date, optionally in one status (press queue, aggregate). */
export async function submissionsOfDate(date: string, status?: SubmissionStatus, d: Db = db()): Promise<Submission[]> {
  return (await queryAll(d, 'GSI2', `STATS#DATE#${date}`, status ? `${status}#` : undefined, false)).map((i) => Submission.parse(strip(i)));
}

// --- Snapshots (S5–S7) -------------------------------------------------------------

export async function getSnapshot(date: string, d: Db = db()): Promise<Snapshot | undefined> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: snapKey(date), ConsistentRead: true }));
  return out.Item ? Snapshot.parse(strip(out.Item)) : undefined;
}

export async function putNewSnapshot(s: Snapshot, d: Db = db()): Promise<void> {
  await conditionalPut(d, 'snapshot', { ...snapKey(s.date), ...snapIndexKeys(s), ...s }, 0, () => getSnapshot(s.date, d));
}

export async function replaceSnapshot(next: Snapshot, d: Db = db()): Promise<Snapshot> {
  await conditionalPut(d, 'snapshot', { ...snapKey(next.date), ...snapIndexKeys(next), ...next }, next.version - 1, () => getSnapshot(next.date, d));
  return next;
}

/** S6: every reporting date, newest first (editor). */
export async function allSnapshots(d: Db = db()): Promise<Snapshot[]> {
  return (await queryAll(d, 'GSI1', 'STATS#SNAPSHOTS')).map((i) => Snapshot.parse(strip(i)));
}

/** S7: the published snapshots, newest first (the public site, once per build). */
export async function publishedSnapshots(d: Db = db()): Promise<Snapshot[]> {
  return (await queryAll(d, 'GSI2', 'STATS#PUBLISHED')).map((i) => Snapshot.parse(strip(i)));
}
