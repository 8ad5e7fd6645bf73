import type { QueuedMail } from '@newsroom/domain/notification-mail.ts';
import { type Db, db } from '@newsroom/store/client.ts';
import { logger } from '@newsroom/telemetry/logger.ts';
import { deliver } from './deliver.ts';
import type { MailQueue, MailTransport } from './transport.ts';

export interface InProcessMailOptions {
  /** The table of the idempotency records (default: the configured one). */
  db?: () => Db;
  transport: MailTransport;
  from: string;
  /** Mails per second at most, as SES's sending rate limits the sender in AWS. */
  ratePerSecond: number;
  /** Attempts per mail before it is given up (SQS: the receive count before the dead-letter queue). */
  attempts?: number;
}

export interface InProcessMailQueue extends MailQueue {
  /** Resolves when every mail queued so far has been delivered or given up. */
  idle(): Promise<void>;
}

/**
 * The local stand-in for the SQS queue and the sender Lambda: the same `deliver` (claim,
 * send, mark) one mail after the other at the configured rate, retried with a growing
 * pause as SQS's visibility timeout would. Held in memory: `npm start` is one process.
 */
export function inProcessMailQueue(opts: InProcessMailOptions): InProcessMailQueue {
  const pending: { message: QueuedMail; attempt: number }[] = [];
  const gap = 1000 / opts.ratePerSecond;
  const attempts = opts.attempts ?? 3;
  let running: Promise<void> | undefined;
  let last = 0;
  const run = async () => {
    while (pending.length) {
      const item = pending.shift()!;
      const wait = last + gap - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      last = Date.now();
      try {
        await deliver({ db: (opts.db ?? db)(), transport: opts.transport, from: opts.from }, item.message);
      } catch (err) {
        if (item.attempt + 1 < attempts) {
          const again = { message: item.message, attempt: item.attempt + 1 };
          setTimeout(
            () => {
              pending.push(again);
              running ??= start();
            },
            200 * 2 ** item.attempt,
          );
        } else logger.error('mail given up', { key: item.message.key, error: (err as Error).message });
      }
    }
  };
  const start = () =>
    run().finally(() => {
      running = undefined;
    });
  return {
    async enqueue(messages) {
      pending.push(...messages.map((message) => ({ message, attempt: 0 })));
      running ??= start();
    },
    async idle() {
      while (running) await running;
    },
  };
}
