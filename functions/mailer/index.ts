import { QueuedMail } from '@newsroom/domain/notification-mail.ts';
import { deliver } from '@newsroom/mail/deliver.ts';
import { sesTransport } from '@newsroom/mail/ses.ts';
import { config } from '@newsroom/runtime/config.ts';
import { db } from '@newsroom/store/client.ts';
import { suppressAddress } from '@newsroom/store/mail.ts';
import { logger } from '@newsroom/telemetry/logger.ts';
import type { SNSEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';

/**
 * The sender in AWS, with two sources (infra/aws/mail.ts): the mail queue (one SQS message
 * per recipient, delivered through SES exactly once per idempotency key; a failed one is
 * reported back alone, so SQS retries it and after five tries moves it to the dead-letter
 * queue), and SES's bounce and complaint events through SNS, which put the address on
 * the suppression list.
 */
let lastSend = 0;

export async function handler(event: SQSEvent | SNSEvent): Promise<SQSBatchResponse | undefined> {
  if (event.Records[0] && 'Sns' in event.Records[0]) {
    for (const record of (event as SNSEvent).Records) await recordSesEvent(record.Sns.Message);
    return undefined;
  }
  const { from, configurationSet, ratePerSecond } = config().mail;
  const ctx = { db: db(), transport: sesTransport(configurationSet), from };
  // This instance's share of the account's sending rate (the stack divides it by the senders that run at once).
  const gap = 1000 / ratePerSecond;
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of (event as SQSEvent).Records) {
    const parsed = z.safeParse(QueuedMail, safeJson(record.body));
    if (!parsed.success) {
      // Not a mail this code wrote: retrying cannot make it one.
      logger.error('unreadable mail message', { messageId: record.messageId });
      continue;
    }
    const wait = lastSend + gap - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    lastSend = Date.now();
    try {
      const outcome = await deliver(ctx, parsed.data);
      logger.info('mail', { key: parsed.data.key, outcome });
    } catch (err) {
      logger.warn('mail failed, will retry', { key: parsed.data.key, error: (err as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** SES's event publishing format: a permanent bounce or a complaint suppresses each address it names. */
const SesEvent = z.object({
  eventType: z.string(),
  bounce: z.optional(
    z.object({ bounceType: z.string(), bouncedRecipients: z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()) })) }),
  ),
  complaint: z.optional(z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) })),
});

export async function recordSesEvent(message: string, at = new Date()): Promise<void> {
  const parsed = z.safeParse(SesEvent, safeJson(message));
  if (!parsed.success) {
    logger.error('unreadable SES event');
    return;
  }
  const { eventType, bounce, complaint } = parsed.data;
  if (eventType === 'Bounce' && bounce?.bounceType === 'Permanent') {
    for (const r of bounce.bouncedRecipients)
      await suppressAddress({ address: r.emailAddress, reason: 'hard-bounce', at: at.toISOString(), detail: r.diagnosticCode });
  }
  if (eventType === 'Complaint') {
    for (const r of complaint?.complainedRecipients ?? []) await suppressAddress({ address: r.emailAddress, reason: 'complaint', at: at.toISOString() });
  }
}
