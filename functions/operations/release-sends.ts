import { randomBytes } from 'node:crypto';
import { type Actor, hasRole } from '@newsroom/domain/actor.ts';
import type { SendBody, SendOptions, SendView } from '@newsroom/domain/api/release-sends.ts';
import { NotFound, refuse } from '@newsroom/domain/errors.ts';
import { normalizeAddress } from '@newsroom/domain/mail.ts';
import type { Release } from '@newsroom/domain/release.ts';
import { toPublicRelease } from '@newsroom/domain/release-public.ts';
import type { ReleaseMailSnapshot, SendKind } from '@newsroom/domain/release-send.ts';
import type { Story } from '@newsroom/domain/story.ts';
import { config } from '@newsroom/runtime/config.ts';
import type { Delivery } from '@newsroom/store/mail.ts';
import {
  createSend,
  deliveriesOf,
  markFinished,
  markQueued,
  openSends,
  recipientKey,
  recipientsOfSend,
  type SendJob,
  type SendRecipient,
  sendsOfRelease,
} from '@newsroom/store/release-sends.ts';
import { getRelease } from '@newsroom/store/releases.ts';
import { getStoryItem } from '@newsroom/store/stories.ts';
import { pressDistribution } from './distribution-recipients.ts';
import type { Ports } from './ports.ts';
import { createPreviewLink } from './previews.ts';

/**
 * Sending a press release to the press office's distribution lists: a durable send of one
 * item per recipient (store/release-sends.ts), each mail keyed by the send and the
 * address, so a sender that crashes, a queue that hands a mail over twice or a resumed
 * send delivers each recipient's mail once (functions/mail/deliver.ts). The mails go out
 * at the configured rate (the in-process queue locally, SQS and the sender Lambda in AWS).
 */

/** One contact of a list as the send needs it: confirmed, not suppressed, with their own way to leave the list (headers, footer links). */
export interface DistributionContact {
  email: string;
  headers?: Record<string, string>;
  links?: { label: string; href: string }[];
}

/** Where the lists and their confirmed contacts come from (the press office's distribution lists). */
export interface Distribution {
  lists(p: Ports, actor: Actor): Promise<{ id: string; name: string; recipients: number }[]>;
  recipients(p: Ports, listIds: readonly string[]): Promise<DistributionContact[]>;
}

let distribution: Distribution = pressDistribution;

/** The distribution lists sends read from now on. */
export function useDistribution(d: Distribution): void {
  distribution = d;
}

/** Claims of one mail before the send reports it as failed (the queue's own retries count as claims too). */
export const ATTEMPTS_BEFORE_GIVING_UP = 5;
/** An open send whose mails were queued longer ago than this is queued again by the scheduled run. */
export const RESUME_AFTER_MS = 10 * 60_000;

const NOT_FOUND = 'Diese Pressemitteilung gibt es nicht oder Sie dürfen sie nicht sehen.';
const PRESS_ONLY = 'Pressemitteilungen verschickt nur die Pressestelle.';

async function releaseToSend(p: Ports, actor: Actor, id: string): Promise<Release> {
  if (!hasRole(actor, 'press')) refuse({ reason: 'forbidden', message: PRESS_ONLY });
  const r = await getRelease(id, p.db);
  if (!r) throw new NotFound(NOT_FOUND);
  return r;
}

/**
 * What the mail says: the release as the public will see it once its Sperrfrist is over
 * (the same projection and consent checks as the site), fixed for the whole send.
 */
async function snapshotOf(p: Ports, actor: Actor, r: Release, kind: SendKind, note: string | undefined): Promise<ReleaseMailSnapshot> {
  if (r.status !== 'scheduled' && r.status !== 'published')
    refuse({
      reason: 'state',
      message: 'Verschickt wird eine Pressemitteilung, die veröffentlicht ist oder eine Sperrfrist hat.',
      problems: ['Bitte zuerst veröffentlichen oder eine Sperrfrist festlegen.'],
    });
  const now = p.clock.now();
  const embargo = r.embargoAt && Date.parse(r.embargoAt) > now.getTime() ? r.embargoAt : undefined;
  const stories = new Map<string, Story>();
  for (const sid of r.featuredStoryIds) {
    const s = await getStoryItem(sid, p.db);
    if (s) stories.set(s.id, s);
  }
  const when = new Date(Math.max(now.getTime(), embargo ? Date.parse(embargo) : 0) + 1);
  const release = toPublicRelease({ ...r, status: 'published', publishedAt: r.publishedAt ?? now.toISOString() }, when, stories);
  if (!release)
    refuse({
      reason: 'state',
      message:
        'Diese Pressemitteilung darf zurzeit nicht erscheinen (Einwilligung, Ende der Veröffentlichung oder unvollständiger Inhalt) und wird deshalb nicht verschickt.',
    });
  const { siteUrl = '' } = config();
  // Before the Sperrfrist the mail links to the release's real page under a preview link of its own (operations/previews.ts),
  // valid a day past the Sperrfrist and listed, revocable, with the release's other preview links.
  const preview = embargo
    ? await createPreviewLink(p, actor, { kind: 'release', id: r.id, partner: r.partner }, new Date(Date.parse(embargo) + 86_400_000).toISOString())
    : undefined;
  return {
    release,
    version: r.version,
    ...(embargo ? { embargoAt: embargo } : {}),
    kind,
    ...(kind === 'correction' ? { correctionNote: note ?? r.corrections.at(-1)?.note } : {}),
    link: preview ? `${siteUrl}${preview.path}` : `${siteUrl}/pressemitteilungen/${r.slug}/`,
    siteUrl,
  };
}

