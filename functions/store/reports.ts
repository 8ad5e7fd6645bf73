import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { WithdrawalReport } from '@newsroom/domain/withdrawal-report.ts';
import { type Db, db } from './client.ts';

/**
 * Withdrawal reports live beside their story (access pattern 10: PK = STORY#<id>,
 * SK = WITHDRAWAL#<at>), written once and never changed.
 */
export async function putWithdrawalReport(report: WithdrawalReport, d: Db = db()): Promise<void> {
  await d.doc.send(
    new PutCommand({
      TableName: d.tableName,
      Item: { PK: `STORY#${report.storyId}`, SK: `WITHDRAWAL#${report.createdAt}`, ...report },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function withdrawalReports(storyId: string, d: Db = db()): Promise<WithdrawalReport[]> {
  const out = await d.doc.send(
    new QueryCommand({
      TableName: d.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': `STORY#${storyId}`, ':sk': 'WITHDRAWAL#' },
    }),
  );
  return (out.Items ?? []).map(({ PK: _p, SK: _s, ...r }) => r as WithdrawalReport);
}

/** After an erasure the reports keep where the story went, but not its title. */
export async function anonymiseWithdrawalReports(storyId: string, d: Db = db()): Promise<void> {
  for (const r of await withdrawalReports(storyId, d)) {
    await d.doc.send(
      new PutCommand({ TableName: d.tableName, Item: { PK: `STORY#${storyId}`, SK: `WITHDRAWAL#${r.createdAt}`, ...r, storyTitle: 'Gelöschte Geschichte' } }),
    );
  }
}
