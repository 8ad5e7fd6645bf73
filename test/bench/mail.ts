import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Actor } from '@newsroom/domain/actor.ts';
import { Release } from '@newsroom/domain/release.ts';
import { startDynalite, useEmbeddedStore } from '@newsroom/infra-local/dynalite.ts';
import { startMailbox } from '@newsroom/infra-local/mailbox.ts';
import { inProcessMailQueue } from '@newsroom/mail/in-process.ts';
import { smtpTransport } from '@newsroom/mail/smtp.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { sendRelease, useDistribution } from '@newsroom/operations/release-sends.ts';
import { useLocalMailQueue } from '@newsroom/runtime/adapters.ts';
import { config, configure } from '@newsroom/runtime/config.ts';
import { putNewRelease } from '@newsroom/store/releases.ts';

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const PRESS: Actor = { sub: 'bench-presse', name: 'Pressestelle (Bench)', roles: ['press'], partner: 'lra' };

/**
 * A press release sent to `recipients` journalists as `npm start` sends it: the send
 * written to dynalite (the send and one item per recipient), one mail per recipient
 * queued on the in-process queue (SQS in AWS, not measured here), each delivered by the
 * sender (suppression read, conditional claim, render with the Markdown renderer,
 * nodemailer over one kept SMTP connection, mark sent) into the local smtp-server and
 * counted there, without a rate limit. Per mail: the gaps between consecutive arrivals
 * at the SMTP server (the sender delivers one after the other).
 */
export async function mailBench(recipients: number) {
  const dir = mkdtempSync(join(tmpdir(), 'mail-bench-'));
  const store = await startDynalite({ tableName: 'mail-bench' });
  useEmbeddedStore(store);
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
  const now = new Date().toISOString();
  const embargo = new Date(Date.now() + 86_400_000).toISOString();
  const release = Release.parse({
    id: 'benchmail1',
    slug: 'integrationsmanagement-zieht-bilanz-benchmail1',
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
  await putNewRelease(release);
  const load = loadavg()[0]!;
  try {
    const t0 = performance.now();
    const send = await sendRelease(runtimePorts(), PRESS, release.id, { kind: 'release', lists: ['alle'] });
    const queueMs = performance.now() - t0;
    await queue.idle();
    const allMs = performance.now() - t0;
    const arrived = mailbox.mails();
    const times = arrived.map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
    const gaps = times
      .slice(1)
      .map((t, k) => t - times[k]!)
      .sort((a, b) => a - b);
    const deliverMs = times.at(-1)! - times[0]!;
    return {
      method:
        'one process: dynalite in memory, sendRelease (the send and its recipients written, one mail per recipient queued), the in-process queue (npm start; SQS in AWS, not measured), the sender (suppression read, conditional claim, render, nodemailer over one kept SMTP connection, mark sent) into the local smtp-server, no rate limit; counted at the SMTP server; per mail: gaps between consecutive arrivals',
      recipients,
      configuredRatePerSecond: config().mail.ratePerSecond,
      sendId: send.sendId,
      writeAndQueueMs: Math.round(queueMs),
      untilLastMailMs: Math.round(allMs),
      smtpMailsPerSecond: round((arrived.length / allMs) * 1000),
      mailsPerSecondFirstToLast: round(((arrived.length - 1) / deliverMs) * 1000),
      perMailMs: { p50: percentile(gaps, 50), p95: percentile(gaps, 95), max: gaps.at(-1) },
      arrivedAtSmtpServer: arrived.length,
      distinctRecipients: new Set(arrived.flatMap((m) => m.envelope.to)).size,
      loadAverage: { before: round(load), after: round(loadavg()[0]!) },
    };
  } finally {
    useLocalMailQueue(undefined);
    transport.close();
    await mailbox.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const i = (email: string) => encodeURIComponent(email);