/** The lists to choose from, and how many distinct confirmed recipients the chosen ones have. */
export async function sendOptions(p: Ports, actor: Actor, id: string, listIds: readonly string[]): Promise<SendOptions> {
  await releaseToSend(p, actor, id);
  const lists = await distribution.lists(p, actor);
  const recipients = listIds.length ? dedupe(await distribution.recipients(p, listIds)).length : 0;
  return { lists, recipients };
}

function dedupe(contacts: readonly DistributionContact[]): SendRecipient[] {
  const seen = new Map<string, SendRecipient>();
  for (const c of contacts) {
    const to = normalizeAddress(c.email);
    if (!seen.has(to)) seen.set(to, { to, ...(c.headers ? { headers: c.headers } : {}), ...(c.links?.length ? { links: c.links } : {}) });
  }
  return [...seen.values()];
}

/** Writes the send with its recipients, then queues one mail per recipient. */
async function startSend(
  p: Ports,
  actor: Actor,
  r: Release,
  job: Omit<SendJob, 'sendId' | 'at' | 'by' | 'byName' | 'recipients' | 'releaseId'>,
  recipients: SendRecipient[],
) {
  const now = p.clock.now();
  const sendId = `${r.id}-${randomBytes(6).toString('hex')}`;
  const full: SendJob = {
    ...job,
    sendId,
    releaseId: r.id,
    at: now.toISOString(),
    by: actor.sub,
    byName: actor.name,
    recipients: recipients.length,
    queuedAt: now.toISOString(),
  };
  await createSend(full, recipients, p.db);
  await queueRecipients(p, full, recipients);
  return full;
}

async function queueRecipients(p: Ports, job: SendJob, recipients: readonly SendRecipient[]) {
  await p.mail.enqueue(recipients.map((r) => ({ key: recipientKey(job.sendId, r.to), sendId: job.sendId, ...r })));
}

/**
 * Sends the release to the chosen lists (`release`), or a correction to everyone its
 * earlier sends reached (`correction`). Press office only.
 */
export async function sendRelease(p: Ports, actor: Actor, id: string, body: SendBody): Promise<SendView> {
  const r = await releaseToSend(p, actor, id);
  if (body.kind === 'correction') {
    const earlier = (await sendsOfRelease(r.id, p.db)).filter((s) => s.kind !== 'test');
    if (!earlier.length)
      refuse({ reason: 'state', message: 'Diese Pressemitteilung wurde noch nicht verschickt; eine Korrektur geht an die Empfänger eines früheren Versands.' });
    // Whom the earlier sends reached and who is still on a list now: a contact removed or unsubscribed since hears nothing more.
    const known = await distribution.lists(p, actor);
    const current = new Map(
      dedupe(
        await distribution.recipients(
          p,
          known.map((l) => l.id),
        ),
      ).map((c) => [c.to, c]),
    );
    const recipients = new Map<string, SendRecipient>();
    for (const s of earlier)
      for (const rec of await recipientsOfSend(s.sendId, p.db)) {
        const still = current.get(rec.to);
        if (still) recipients.set(rec.to, still);
      }
    if (!recipients.size)
      refuse({ reason: 'state', message: 'Von den bisherigen Empfängern steht niemand mehr im Presseverteiler; es wurde nichts verschickt.' });
    const snapshot = await snapshotOf(p, actor, r, 'correction', body.note);
    const lists = [...new Set(earlier.flatMap((s) => s.lists))];
    const listNames = [...new Set(earlier.flatMap((s) => s.listNames))];
    return viewOf(await startSend(p, actor, r, { kind: 'correction', lists, listNames, snapshot }, [...recipients.values()]), new Map(), []);
  }
  if (!body.lists.length)
    refuse({ reason: 'invalid', message: 'Bitte mindestens einen Verteiler wählen.', problems: ['Bitte mindestens einen Verteiler wählen.'] });
  const known = await distribution.lists(p, actor);
  const unknown = body.lists.filter((l) => !known.some((k) => k.id === l));
  if (unknown.length)
    refuse({ reason: 'invalid', message: `Diese Verteiler gibt es nicht: ${unknown.join(', ')}.`, problems: ['Bitte die Verteiler aus der Liste wählen.'] });
  const recipients = dedupe(await distribution.recipients(p, body.lists));
  if (!recipients.length)
    refuse({ reason: 'state', message: 'Die gewählten Verteiler haben keine bestätigten Empfängerinnen und Empfänger; es wurde nichts verschickt.' });
  const snapshot = await snapshotOf(p, actor, r, 'release', undefined);
  const listNames = body.lists.map((l) => known.find((k) => k.id === l)!.name);
  return viewOf(await startSend(p, actor, r, { kind: 'release', lists: body.lists, listNames, snapshot }, recipients), new Map(), []);
}

