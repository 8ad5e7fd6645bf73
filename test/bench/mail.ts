import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Actor } from '@newsroom/domain/actor.ts';
import type { SendView } from '@newsroom/domain/api/release-sends.ts';
import { Release } from '@newsroom/domain/release.ts';
import { startMailbox } from '@newsroom/infra-local/mailbox.ts';
import { inProcessMailQueue } from '@newsroom/mail/in-process.ts';
import { smtpTransport } from '@newsroom/mail/smtp.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { sendRelease, useDistribution } from '@newsroom/operations/release-sends.ts';
import { SEND_PROGRESS_POLL_MS } from '@newsroom/redaktion/src/app/releases/send-progress.ts';
import { useLocalMailQueue } from '@newsroom/runtime/adapters.ts';
import { config, configure } from '@newsroom/runtime/config.ts';
import { putNewRelease } from '@newsroom/store/releases.ts';
import { startApi } from '../integration/harness.ts';

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const PRESS: Actor = { sub: 'bench-presse', name: 'Pressestelle (Bench)', roles: ['press'], partner: 'lra' };

/** The press office's release, with a Sperrfrist tomorrow: what a send snapshots and every mail renders. */
function benchRelease(id: string): Release {
  const now = new Date().toISOString();
  const embargo = new Date(Date.now() + 86_400_000).toISOString();
  return Release.parse({
    id,
    slug: `integrationsmanagement-zieht-bilanz-${id}`,
    partner: 'lra',
    status: 'scheduled',
    version: 3,
    authorId: PRESS.sub,
    authorName: PRESS.name,
    lastEditorId: PRESS.sub,
    createdAt: now,
    updatedAt: now,
    publishedAt: embargo,
    embargoAt: embargo,
    headline: 'Integrationsmanagement zieht Bilanz für 2026',
    lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg hat auch 2026 viele geflüchtete Menschen auf ihrem Weg begleitet.',
    body: 'Die Integrationsmanagerinnen und -manager der fünf Träger haben **gemeinsam** mit ihren Klientinnen und Klienten Ziele vereinbart.\n\n'.repeat(12),
    quotes: [
      { text: 'Jede dieser Geschichten zeigt, was gemeinsam möglich ist.', name: 'Julia Neumann', function: 'Pressesprecherin', organisation: 'Landratsamt' },
    ],
    contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
    topics: ['arbeit'],
    partners: ['lra'],
    audit: [{ at: now, by: PRESS.sub, byName: PRESS.name, action: 'create', to: 'draft' }],
  });
}

/** One answer of the progress route as the editor reads it: when it came, how long it took, and the send's counts in it. */
interface ProgressPoll {
  /** Milliseconds since the send was started. */
  atMs: number;
  latencyMs: number;
  sent: number;
  failed: number;
  pending: number;
}

/**
 * A press release sent to `recipients` journalists as `npm start` sends it: the send
 * written to dynalite (the send and one item per recipient), one mail per recipient
 * queued on the in-process queue (SQS in AWS, not measured here), each delivered by the
 * sender (suppression read, conditional claim, render with the Markdown renderer,
 * nodemailer over one kept SMTP connection, mark sent) into the local smtp-server and
 * counted there, without a rate limit. Per mail: the gaps between consecutive arrivals
 * at the SMTP server (the sender delivers one after the other).
 *
 * Then a second release to the same recipients while the editor watches it: the progress
 * route the release's page polls (GET /releases/{id}/sends, through the local gateway with
 * a token of the press office), asked as the editor asks it: the interval after each
 * answer, until nothing is pending.
 */
