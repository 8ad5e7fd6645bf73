import { announce } from '@newsroom/events/announce.ts';
import type { ContentEvents } from '@newsroom/events/changes.ts';
import type { MailQueue } from '@newsroom/mail/transport.ts';
import { mailQueue, userDirectory } from '@newsroom/runtime/adapters.ts';
import { type Clock, clock } from '@newsroom/runtime/clock.ts';
import { type Db, db } from '@newsroom/store/client.ts';
import { type PhotoFiles, photoFiles } from '@newsroom/store/photo-files.ts';
import type { UserDirectory } from '@newsroom/users/directory.ts';

/**
 * What an operation works with besides the domain: the table (every store call takes
 * it), where changes of the public site go, the user directory, and the time.
 * An operation receives them as its first parameter; nothing in it picks an adapter.
 */
export interface Ports {
  db: Db;
  events: ContentEvents;
  users: UserDirectory;
  clock: Clock;
  /** The private photo store: an erasure deletes a story's photo files there. */
  photos: PhotoFiles;
  /** Where mails go: the sender's queue (functions/mail). */
  mail: MailQueue;
}

/** The time of every operation: the system's one clock (functions/runtime/clock.ts), which tests move. */
export { type Clock, clock };

/** This runtime's ports: the configured table, publisher, user directory, photo store and mail queue (functions/runtime), the system's clock. */
export const runtimePorts = (): Ports => ({ db: db(), events: { announce }, users: userDirectory(), clock, photos: photoFiles(), mail: mailQueue() });
