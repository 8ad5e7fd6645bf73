import type { MailMessage } from '@newsroom/domain/mail.ts';
import type { QueuedMail } from '@newsroom/domain/notification-mail.ts';

/**
 * What delivers a rendered mail: SMTP locally (smtp.ts, nodemailer), SES v2 in AWS
 * (ses.ts). The sender (deliver.ts) is the same around both.
 */
export interface MailTransport {
  /** Hands the mail over; resolves with the transport's message id once it was accepted. */
  send(message: MailMessage, from: string): Promise<{ messageId: string }>;
}

/**
 * The receiving side refused the address for good (SMTP 5xx on the recipient, SES's
 * "not verified" or a suppressed address): retrying cannot help, the address is
 * suppressed as a hard bounce.
 */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

/** Where queued mails go: delivered at once in this process (in-process.ts) or through SQS to the sender Lambda (sqs.ts). */
export interface MailQueue {
  enqueue(messages: readonly QueuedMail[]): Promise<void>;
}