export async function mailBench(recipients: number) {
  const dir = mkdtempSync(join(tmpdir(), 'mail-bench-'));
  // The API behind the local gateway, as `npm start` runs it: the progress route is asked over HTTP.
  const api = await startApi();
  configure({ siteUrl: 'http://localhost:4321', mail: { ...config().mail, apiUrl: 'http://localhost:4323' } });
  const mailbox = await startMailbox({ dir: join(dir, 'mail') });
  const transport = smtpTransport(mailbox.smtpUrl);
  const queue = useLocalMailQueue(inProcessMailQueue({ transport, from: config().mail.from, ratePerSecond: 1_000_000 }))!;
  const addresses = Array.from({ length: recipients }, (_, i) => `journalist-${i}@redaktion-${i % 13}.example`);
  useDistribution({
    lists: async () => [{ id: 'alle', name: 'Alle', recipients }],
    recipients: async () =>
      addresses.map((email) => ({
        email,
        headers: { 'List-Unsubscribe': `<http://localhost:4323/abmelden/${i(email)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        links: [{ label: 'Vom Presseverteiler abmelden', href: `http://localhost:4323/abmelden/${i(email)}` }],
      })),
  });
  const quiet = benchRelease('benchmail1');
  const watched = benchRelease('benchmail2');
  await putNewRelease(quiet);
  await putNewRelease(watched);
  // The first request signs in (a token from the development IdP), as the editor has before it sends.
  await api.token('presse');
  const load = loadavg()[0]!;

  /** Sends `release` to every recipient: how long writing and queueing took, when the sender was done, the mails that arrived, and what `watch` saw meanwhile. */
  const send = async (release: Release, watch?: (sendId: string, t0: number) => Promise<ProgressPoll[]>) => {
    const before = mailbox.mails().length;
    const wallStart = Date.now();
    const t0 = performance.now();
    const started = await sendRelease(runtimePorts(), PRESS, release.id, { kind: 'release', lists: ['alle'] });
    const queueMs = performance.now() - t0;
    const sending = queue.idle().then(() => performance.now() - t0);
    const polls = watch ? await watch(started.sendId, t0) : [];
    const allMs = await sending;
    const arrived = mailbox.mails().slice(before);
    const times = arrived.map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
    return { sendId: started.sendId, wallStart, queueMs, allMs, arrived, times, polls };
  };

  /** The editor's loop (site/redaktion/src/app/releases/send.ts): wait the interval, ask, show; again while anything is pending. */
  const watch = (releaseId: string) => async (sendId: string, t0: number) => {
    const polls: ProgressPoll[] = [];
    for (;;) {
      await new Promise((r) => setTimeout(r, SEND_PROGRESS_POLL_MS));
      const asked = performance.now();
      const res = await api.call('presse', 'GET', `/releases/${releaseId}/sends`);
      const answered = performance.now();
      if (res.status !== 200) throw new Error(`GET /releases/${releaseId}/sends: ${res.status} ${JSON.stringify(res.body)}`);
      const view = (res.body.items as SendView[]).find((s) => s.sendId === sendId)!;
      polls.push({ atMs: Math.round(answered - t0), latencyMs: Math.round(answered - asked), sent: view.sent, failed: view.failed, pending: view.pending });
      if (view.pending === 0) return polls;
    }
  };

  try {
    const quietRun = await send(quiet);
    const gaps = quietRun.times
      .slice(1)
      .map((t, k) => t - quietRun.times[k]!)
      .sort((a, b) => a - b);
    const deliverMs = quietRun.times.at(-1)! - quietRun.times[0]!;

    const watchedRun = await send(watched, watch(watched.id));
    const polls = watchedRun.polls;
    const latencies = polls.map((p) => p.latencyMs).sort((a, b) => a - b);
    const firstChange = polls.find((p) => p.sent > 0);
    const last = polls.at(-1)!;
    // The SMTP server stamps arrivals with the wall clock: the polls' times as wall-clock times beside them.
    const wall = (p: ProgressPoll | undefined) => (p ? watchedRun.wallStart + p.atMs : Number.NaN);
    return {
      method:
        'one process: dynalite in memory, sendRelease (the send and its recipients written, one mail per recipient queued), the in-process queue (npm start; SQS in AWS, not measured), the sender (suppression read, conditional claim, render, nodemailer over one kept SMTP connection, mark sent) into the local smtp-server, no rate limit; counted at the SMTP server; per mail: gaps between consecutive arrivals',
      recipients,
      configuredRatePerSecond: config().mail.ratePerSecond,
      sendId: quietRun.sendId,
      writeAndQueueMs: Math.round(quietRun.queueMs),
      untilLastMailMs: Math.round(quietRun.allMs),
      smtpMailsPerSecond: round((quietRun.arrived.length / quietRun.allMs) * 1000),
      mailsPerSecondFirstToLast: round(((quietRun.arrived.length - 1) / deliverMs) * 1000),
      perMailMs: { p50: percentile(gaps, 50), p95: percentile(gaps, 95), max: gaps.at(-1) },
      arrivedAtSmtpServer: quietRun.arrived.length,
      distinctRecipients: new Set(quietRun.arrived.flatMap((m) => m.envelope.to)).size,
      progress: {
        method:
          "then a second release to the same recipients, sent the same way while the editor's release page watches it: its progress route (GET /releases/{id}/sends, over HTTP through the local gateway with the press office's token) asked as the page asks it, the interval after each answer, until nothing is pending; the answers' times set beside the arrivals at the SMTP server",
        route: 'GET /releases/{id}/sends',
        pollIntervalMs: SEND_PROGRESS_POLL_MS,
        polls: polls.length,
        pollsShowingMoreSent: polls.filter((p, k) => p.sent > (k === 0 ? 0 : polls[k - 1]!.sent)).length,
        sentRoseMonotonically: polls.every((p, k) => k === 0 || (p.sent >= polls[k - 1]!.sent && p.pending <= polls[k - 1]!.pending)),
        firstMailToFirstProgressMs: Math.round(wall(firstChange) - watchedRun.times[0]!),
        lastMailToNothingPendingMs: Math.round(wall(last) - watchedRun.times.at(-1)!),
        latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1) },
        final: { recipients, sent: last.sent, failed: last.failed, pending: last.pending },
        finalEqualsRecipients: last.sent === recipients && last.failed === 0 && last.pending === 0,
        writeAndQueueMs: Math.round(watchedRun.queueMs),
        untilLastMailMs: Math.round(watchedRun.allMs),
        smtpMailsPerSecond: round((watchedRun.arrived.length / watchedRun.allMs) * 1000),
        arrivedAtSmtpServer: watchedRun.arrived.length,
        distinctRecipients: new Set(watchedRun.arrived.flatMap((m) => m.envelope.to)).size,
        answers: polls,
      },
      loadAverage: { before: round(load), after: round(loadavg()[0]!) },
    };
  } finally {
    useLocalMailQueue(undefined);
    transport.close();
    await mailbox.close();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const i = (email: string) => encodeURIComponent(email);
