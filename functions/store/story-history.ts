import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Comment } from '@newsroom/domain/comment.ts';
import type { Story, StoryDraftInput } from '@newsroom/domain/story.ts';
import type { StoredVersion } from '@newsroom/domain/story-history.ts';
import { type Db, db } from './client.ts';

/**
 * Every saved version of a story's content (access pattern 12: PK = STORY#<id>,
 * SK = VERSION#<n, zero-padded>) and the review comments (pattern 13: SK = COMMENT#<at>#<id>).
 * A version is written after the story's own conditional write succeeded, keyed by its
 * number, so a retry overwrites the same item and a lost race leaves nothing behind.
 */

const CONTENT_FIELDS = ['title', 'teaser', 'municipality', 'topics', 'body', 'showMunicipality', 'channels', 'persons', 'photos'] as const;

export function contentOf(story: Story): StoryDraftInput {
  return Object.fromEntries(CONTENT_FIELDS.filter((k) => story[k] !== undefined).map((k) => [k, story[k]])) as StoryDraftInput;
}

const pad = (n: number) => String(n).padStart(6, '0');

export async function putVersion(story: Story, by: { sub: string; name: string }, d: Db = db(), { autosave = false } = {}): Promise<void> {
  const item: StoredVersion = {
    version: story.version,
    at: story.updatedAt,
    by: by.sub,
    byName: by.name,
    ...(autosave ? { autosave } : {}),
    content: contentOf(story),
  };
  await d.doc.send(new PutCommand({ TableName: d.tableName, Item: { PK: `STORY#${story.id}`, SK: `VERSION#${pad(story.version)}`, ...item } }));
}

export async function versionsOf(storyId: string, d: Db = db()): Promise<StoredVersion[]> {
  const out: StoredVersion[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await d.doc.send(
      new QueryCommand({
        TableName: d.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': `STORY#${storyId}`, ':sk': 'VERSION#' },
        ExclusiveStartKey,
      }),
    );
    out.push(...(page.Items ?? []).map(({ PK: _p, SK: _s, ...v }) => v as StoredVersion));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

export async function putComment(storyId: string, c: Comment, d: Db = db()): Promise<void> {
  await d.doc.send(
    new PutCommand({
      TableName: d.tableName,
      Item: { PK: `STORY#${storyId}`, SK: `COMMENT#${c.at}#${c.id}`, ...c },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function commentsOf(storyId: string, d: Db = db()): Promise<Comment[]> {
  const out = await d.doc.send(
    new QueryCommand({
      TableName: d.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': `STORY#${storyId}`, ':sk': 'COMMENT#' },
    }),
  );
  return (out.Items ?? []).map(({ PK: _p, SK: _s, ...c }) => c as Comment);
}

/** Erasure removes versions and comments with the story's data. */
export async function deleteHistory(storyId: string, d: Db = db()): Promise<void> {
  for (const prefix of ['VERSION#', 'COMMENT#']) {
    const out = await d.doc.send(
      new QueryCommand({
        TableName: d.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ProjectionExpression: 'PK, SK',
        ExpressionAttributeValues: { ':pk': `STORY#${storyId}`, ':sk': prefix },
      }),
    );
    for (const item of out.Items ?? []) await d.doc.send(new DeleteCommand({ TableName: d.tableName, Key: { PK: item.PK, SK: item.SK } }));
  }
}