/** The same mail to the signed-in person alone, marked as a test. */
export async function sendTest(p: Ports, actor: Actor, id: string): Promise<SendView> {
  const r = await releaseToSend(p, actor, id);
  const me = (await p.users.people()).find((x) => x.subject === actor.sub)?.user.email;
  if (!me) refuse({ reason: 'state', message: 'Für Ihr Konto ist keine E-Mail-Adresse hinterlegt; der Test kann nicht verschickt werden.' });
  const snapshot = await snapshotOf(p, actor, r, 'test', undefined);
  return viewOf(await startSend(p, actor, r, { kind: 'test', lists: [], listNames: [], snapshot }, [{ to: normalizeAddress(me) }]), new Map(), []);
}

type Outcome = { state: 'sent' } | { state: 'failed'; reason: string } | { state: 'pending' };

/** Where one recipient's mail stands, from its delivery record. */
function outcomeOf(d: Delivery | undefined): Outcome {
  if (!d) return { state: 'pending' };
  if (d.status === 'sent') return { state: 'sent' };
  if (d.status === 'suppressed') return { state: 'failed', reason: d.error ?? 'Die Adresse ist gesperrt (abgemeldet, abgewiesen oder beschwert).' };
  if (d.status === 'failed' && d.attempts >= ATTEMPTS_BEFORE_GIVING_UP)
    return { state: 'failed', reason: `Nach ${d.attempts} Versuchen aufgegeben. ${d.error ?? ''}`.trim() };
  return { state: 'pending' };
}

function viewOf(job: SendJob, deliveries: ReadonlyMap<string, Delivery>, recipients: readonly SendRecipient[]): SendView {
  let sent = 0;
  const failures: { to: string; reason: string }[] = [];
  for (const r of recipients) {
    const o = outcomeOf(deliveries.get(recipientKey(job.sendId, r.to)));
    if (o.state === 'sent') sent++;
    else if (o.state === 'failed') failures.push({ to: r.to, reason: o.reason });
  }
  return {
    sendId: job.sendId,
    kind: job.kind,
    lists: job.lists,
    listNames: job.listNames,
    at: job.at,
    byName: job.byName,
    recipients: job.recipients,
    ...(job.snapshot.embargoAt ? { embargoAt: job.snapshot.embargoAt } : {}),
    sent,
    failed: failures.length,
    pending: job.recipients - sent - failures.length,
    failures,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
  };
}

async function progressOf(p: Ports, job: SendJob): Promise<{ view: SendView; pending: SendRecipient[] }> {
  const recipients = await recipientsOfSend(job.sendId, p.db);
  const deliveries = await deliveriesOf(
    recipients.map((r) => recipientKey(job.sendId, r.to)),
    p.db,
  );
  const view = viewOf(job, deliveries, recipients);
  const pending = recipients.filter((r) => outcomeOf(deliveries.get(recipientKey(job.sendId, r.to))).state === 'pending');
  if (!pending.length && !job.finishedAt) {
    await markFinished(job.sendId, p.clock.now(), p.db);
    view.finishedAt = p.clock.now().toISOString();
  }
  return { view, pending };
}

/** Every send of the release with where each stands (gesendet, fehlgeschlagen, ausstehend), oldest first. */
export async function releaseSends(p: Ports, actor: Actor, id: string): Promise<SendView[]> {
  const r = await releaseToSend(p, actor, id);
  const views: SendView[] = [];
  for (const job of await sendsOfRelease(r.id, p.db)) views.push((await progressOf(p, job)).view);
  return views;
}

/**
 * Queues again the mails of open sends nobody delivered yet: after a crash of whoever
 * queued or delivered them, the in-process queue lost with its process, or mails the
 * queue gave up on. A mail that went out meanwhile is a duplicate to the sender and is not
 * sent again. `after`: only sends last queued longer ago than this (0 at a restart).
 */
export async function resumeSends(p: Ports, now: Date, after = RESUME_AFTER_MS): Promise<string[]> {
  const resumed: string[] = [];
  for (const job of await openSends(new Date(now.getTime() - after), p.db)) {
    const { pending } = await progressOf(p, job);
    if (!pending.length) continue;
    await markQueued(job.sendId, now, p.db);
    await queueRecipients(p, job, pending);
    resumed.push(`${job.sendId} (${pending.length})`);
  }
  return resumed;
}
