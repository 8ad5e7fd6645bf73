import type { MailMessage } from '@newsroom/domain/mail.ts';
import type { ReleaseSendMail } from '@newsroom/domain/notification-mail.ts';
import { renderPrivateCopy, renderReleaseMail } from '@newsroom/domain/release-mail.ts';
import type { Db } from '@newsroom/store/client.ts';
import { getSend, putPrivateCopy, type SendJob } from '@newsroom/store/release-sends.ts';

/** A send never changes once written: one read per send and sender instance. */
const sends = new Map<string, Promise<SendJob | undefined>>();

/**
 * One recipient's mail of a release send, rendered from the send's snapshot. Before the
 * first mail of a send that links to the private copy goes out, this sender stores the
 * copy, so the link works when the first journalist opens it.
 */
export async function releaseMailOf(db: Db, queued: ReleaseSendMail, now: Date): Promise<MailMessage> {
  let job = sends.get(queued.sendId);
  if (!job) {
    job = getSend(queued.sendId, db).then(async (found) => {
      const s = found?.snapshot;
      if (s?.privateToken)
        await putPrivateCopy(
          s.privateToken,
          {
            releaseId: s.release.id,
            slug: s.release.slug,
            version: s.version,
            ...(s.embargoAt ? { embargoAt: s.embargoAt } : {}),
            html: renderPrivateCopy(s, now),
          },
          db,
        );
      return found;
    });
    sends.set(queued.sendId, job);
    job.catch(() => sends.delete(queued.sendId));
  }
  const found = await job;
  if (!found) {
    sends.delete(queued.sendId);
    throw new Error(`Versand ${queued.sendId} nicht gefunden`);
  }
  const links = { ...(queued.unsubscribeUrl ? { unsubscribeUrl: queued.unsubscribeUrl } : {}), ...(queued.manageUrl ? { manageUrl: queued.manageUrl } : {}) };
  return { key: queued.key, to: queued.to, ...renderReleaseMail(found.snapshot, now, links) };
}
