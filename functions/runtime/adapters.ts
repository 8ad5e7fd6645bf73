import { eventBridgeEvents } from '../events/bus.ts';
import type { ContentEvents } from '../events/changes.ts';
import { inProcessEvents } from '../events/in-process.ts';
import { cognitoDirectory } from '../users/cognito.ts';
import type { UserDirectory } from '../users/directory.ts';
import { localDirectory } from '../users/local.ts';
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
}

let chosen: Adapters | undefined;

function adapters(): Adapters {
  if (!chosen) {
    const { userPoolId, contentEventBus } = config();
    chosen = {
      users: userPoolId ? cognitoDirectory(userPoolId) : localDirectory,
      events: contentEventBus ? eventBridgeEvents(contentEventBus) : inProcessEvents,
    };
  }
  return chosen;
}

export const userDirectory = (): UserDirectory => adapters().users;
export const contentEvents = (): ContentEvents => adapters().events;
