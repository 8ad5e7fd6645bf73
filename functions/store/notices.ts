import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PressNotice } from '@newsroom/domain/notice.ts';
import { type Db, db } from './client.ts';

/**
 * Notices for the press office (access pattern 9: PK = NOTICES, SK = <at>#<id>, a Query
 * on the table itself): e.g. a featured story was taken down and removed from a release.
 * Kept until someone in the press office acknowledges them.
 *
 * Tasks (access pattern 16: PK = TASKS, SK = <at>#<id>) look the same but cannot be
 * acknowledged: a release held back because a featured story's consent went stays a
 * task until it is republished in a corrected version (functions/operations/release-cascade.ts).
 * Few are open at a time, so all of them are listed, whatever their age.
 */

const strip = ({ PK: _p, SK: _s, ...n }: Record<string, unknown>) => n as unknown as PressNotice;

export async function addNotice(n: PressNotice, d: Db = db()): Promise<void> {
  await d.doc.send(new PutCommand({ TableName: d.tableName, Item: { PK: n.task ? 'TASKS' : 'NOTICES', SK: `${n.at}#${n.id}`, ...n } }));
}

async function openTasks(d: Db): Promise<PressNotice[]> {
  const out: PressNotice[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await d.doc.send(
      new QueryCommand({
        TableName: d.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'TASKS' },
        ScanIndexForward: false,
        ExclusiveStartKey,
      }),
    );
    out.push(...(page.Items ?? []).map(strip));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** Every open task, then the newest hundred notices; each group newest first. */
export async function listNotices(d: Db = db()): Promise<PressNotice[]> {
  const [tasks, notices] = await Promise.all([
    openTasks(d),
    d.doc.send(
      new QueryCommand({
        TableName: d.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'NOTICES' },
        ScanIndexForward: false,
        Limit: 100,
      }),
    ),
  ]);
  return [...tasks, ...(notices.Items ?? []).map(strip)];
}

/** Removes a notice; a task stays ('task'), and 'missing' when there is neither. */
export async function acknowledgeNotice(at: string, id: string, d: Db = db()): Promise<'acknowledged' | 'task' | 'missing'> {
  const out = await d.doc.send(new DeleteCommand({ TableName: d.tableName, Key: { PK: 'NOTICES', SK: `${at}#${id}` }, ReturnValues: 'ALL_OLD' }));
  if (out.Attributes) return 'acknowledged';
  const task = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: { PK: 'TASKS', SK: `${at}#${id}` } }));
  return task.Item ? 'task' : 'missing';
}

/** The release was republished in a corrected version: its tasks are done. */
export async function closeTasksOf(releaseId: string, d: Db = db()): Promise<void> {
  for (const t of (await openTasks(d)).filter((x) => x.releaseId === releaseId)) {
    await d.doc.send(new DeleteCommand({ TableName: d.tableName, Key: { PK: 'TASKS', SK: `${t.at}#${t.id}` } }));
  }
}

/** Notices quote the story's title; an erasure removes them. Tasks name no story and stay open. */
export async function deleteNoticesAbout(storyId: string, d: Db = db()): Promise<void> {
  for (const n of (await listNotices(d)).filter((x) => x.storyId === storyId && !x.task)) await acknowledgeNotice(n.at, n.id, d);
}
