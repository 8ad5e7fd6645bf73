import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailMessage } from '@newsroom/domain/mail.ts';
import { type MailTransport, PermanentFailure } from './transport.ts';

let client: SESv2Client | undefined;

/**
 * Delivery by Amazon SES v2 with the stack's configuration set, whose event destination
 * reports bounces and complaints back to the sender Lambda (infra/aws/mail.ts). SES builds
 * the MIME message; the custom headers (List-Unsubscribe …) travel with it. The SDK client
 * loads on the first mail (it is in the runtime, not the bundle).
 */
export function sesTransport(configurationSet: string | undefined): MailTransport {
  return {
    async send(message: MailMessage, from: string) {
      const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
      client ??= new SESv2Client({});
      try {
        const out = await client.send(
          new SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: [message.to] },
            ConfigurationSetName: configurationSet,
            Content: {
              Simple: {
                Subject: { Data: message.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
                Headers: Object.entries(message.headers ?? {}).map(([Name, Value]) => ({ Name, Value })),
              },
            },
          }),
        );
        return { messageId: out.MessageId ?? '' };
      } catch (err) {
        // SES refuses a message it will never send (an address on the account's suppression list, a bad address) with 400s.
        if ((err as Error).name === 'MessageRejected' || (err as Error).name === 'BadRequestException') throw new PermanentFailure((err as Error).message);
        throw err;
      }
    },
  };
}
