import { readFileSync } from 'node:fs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { demoUsers } from '@newsroom/content/seed/users.ts';
import { berlinDay, ConsentFields, ConsentInput } from '@newsroom/domain/consent.ts';
import { PartnerId } from '@newsroom/domain/partners.ts';
import type { StoryPhoto } from '@newsroom/domain/photos.ts';
import { contentHash } from '@newsroom/domain/read-back.ts';
import { type AuditEntry, Story, StoryInput, StoryStatus, slugify } from '@newsroom/domain/story.ts';
import type { Db } from '@newsroom/store/client.ts';
import type { PhotoFiles } from '@newsroom/store/photo-files.ts';
import { putNewStory } from '@newsroom/store/stories.ts';
import { putUser } from '@newsroom/store/users.ts';
import * as z from 'zod/mini';
import { subjectOf } from './dev-idp.ts';
import { seedOrganisationSettings } from './seed-organisation.ts';
import { seedDemoPhotos } from './seed-photos.ts';
import { migrateDemoReleasePhotos, seedDemoReleases } from './seed-releases.ts';
import { seedStatistics } from './seed-statistics.ts';

/** Seed consents are dated at the story's day and run `validForDays` from then. */
const SeedConsent = z.extend(z.omit(ConsentFields, { date: true, validUntil: true }), {
  date: z.literal('DAYS_AGO'),
  validForDays: z.number().check(z.int(), z.positive()),
});

const SeedStory = z.extend(StoryInput, {
  id: z.string().check(z.regex(/^[a-z0-9]{10}$/)),
  partner: PartnerId,
  author: z.string(),
  status: StoryStatus,
  daysAgo: z.number().check(z.int(), z.gte(0)),
  consents: z.array(SeedConsent),
});

const SEED_MARKER = { PK: 'META', SK: 'SEED' };

/**
 * Seeds the demo stories once per data directory (a marker item remembers it), so a
 * restart keeps whatever users changed. With a photo store (npm start), the demo photos
 * are uploaded and processed first and two stories carry them (infra/local/seed-photos.ts).
 */
export async function seedDemoData(store: Db, now = new Date(), { photos }: { photos?: PhotoFiles } = {}): Promise<number> {
  await seedStatistics(store, now); // own markers, so data directories from before statistics get them too
  await seedOrganisationSettings(store, now); // only when none are saved, so data directories from before the settings get them
  const marker = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: SEED_MARKER }));
  if (marker.Item) {
    await migrateDemoReleasePhotos(store, now); // data directories from before release photos were uploads
    return 0;
  }
  const file = z
    .object({ note: z.string(), stories: z.array(SeedStory) })
    .parse(JSON.parse(readFileSync(new URL('../../content/seed/stories.json', import.meta.url), 'utf8')));
  const users = demoUsers();
  const photosOf = photos ? await seedDemoPhotos(store, photos, now) : new Map<string, StoryPhoto[]>();
  for (const s of file.stories) {
    const author = users.find((u) => u.username === s.author);
    if (!author || author.partner !== s.partner) throw new Error(`seed story ${s.id}: author ${s.author} is not a user of ${s.partner}`);
    const at = new Date(now.getTime() - s.daysAgo * 86_400_000).toISOString();
    const audit: AuditEntry[] = [{ at, by: 'seed', byName: 'Demo-Daten', action: 'create', to: 'draft' }];
    if (s.status !== 'draft') audit.push({ at, by: 'seed', byName: 'Demo-Daten', action: 'seed', from: 'draft', to: s.status });
    const { author: _a, daysAgo: _d, consents, ...content } = s;
    const day = (offsetDays: number) => berlinDay(new Date(Date.parse(at) + offsetDays * 86_400_000));
    const story = Story.parse({
      ...content,
      photos: photosOf.get(s.id) ?? [],
      consents: consents.map(({ validForDays, ...c }) => ({
        ...ConsentInput.parse({ ...c, date: day(0), validUntil: day(validForDays) }),
        version: 1,
        recordedAt: at,
        recordedBy: 'seed',
        recordedByName: 'Demo-Daten',
      })),
      slug: `${slugify(s.title)}-${s.id}`,
      version: 1,
      authorId: subjectOf(author.username),
      authorName: author.name,
      createdAt: at,
      updatedAt: at,
      ...(s.status === 'published' ? { publishedAt: at } : {}),
      audit,
    });
    // Demo stories past the draft have had their text read back to the (fictional) persons.
    if (s.status !== 'draft') {
      story.readBack = {
        date: day(0),
        how: 'read-aloud',
        language: story.consents[0]?.language ?? 'Deutsch',
        personIds: story.persons.map((p) => p.id),
        contentHash: contentHash(story),
        recordedAt: at,
        recordedBy: 'seed',
        recordedByName: 'Demo-Daten',
      };
    }
    await putNewStory(story, store);
  }
  await seedDemoReleases(store, now);
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...SEED_MARKER, at: now.toISOString(), count: file.stories.length } }));
  return file.stories.length;
}

/**
 * Puts every demo user into the local user directory unless already there: changes the
 * administrators made (role, partner, disabled) survive restarts.
 */
export async function seedUsers(store: Db): Promise<void> {
  await Promise.all(
    demoUsers().map(async (u) => {
      try {
        await putUser(u, true, store);
      } catch (err) {
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      }
    }),
  );
}
