import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { normalizeAddress } from '@newsroom/domain/mail.ts';
import { type Db, db } from './client.ts';

/**
 * Mail deliveries and the suppression list (functions/mail):
 *
 * | #  | pattern                                        | key                                          |
 * |----|------------------------------------------------|----------------------------------------------|
 * | M1 | one delivery by its idempotency key            | PK = MAIL#<key>, SK = MAIL                   |
 * | M2 | whether an address may be mailed (suppression) | PK = SUPPRESSED#<address>, SK = SUPPRESSED   |
 *
 * A delivery is claimed with one conditional write before it is handed to the transport,
 * and marked sent after: a second hand-over of the same key (a queue redelivery, a retried
 * handler) finds it claimed or sent and delivers nothing. A claim older than the lease is
 * a sender that died between claim and mark; it may be claimed again, so a mail is lost
 * to nobody (the window in which the transport accepted it but the mark was not written
 * is the one place a duplicate can arise).
 */

export type DeliveryStatus = 'sending' | 'sent' | 'failed' | 'suppressed';

export interface Delivery {
  key: string;
  to: string;
  status: DeliveryStatus;
  at: string;
  attempts: number;
  messageId?: string;
  /** Why it failed or was not sent, in German. */
  error?: string;
}

const deliveryKey = (key: string) => ({ PK: `MAIL#${key}`, SK: 'MAIL' });

export async function getDelivery(key: string, d: Db = db()): Promise<Delivery | undefined> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: deliveryKey(key), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { PK: _p, SK: _s, ...delivery } = out.Item;
  return delivery as Delivery;
}

/**
 * Claims a delivery for this sender: true when nobody sent it and nobody else is sending it
 * (a failed one and a claim older than `leaseMs` may be taken again).
 */
export async function claimDelivery(key: string, to: string, now: Date, leaseMs: number, d: Db = db()): Promise<boolean> {
  try {
    await d.doc.send(
      new UpdateCommand({
        TableName: d.tableName,
        Key: deliveryKey(key),
        UpdateExpression: 'SET #to = :to, #st = :sending, #at = :at ADD attempts :one',
        ConditionExpression: 'attribute_not_exists(PK) OR #st = :failed OR (#st = :sending AND #at < :stale)',
        ExpressionAttributeNames: { '#to': 'to', '#st': 'status', '#at': 'at' },
        ExpressionAttributeValues: {
          ':to': normalizeAddress(to),
          ':sending': 'sending',
          ':failed': 'failed',
          ':at': now.toISOString(),
          ':stale': new Date(now.getTime() - leaseMs).toISOString(),
          ':one': 1,
        },
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/** The end of a claimed delivery: sent (with the transport's message id), failed or suppressed, with the reason. */
export async function finishDelivery(
  key: string,
  outcome: { status: Exclude<DeliveryStatus, 'sending'>; messageId?: string; error?: string },
  now: Date,
  d: Db = db(),
): Promise<void> {
  await d.doc.send(
    new UpdateCommand({
      TableName: d.tableName,
      Key: deliveryKey(key),
      UpdateExpression: `SET #st = :st, #at = :at${outcome.messageId ? ', messageId = :mid' : ''}${outcome.error ? ', #err = :err' : ' REMOVE #err'}`,
      ExpressionAttributeNames: { '#st': 'status', '#at': 'at', '#err': 'error' },
      ExpressionAttributeValues: {
        ':st': outcome.status,
        ':at': now.toISOString(),
        ...(outcome.messageId ? { ':mid': outcome.messageId } : {}),
        ...(outcome.error ? { ':err': outcome.error } : {}),
      },
    }),
  );
}

export type SuppressionReason = 'hard-bounce' | 'complaint' | 'unsubscribed';

export interface Suppression {
  address: string;
  reason: SuppressionReason;
  at: string;
  /** What the receiving server or the feedback said, for the press office. */
  detail?: string;
}

const suppressionKey = (address: string) => ({ PK: `SUPPRESSED#${normalizeAddress(address)}`, SK: 'SUPPRESSED' });

/** From now on nothing is sent to this address; the first reason stays on record. */
export async function suppressAddress(s: Suppression, d: Db = db()): Promise<void> {
  try {
    await d.doc.send(
      new PutCommand({
        TableName: d.tableName,
        Item: { ...suppressionKey(s.address), ...s, address: normalizeAddress(s.address) },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (err) {
    if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
  }
}

export async function suppressionOf(address: string, d: Db = db()): Promise<Suppression | undefined> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: suppressionKey(address) }));
  if (!out.Item) return undefined;
  const { PK: _p, SK: _s, ...s } = out.Item;
  return s as Suppression;
}
