import { readFileSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { demoUsers } from '@newsroom/content/seed/users.ts';
import { fromBerlinLocal } from '@newsroom/domain/berlin-time.ts';
import { berlinDay } from '@newsroom/domain/consent.ts';
import { PartnerId } from '@newsroom/domain/partners.ts';
import { Release, type ReleaseAuditEntry, ReleaseInput, type ReleasePhoto } from '@newsroom/domain/release.ts';
import { slugify } from '@newsroom/domain/story.ts';
import type { Db } from '@newsroom/store/client.ts';
import { getPhoto } from '@newsroom/store/photos.ts';
import { getRelease, putNewRelease, updateRelease } from '@newsroom/store/releases.ts';
import * as z from 'zod/mini';
import { subjectOf } from './dev-idp.ts';

const DAY = 86_400_000;

const SeedRelease = z
  .extend(ReleaseInput, {
    id: z.string().check(z.regex(/^[a-z0-9]{10}$/)),
    partner: PartnerId,
    author: z.string(),
    status: z.enum(['published', 'scheduled']),
    /** Published ones: how long ago (the public date). */
    daysAgo: z.optional(z.number().check(z.int(), z.gte(0))),
    /** Scheduled ones: the embargo, at 10:00 Berlin time this many days after the seed. */
    embargoInDays: z.optional(z.number().check(z.int(), z.gte(1))),
    /** A correction some days after publication (the page shows its note). */
    correction: z.optional(z.object({ daysAfter: z.number().check(z.int(), z.gte(1)), note: z.string().check(z.minLength(10)) })),
  })
  .check(
    z.refine(
      (r) => (r.status === 'published') === (r.daysAgo !== undefined) && (r.status === 'scheduled') === (r.embargoInDays !== undefined),
      'published releases need daysAgo, scheduled ones embargoInDays',
    ),
  );

const seedReleases = () =>
  z
    .object({ note: z.string(), releases: z.array(SeedRelease) })
    .parse(JSON.parse(readFileSync(new URL('../../content/seed/releases.json', import.meta.url), 'utf8'))).releases;

/**
 * The demo releases' photos with their pixel size from the processed upload
 * (infra/local/seed-photos.ts); without a photo store (tests seeding the table alone) there
 * are no files, and the releases go without photos.
 */
async function withSizes(store: Db, photos: ReleasePhoto[]): Promise<ReleasePhoto[]> {
  const records = await Promise.all(photos.map((p) => getPhoto(p.id, store)));
  return photos.flatMap((p, i) => {
    const r = records[i];
    return r?.state === 'ready' && r.width && r.height ? [{ ...p, width: r.width, height: r.height }] : [];
  });
}

/** The press office's second person approves: nobody approves their own release. */
const APPROVER = 'presse-2';

/**
 * Data directories seeded before photos were uploaded hold the demo releases with their
 * content/media files by name, which the store no longer reads. Those releases (and only
 * while their stored item still names files) get the seed's described uploads of the same
 * illustrations, in one versioned write with an audit entry, so the demo keeps its pictures.
 */
export async function migrateDemoReleasePhotos(store: Db, now: Date): Promise<string[]> {
  const migrated: string[] = [];
  for (const seed of seedReleases()) {
    if (!seed.photos.length) continue;
    const stored = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { PK: `RELEASE#${seed.id}`, SK: 'RELEASE' } }));
    const named = Array.isArray(stored.Item?.photos) && stored.Item.photos.some((p: Record<string, unknown>) => 'file' in p);
    const current = named ? await getRelease(seed.id, store) : undefined;
    const photos = await withSizes(store, seed.photos);
    if (!current || photos.length === 0) continue;
    const at = now.toISOString();
    await updateRelease(
      current,
      { ...current, photos },
      { at, by: 'system', byName: 'Demo-Daten', action: 'photos-migrated', comment: 'Fotos als beschriebene Uploads übernommen' },
      store,
    );
    migrated.push(seed.id);
  }
  return migrated;
}

/**
 * The demo press releases (content/seed/releases.json), dated relative to `now`: one
 * featuring a published demo story, one corrected after publication, one with an
 * embargo in the future (invisible until the scheduler publishes it). Called by
 * seedDemoData, so it runs once per data directory like the stories.
 */
export async function seedDemoReleases(store: Db, now: Date): Promise<number> {
  const releases = seedReleases();
  const users = demoUsers();
  const user = (username: string) => {
    const u = users.find((x) => x.username === username);
    if (!u) throw new Error(`seed release: no demo user ${username}`);
    return { id: subjectOf(u.username), name: u.name, partner: u.partner };
  };
  const approver = user(APPROVER);
  for (const { author: authorName, daysAgo, embargoInDays, correction, ...seed } of releases) {
    const author = user(authorName);
    if (author.partner !== seed.partner) throw new Error(`seed release ${seed.id}: ${authorName} is not a user of ${seed.partner}`);
    const embargo = embargoInDays === undefined ? undefined : fromBerlinLocal(`${berlinDay(new Date(now.getTime() + embargoInDays * DAY))}T10:00`);
    if (embargo && !embargo.ok) throw new Error(embargo.message);
    const publishedAt = embargo?.ok ? embargo.at.toISOString() : new Date(now.getTime() - daysAgo! * DAY).toISOString();
    // The workflow happened in the hour before publication (or before seeding, for the embargoed one).
    const before = (minutes: number) => new Date(Math.min(Date.parse(publishedAt), now.getTime()) - minutes * 60_000).toISOString();
    const step = (at: string, by: typeof author, action: string, from: Release['status'] | undefined, to: Release['status']): ReleaseAuditEntry => ({
      at,
      by: by.id,
      byName: by.name,
      action,
      ...(from ? { from } : {}),
      to,
    });
    const audit = [
      step(before(60), author, 'create', undefined, 'draft'),
      step(before(45), author, 'propose', 'draft', 'proposed'),
      step(before(30), approver, 'approve', 'proposed', 'approved'),
      seed.status === 'scheduled'
        ? step(before(15), approver, 'publish', 'approved', 'scheduled')
        : step(publishedAt, approver, 'publish', 'approved', 'published'),
    ];
    const correctedAt = correction ? new Date(Date.parse(publishedAt) + correction.daysAfter * DAY).toISOString() : undefined;
    if (correction)
      audit.push({
        at: correctedAt!,
        by: approver.id,
        byName: approver.name,
        action: 'correction',
        from: 'published',
        to: 'published',
        comment: correction.note,
      });
    await putNewRelease(
      Release.parse({
        ...seed,
        photos: await withSizes(store, seed.photos),
        slug: `${slugify(seed.headline)}-${seed.id}`,
        version: audit.length,
        authorId: author.id,
        authorName: author.name,
        lastEditorId: correction ? approver.id : author.id,
        createdAt: audit[0]!.at,
        updatedAt: audit.at(-1)!.at,
        publishedAt,
        ...(embargo?.ok ? { embargoAt: publishedAt } : {}),
        ...(correction ? { correctedAt, corrections: [{ at: correctedAt, note: correction.note }] } : {}),
        audit,
      }),
      store,
    );
  }
  return releases.length;
}
