import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, type Db } from './client.ts';

/**
 * Notices for the press office (access pattern 9: PK = NOTICES, SK = <at>#<id>, a Query
 * on the table itself): e.g. a featured story was withdrawn and removed from a release.
 * Kept until someone in the press office acknowledges them.
 */
export interface PressNotice {
  id: string;
  at: string;
  message: string;
  releaseId?: string;
  storyId?: string;
}

export async function addNotice(n: PressNotice, d: Db = db()): Promise<void> {
  await d.doc.send(new PutCommand({ TableName: d.tableName, Item: { PK: 'NOTICES', SK: `${n.at}#${n.id}`, ...n } }));
}

export async function listNotices(d: Db = db()): Promise<PressNotice[]> {
  const out = await d.doc.send(new QueryCommand({
    TableName: d.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'NOTICES' }, ScanIndexForward: false, Limit: 100,
  }));
  return (out.Items ?? []).map(({ PK: _p, SK: _s, ...n }) => n as PressNotice);
}

export async function acknowledgeNotice(at: string, id: string, d: Db = db()): Promise<boolean> {
  const out = await d.doc.send(new DeleteCommand({ TableName: d.tableName, Key: { PK: 'NOTICES', SK: `${at}#${id}` }, ReturnValues: 'ALL_OLD' }));
  return out.Attributes !== undefined;
}

/** Notices quote the story's title; an erasure removes them. */
export async function deleteNoticesAbout(storyId: string, d: Db = db()): Promise<void> {
  for (const n of (await listNotices(d)).filter((x) => x.storyId === storyId)) await acknowledgeNotice(n.at, n.id, d);
}
