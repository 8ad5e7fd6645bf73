import { readFileSync } from 'node:fs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { StoryInput, StoryStatus, slugify, type AuditEntry, type Story } from '../../functions/domain/story.ts';
import { PartnerId } from '../../functions/domain/partners.ts';
import type { Db } from '../../functions/store/client.ts';
import { putNewStory } from '../../functions/store/stories.ts';
import { demoUsers } from '../../content/seed/users.ts';
import { subjectOf } from './dev-idp.ts';

const SeedStory = StoryInput.extend({
  id: z.string().regex(/^[a-z0-9]{10}$/),
  partner: PartnerId,
  author: z.string(),
  status: StoryStatus,
  daysAgo: z.number().int().min(0),
});

const SEED_MARKER = { PK: 'META', SK: 'SEED' };

/**
 * Seeds the demo stories once per data directory (a marker item remembers it), so a
 * restart keeps whatever users changed.
 */
export async function seedDemoData(store: Db, now = new Date()): Promise<number> {
  const marker = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: SEED_MARKER }));
  if (marker.Item) return 0;
  const file = z.object({ note: z.string(), stories: z.array(SeedStory) })
    .parse(JSON.parse(readFileSync(new URL('../../content/seed/stories.json', import.meta.url), 'utf8')));
  const users = demoUsers();
  for (const s of file.stories) {
    const author = users.find((u) => u.username === s.author);
    if (!author || author.partner !== s.partner) throw new Error(`seed story ${s.id}: author ${s.author} is not a user of ${s.partner}`);
    const at = new Date(now.getTime() - s.daysAgo * 86_400_000).toISOString();
    const audit: AuditEntry[] = [{ at, by: 'seed', byName: 'Demo-Daten', action: 'create', to: 'draft' }];
    if (s.status !== 'draft') audit.push({ at, by: 'seed', byName: 'Demo-Daten', action: 'seed', from: 'draft', to: s.status });
    const { author: _a, daysAgo: _d, ...content } = s;
    const story: Story = {
      ...content,
      slug: `${slugify(s.title)}-${s.id}`,
      version: 1,
      authorId: subjectOf(author.username),
      authorName: author.name,
      createdAt: at,
      updatedAt: at,
      ...(s.status === 'published' ? { publishedAt: at } : {}),
      audit,
    };
    await putNewStory(story, store);
  }
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...SEED_MARKER, at: now.toISOString(), count: file.stories.length } }));
  return file.stories.length;
}
