import { eventBridgeEvents } from '@newsroom/events/bus.ts';
import type { ContentEvents } from '@newsroom/events/changes.ts';
import { inProcessEvents } from '@newsroom/events/in-process.ts';
import { sqsMailQueue } from '@newsroom/mail/sqs.ts';
import type { MailQueue } from '@newsroom/mail/transport.ts';
import { cognitoDirectory } from '@newsroom/users/cognito.ts';
import type { UserDirectory } from '@newsroom/users/directory.ts';
import { localDirectory } from '@newsroom/users/local.ts';
import { config } from './config.ts';

/**
 * Where AWS and the laptop differ for the API and the scheduler, chosen once per process
 * from the configuration: the stack names a user pool and an event bus
 * (infra/aws/stack.ts, infra/aws/publisher.ts); without them the development identity
 * provider's users in the table and the publisher in the same process stand in. The
 * publisher picks its targets (site bucket or folder, CloudFront or a log) the same way
 * in its own start (functions/publish/lambda/index.ts).
 */
interface Adapters {
  users: UserDirectory;
  events: ContentEvents;
  mail: MailQueue;
}

let localQueue: MailQueue | undefined;

/**
 * Without a queue in the configuration, mails go to the queue the local composition root
 * (infra/local/start.ts) or a test gives: the sender in this process, with nodemailer to
 * the local SMTP server (functions/mail/in-process.ts). Only they import it, so no Lambda
 * bundle carries the sender, the layout or an SMTP client. Without one (an integration
 * test without a mailbox) mails are dropped, as a queue nobody reads would keep them.
 */
const localMail: MailQueue = { enqueue: async (messages) => localQueue?.enqueue(messages) };

/** This process's mails go to `queue` from now on (undefined: nowhere). */
export function useLocalMailQueue<Q extends MailQueue>(queue: Q | undefined): Q | undefined {
  localQueue = queue;
  return queue;
}

let chosen: Adapters | undefined;

function adapters(): Adapters {
  if (!chosen) {
    const { userPoolId, contentEventBus, mail } = config();
    chosen = {
      users: userPoolId ? cognitoDirectory(userPoolId) : localDirectory,
      events: contentEventBus ? eventBridgeEvents(contentEventBus) : inProcessEvents,
      mail: mail.queueUrl ? sqsMailQueue(mail.queueUrl) : localMail,
    };
  }
  return chosen;
}

export const userDirectory = (): UserDirectory => adapters().users;
export const contentEvents = (): ContentEvents => adapters().events;
export const mailQueue = (): MailQueue => adapters().mail;
