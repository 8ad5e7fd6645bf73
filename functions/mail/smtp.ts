import type { MailMessage } from '@newsroom/domain/mail.ts';
import { createTransport } from 'nodemailer';
import { type MailTransport, PermanentFailure } from './transport.ts';

/**
 * Delivery by SMTP with nodemailer: locally to the mailbox's SMTP server
 * (infra/local/mailbox.ts), which behaves like a receiving server (it refuses some
 * addresses with 550). Never part of a Lambda bundle: only the local composition root
 * imports it; in AWS the sender uses SES (ses.ts).
 */
export function smtpTransport(url: string): MailTransport & { close(): void } {
  // One kept connection: a send of hundreds of mails does not open one per mail.
  const transporter = createTransport({ url, pool: true, maxConnections: 1, maxMessages: Infinity } as Parameters<typeof createTransport>[0]);
  return {
    async send(message: MailMessage, from: string) {
      try {
        const info = await transporter.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
        });
        return { messageId: info.messageId };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500 && code < 600) throw new PermanentFailure(`${code} ${(err as { response?: string }).response ?? ''}`.trim());
        throw err;
      }
    },
    close: () => transporter.close(),
  };
}
