import { type QueuedMail, renderQueued } from '@newsroom/domain/notification-mail.ts';
import { clock } from '@newsroom/runtime/clock.ts';
import type { Db } from '@newsroom/store/client.ts';
import { claimDelivery, finishDelivery, getDelivery, suppressAddress, suppressionOf } from '@newsroom/store/mail.ts';
import { logger } from '@newsroom/telemetry/logger.ts';
import { releaseMailOf } from './release.ts';
import { type MailTransport, PermanentFailure } from './transport.ts';

/**
 * A claim older than this is a sender that died mid-send: longer than any SMTP or SES call
 * takes, shorter than SQS's visibility timeout of the sender (infra/aws/mail.ts), so the
 * queue's redelivery finds the claim expired and the mail goes out.
 */
export const CLAIM_LEASE_MS = 60_000;

export type DeliveryOutcome = 'sent' | 'duplicate' | 'suppressed' | 'bounced';

export interface SenderContext {
  db: Db;
  transport: MailTransport;
  from: string;
  now?: () => Date;
}

/**
 * Delivers one queued mail exactly once per idempotency key: a suppressed address gets
 * nothing; a key already sent or being sent is a duplicate; a permanent refusal suppresses
 * the address (hard bounce). Any other error is thrown after the claim is released, so
 * the queue hands the mail over again.
 */
export async function deliver(ctx: SenderContext, message: QueuedMail): Promise<DeliveryOutcome> {
  const now = ctx.now ?? clock.now;
  const suppressed = await suppressionOf(message.to, ctx.db);
  if (suppressed) {
    const known = await getDelivery(message.key, ctx.db);
    if (known?.status === 'sent') return 'duplicate';
    if (await claimDelivery(message.key, message.to, now(), CLAIM_LEASE_MS, ctx.db))
      await finishDelivery(message.key, { status: 'suppressed', error: SUPPRESSION_REASONS[suppressed.reason] }, now(), ctx.db);
    return 'suppressed';
  }
  if (!(await claimDelivery(message.key, message.to, now(), CLAIM_LEASE_MS, ctx.db))) return 'duplicate';
  try {
    const mail = 'sendId' in message ? await releaseMailOf(ctx.db, message, now()) : renderQueued(message);
    const { messageId } = await ctx.transport.send(mail, ctx.from);
    await finishDelivery(message.key, { status: 'sent', messageId }, now(), ctx.db);
    return 'sent';
  } catch (err) {
    if (err instanceof PermanentFailure) {
      await suppressAddress({ address: message.to, reason: 'hard-bounce', at: now().toISOString(), detail: err.message }, ctx.db);
      await finishDelivery(message.key, { status: 'suppressed', error: `Adresse abgewiesen: ${err.message}` }, now(), ctx.db);
      logger.warn('mail bounced', { key: message.key, error: err.message });
      return 'bounced';
    }
    await finishDelivery(message.key, { status: 'failed', error: `Zustellung fehlgeschlagen, wird wiederholt: ${(err as Error).message}` }, now(), ctx.db);
    throw err;
  }
}

export const SUPPRESSION_REASONS = {
  'hard-bounce': 'Die Adresse wurde vom Empfänger dauerhaft abgewiesen.',
  complaint: 'Der Empfänger hat eine Mail als Spam gemeldet.',
  unsubscribed: 'Der Empfänger hat sich abgemeldet.',
} as const;
