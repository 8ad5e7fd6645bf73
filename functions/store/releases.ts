import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PartnerId } from '@newsroom/domain/partners.ts';
import { Release, type ReleaseAuditEntry, type ReleaseStatus } from '@newsroom/domain/release.ts';
import { withoutUnsafeText } from '@newsroom/domain/text.ts';
import { type Db, db } from './client.ts';
import { markGone, releaseAddress, unmarkGone } from './gone.ts';
import { putNew, type QueryOptions, queryAll, queryIndex, stripKeys, writeVersion } from './versioned.ts';

/**
 * Press releases in the single table (access patterns 5–8 in table.ts):
 * by id; a partner's releases by status (GSI1 RPARTNER#); all releases in a status by
 * their public or change time (GSI2 RSTATUS#; scheduled ones by embargo, so "due by
 * now" is one Query); published releases with a takedown time (GSI3 TAKEDOWN, sparse).
 */
const key = (id: string) => ({ PK: `RELEASE#${id}`, SK: 'RELEASE' });

function indexKeys(r: Release) {
  const sortTime = r.status === 'scheduled' ? r.embargoAt! : r.status === 'published' ? (r.publishedAt ?? r.updatedAt) : r.updatedAt;
  const takedown = r.status === 'published' || r.status === 'scheduled' ? r.takedownAt : undefined;
  return {
    GSI1PK: `RPARTNER#${r.partner}`,
    GSI1SK: `${r.status}#${r.updatedAt}#${r.id}`,
    GSI2PK: `RSTATUS#${r.status}`,
    GSI2SK: `${sortTime}#${r.id}`,
    GSI3PK: takedown ? 'TAKEDOWN' : undefined,
    GSI3SK: takedown ? `${takedown}#${r.id}` : undefined,
  };
}

// Text stored before the character rule (domain/text.ts) is cleaned on reading, so it can still be opened and fixed.
/**
 * Releases saved before photos were uploaded named files of content/media (`{ file, alt,
 * credit }`): such a reference has no processed files and says nothing about who is on the
 * picture, so it is dropped on reading (showing less never needs a consent).
 */
const withoutMediaFileReferences = (item: Record<string, unknown>) =>
  Array.isArray(item.photos) ? { ...item, photos: item.photos.filter((p: Record<string, unknown>) => !('file' in p)) } : item;

const fromItem = (item: Record<string, unknown>): Release => Release.parse(withoutUnsafeText(withoutMediaFileReferences(stripKeys(item))));

export async function putNewRelease(r: Release, d: Db = db()): Promise<void> {
  await putNew(d, key(r.id), indexKeys(r), r);
}

export async function getRelease(id: string, d: Db = db()): Promise<Release | undefined> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: key(id), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
}

/** Writes `next` (built by the caller from `current`) with its audit entry, guarded by `current.version`. */
export async function updateRelease(current: Release, next: Omit<Release, 'version' | 'audit'>, audit: ReleaseAuditEntry, d: Db = db()): Promise<Release> {
  const full: Release = { ...next, updatedAt: audit.at, version: current.version + 1, audit: [...current.audit, audit] };
  // The gone list follows the release's address in the order functions/store/gone.ts explains.
  const address = releaseAddress(current.slug);
  if (full.status === 'published' && current.status !== 'published') await unmarkGone(address, d);
  const saved = fromItem(await writeVersion(d, key(current.id), current, full, indexKeys(full), audit, () => getRelease(current.id, d), { entity: 'release' }));
  if (current.status === 'published' && full.status !== 'published') await markGone({ path: address, kind: 'release', id: current.id }, audit.at, d);
  return saved;
}

export async function releasesOfPartner(partner: PartnerId, status: ReleaseStatus | undefined, opts: QueryOptions = {}, d: Db = db()) {
  const page = await queryIndex(d, 'GSI1', `RPARTNER#${partner}`, { ...opts, prefix: status ? `${status}#` : undefined });
  return { items: page.items.map(fromItem), next: page.next };
}

export async function releasesInStatus(status: ReleaseStatus, opts: QueryOptions = {}, d: Db = db()) {
  const page = await queryIndex(d, 'GSI2', `RSTATUS#${status}`, opts);
  return { items: page.items.map(fromItem), next: page.next };
}

export async function allReleasesInStatus(status: ReleaseStatus, d: Db = db()): Promise<Release[]> {
  return (await queryAll(d, 'GSI2', `RSTATUS#${status}`)).map(fromItem);
}

/** Scheduled releases whose embargo is at or before `now`. */
export async function dueEmbargoes(now: Date, d: Db = db()): Promise<Release[]> {
  return (await queryAll(d, 'GSI2', 'RSTATUS#scheduled', { atMost: `${now.toISOString()}#~`, ascending: true })).map(fromItem);
}

/** Public releases whose takedown time is at or before `now`. */
export async function dueTakedowns(now: Date, d: Db = db()): Promise<Release[]> {
  return (await queryAll(d, 'GSI3', 'TAKEDOWN', { atMost: `${now.toISOString()}#~`, ascending: true })).map(fromItem);
}
