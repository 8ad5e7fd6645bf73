import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { normalizeAddress } from '@newsroom/domain/mail.ts';
import type { ReleaseMailSnapshot, SendKind } from '@newsroom/domain/release-send.ts';
import { type Db, db } from './client.ts';
import type { Delivery } from './mail.ts';

/**
 * Sends of a press release to distribution lists (functions/operations/release-sends.ts):
 *
 * | #  | pattern                                              | key / index                                                  |
 * |----|------------------------------------------------------|--------------------------------------------------------------|
 * | R1 | one send: what it mails (snapshot), to which lists    | PK = SEND#<sendId>, SK = JOB                                 |
 * | R2 | a send's recipients, one item each                    | PK = SEND#<sendId>, SK begins_with TO#                       |
 * | R3 | a release's sends, oldest first (the editor)          | GSI1: GSI1PK = RSENDS#<releaseId>, GSI1SK = <at>#<sendId>    |
 * | R4 | sends not finished yet, by when they were last queued (resumed by the scheduled run) | GSI2 (sparse): GSI2PK = SENDS#OPEN, GSI2SK = <queuedAt>#<sendId> |
 *
 * The recipients are written before anything is queued, so the send outlives any process
 * that queues or delivers it: whoever resumes it reads them again. Whether a recipient got
 * the mail is the delivery record of their idempotency key (store/mail.ts), written by
 * the one sender that delivers it, so no second record can disagree with it.
 */

export interface SendJob {
  sendId: string;
  releaseId: string;
  kind: SendKind;
  lists: string[];
  listNames: string[];
  at: string;
  by: string;
  byName: string;
  recipients: number;
  snapshot: ReleaseMailSnapshot;
  /** When its mails were last handed to the queue; unset once every recipient has an outcome. */
  queuedAt?: string;
  finishedAt?: string;
}

export interface SendRecipient {
  to: string;
  /** The list's own part of this recipient's mail (unsubscribe headers, footer links). */
  headers?: Record<string, string>;
  links?: { label: string; href: string }[];
}

/** The idempotency key of one recipient's mail of one send. */
export const recipientKey = (sendId: string, to: string) => `release-send:${sendId}:${normalizeAddress(to)}`;

const jobKey = (sendId: string) => ({ PK: `SEND#${sendId}`, SK: 'JOB' });

/** Writes the recipients, then the send (open); only then may its mails be queued. */
export async function createSend(job: SendJob, recipients: readonly SendRecipient[], d: Db = db()): Promise<void> {
  for (let i = 0; i < recipients.length; i += 25) {
    let requests: unknown[] = recipients.slice(i, i + 25).map((r) => ({
      PutRequest: { Item: { PK: `SEND#${job.sendId}`, SK: `TO#${normalizeAddress(r.to)}`, ...r, to: normalizeAddress(r.to) } },
    }));
    while (requests.length) {
      const out = await d.doc.send(new BatchWriteCommand({ RequestItems: { [d.tableName]: requests as never } }));
      requests = out.UnprocessedItems?.[d.tableName] ?? [];
    }
  }
  await d.doc.send(
    new PutCommand({
      TableName: d.tableName,
      Item: {
        ...jobKey(job.sendId),
        ...job,
        GSI1PK: `RSENDS#${job.releaseId}`,
        GSI1SK: `${job.at}#${job.sendId}`,
        ...(job.queuedAt ? { GSI2PK: 'SENDS#OPEN', GSI2SK: `${job.queuedAt}#${job.sendId}` } : {}),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

const toJob = (item: Record<string, unknown>): SendJob => {
  const { PK: _p, SK: _s, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, ...job } = item;
  return job as unknown as SendJob;
};

export async function getSend(sendId: string, d: Db = db()): Promise<SendJob | undefined> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: jobKey(sendId) }));
  return out.Item ? toJob(out.Item) : undefined;
}

async function queryAll(d: Db, input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName' | 'ExclusiveStartKey'>) {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await d.doc.send(new QueryCommand({ TableName: d.tableName, ...input, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

export async function sendsOfRelease(releaseId: string, d: Db = db()): Promise<SendJob[]> {
  const items = await queryAll(d, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': `RSENDS#${releaseId}` },
  });
  return items.map(toJob);
}

/** Open sends last queued at or before `queuedBefore`. */
export async function openSends(queuedBefore: Date, d: Db = db()): Promise<SendJob[]> {
  const items = await queryAll(d, {
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :at',
    ExpressionAttributeValues: { ':pk': 'SENDS#OPEN', ':at': `${queuedBefore.toISOString()}#~` },
  });
  return items.map(toJob);
}

export async function recipientsOfSend(sendId: string, d: Db = db()): Promise<SendRecipient[]> {
  const items = await queryAll(d, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :to)',
    ExpressionAttributeValues: { ':pk': `SEND#${sendId}`, ':to': 'TO#' },
  });
  return items.map(({ PK: _p, SK: _s, ...r }) => r as unknown as SendRecipient);
}

/** The send was handed to the queue (again) at `at`. */
export async function markQueued(sendId: string, at: Date, d: Db = db()): Promise<void> {
  await d.doc.send(
    new UpdateCommand({
      TableName: d.tableName,
      Key: jobKey(sendId),
      UpdateExpression: 'SET queuedAt = :at, GSI2PK = :open, GSI2SK = :sk',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(finishedAt)',
      ExpressionAttributeValues: { ':at': at.toISOString(), ':open': 'SENDS#OPEN', ':sk': `${at.toISOString()}#${sendId}` },
    }),
  );
}

/** Every recipient has an outcome: the send leaves the open list. */
export async function markFinished(sendId: string, at: Date, d: Db = db()): Promise<void> {
  await d.doc.send(
    new UpdateCommand({
      TableName: d.tableName,
      Key: jobKey(sendId),
      UpdateExpression: 'SET finishedAt = :at REMOVE GSI2PK, GSI2SK, queuedAt',
      ExpressionAttributeValues: { ':at': at.toISOString() },
    }),
  );
}

/** The delivery records of these keys (absent: nobody took it yet). */
export async function deliveriesOf(keys: readonly string[], d: Db = db()): Promise<Map<string, Delivery>> {
  const found = new Map<string, Delivery>();
  for (let i = 0; i < keys.length; i += 100) {
    let wanted: Record<string, unknown>[] = keys.slice(i, i + 100).map((key) => ({ PK: `MAIL#${key}`, SK: 'MAIL' }));
    while (wanted.length) {
      const out = await d.doc.send(new BatchGetCommand({ RequestItems: { [d.tableName]: { Keys: wanted, ConsistentRead: true } } }));
      for (const { PK, SK: _s, ...delivery } of out.Responses?.[d.tableName] ?? []) found.set((PK as string).slice('MAIL#'.length), delivery as Delivery);
      wanted = (out.UnprocessedKeys?.[d.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
  }
  return found;
}
