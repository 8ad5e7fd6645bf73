import type { MailMessage } from '@newsroom/domain/mail.ts';
import type { ReleaseSendMail } from '@newsroom/domain/notification-mail.ts';
import { renderReleaseMail } from '@newsroom/domain/release-mail.ts';
import type { Db } from '@newsroom/store/client.ts';
import { getSend, type SendJob } from '@newsroom/store/release-sends.ts';

/** A send never changes once written: one read per send and sender instance. */
const sends = new Map<string, SendJob>();

/** One recipient's mail of a release send, rendered from the send's snapshot. */
export async function releaseMailOf(db: Db, queued: ReleaseSendMail, now: Date): Promise<MailMessage> {
  let job = sends.get(queued.sendId);
  if (!job) {
    job = await getSend(queued.sendId, db);
    if (!job) throw new Error(`Versand ${queued.sendId} nicht gefunden`);
    sends.set(queued.sendId, job);
  }
  return { key: queued.key, to: queued.to, ...renderReleaseMail(job.snapshot, now, { headers: queued.headers, links: queued.links }) };
}
