import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QueuedMail } from '@newsroom/domain/notification-mail.ts';
import type { MailQueue } from './transport.ts';

let client: SQSClient | undefined;

/** SQS takes at most ten messages per call. */
const BATCH = 10;

/**
 * Mails in AWS: one SQS message per recipient into the sender's queue (infra/aws/mail.ts);
 * the sender Lambda delivers them at the configured rate, retries, and gives up to the
 * dead-letter queue. A message the queue did not take throws: the operation fails and
 * says so rather than losing a mail silently.
 */
export function sqsMailQueue(queueUrl: string): MailQueue {
  return {
    async enqueue(messages) {
      if (!messages.length) return;
      const { SQSClient, SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
      client ??= new SQSClient({});
      const batches: QueuedMail[][] = [];
      for (let i = 0; i < messages.length; i += BATCH) batches.push(messages.slice(i, i + BATCH));
      await Promise.all(
        batches.map(async (batch) => {
          const out = await client!.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: batch.map((m, i) => ({ Id: String(i), MessageBody: JSON.stringify(m) })),
            }),
          );
          if (out.Failed?.length) throw new Error(`mail not queued: ${out.Failed.map((f) => `${f.Code} ${f.Message}`).join('; ')}`);
        }),
      );
    },
  };
}
