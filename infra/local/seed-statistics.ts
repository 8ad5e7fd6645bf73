import { readFileSync } from 'node:fs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { demoUsers } from '@newsroom/content/seed/users.ts';
import { ConflictError } from '@newsroom/domain/errors.ts';
import { PARTNERS } from '@newsroom/domain/partners.ts';
import { Assignment, type Counts, DEFAULT_THRESHOLD, type StatsAuditEntry, submissionId } from '@newsroom/domain/statistics.ts';
import { figureFromPercent, type Publication, PublishedFigure, type Snapshot, SnapshotSource } from '@newsroom/domain/statistics-snapshot.ts';
import type { Submission, SubmissionStatus } from '@newsroom/domain/statistics-workflow.ts';
import type { Db } from '@newsroom/store/client.ts';
import { getSettings, putNewSnapshot, putNewSubmission, saveSettings } from '@newsroom/store/statistics.ts';
import * as z from 'zod/mini';
import { subjectOf } from './dev-idp.ts';

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

const FigureIn = z.pick(PublishedFigure, { count: true, asOf: true, asOfLabel: true, note: true });
const PercentIn = z.object({
  percent: z.number().check(z.int(), z.gte(0), z.lte(100)),
  asOf: z.string(),
  asOfLabel: z.optional(z.string()),
  note: z.optional(z.string()),
});

/** The real 2021 figures as trusted, version-controlled content (content/statistics/). */
const PublishedFile = z.object({
  note: z.string(),
  date: z.string(),
  dateLabel: z.string(),
  source: SnapshotSource,
  counts: z.object({ clients: FigureIn, minors: FigureIn, ended: FigureIn, rental: FigureIn }),
  percentOfAdults: z.object({ germanB1: PercentIn, employed: PercentIn, training: PercentIn }),
});

/** The snapshot exactly as the press release published it: counts as counts, shares as shares. */
export function snapshotFromPressRelease(file: z.infer<typeof PublishedFile>): Snapshot {
  const { counts: c, percentOfAdults: p } = file;
  const adults = c.clients.count - c.minors.count;
  const asPublished = (f: z.infer<typeof FigureIn>): z.infer<typeof PublishedFigure> => ({ ...f, origin: 'as-published' });
  const fromPercent = (f: z.infer<typeof PercentIn>) =>
    figureFromPercent(f.percent, adults, f.asOf, {
      ...(f.asOfLabel ? { asOfLabel: f.asOfLabel } : {}),
      ...(f.note ? { note: f.note } : {}),
    });
  const published = `${file.source.kind === 'press-release' ? file.source.date : file.date}T00:00:00.000Z`;
  const publication: Publication = {
    revision: 1,
    firstPublishedAt: published,
    publishedAt: published,
    publishedBy: 'source',
    publishedByName: 'Übernommen aus der veröffentlichten Quelle',
    figures: {
      clients: asPublished(c.clients),
      minors: asPublished(c.minors),
      adults: { count: adults, origin: 'derived', asOf: c.clients.asOf, ...(c.clients.asOfLabel ? { asOfLabel: c.clients.asOfLabel } : {}) },
      germanB1: fromPercent(p.germanB1),
      employed: fromPercent(p.employed),
      training: fromPercent(p.training),
      ended: asPublished(c.ended),
      rental: asPublished(c.rental),
    },
    source: file.source,
    corrections: [],
  };
  return {
    date: file.date,
    dateLabel: file.dateLabel,
    status: 'published',
    origin: 'press-release',
    version: 1,
    createdAt: published,
    updatedAt: published,
    createdBy: 'source',
    createdByName: 'Übernommen aus der veröffentlichten Quelle',
    publication,
    audit: [{ at: published, by: 'source', byName: 'Übernommen aus der veröffentlichten Quelle', action: 'import', to: 'published', comment: file.note }],
  };
}

/**
 * Stores the real published figures of 2021 unless they are there already. Real data:
 * also for a store without demo data (tests call it on their own).
 */
export async function seedPublishedStatistics(store: Db): Promise<number> {
  const file = PublishedFile.parse(read('../../content/statistics/2021-zwischenbericht.json'));
  try {
    await putNewSnapshot(snapshotFromPressRelease(file), store);
    return 1;
  } catch (err) {
    if (err instanceof ConflictError) return 0;
    throw err;
  }
}

const DemoFile = z.object({
  note: z.string(),
  assignment: Assignment,
  demoClients: z.record(z.string(), z.number().check(z.int(), z.positive())),
});

const DEMO_MARKER = { PK: 'META', SK: 'SEED#STATISTICS' };

/** The last 30 June or 31 December at least two weeks before `now`: a plausible open reporting date. */
export function demoReportingDate(now: Date): string {
  const d = new Date(now.getTime() - 14 * 86_400_000);
  const y = d.getUTCFullYear();
  if (d.getUTCMonth() >= 6) return `${y}-06-30`;
  return `${y - 1}-12-31`;
}

/** Deterministic "randomness" per municipality, so every start invents the same demo counts. */
function jitter(key: string, spread: number): number {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return 1 + (((h >>> 0) % 1000) / 1000 - 0.5) * spread;
}

function demoCounts(municipality: string, clientsTotal: number, share: number): Counts {
  const clients = Math.max(1, Math.round(clientsTotal * share * jitter(municipality, 0.3)));
  const minors = Math.round(clients * 0.38 * jitter(`${municipality}m`, 0.4));
  const adults = clients - minors;
  const ended = Math.round(clients * 0.1 * jitter(`${municipality}e`, 0.8));
  return {
    clients,
    minors,
    germanB1: Math.min(adults, Math.round(adults * 0.3 * jitter(`${municipality}b`, 0.5))),
    employed: Math.min(adults, Math.round(adults * 0.17 * jitter(`${municipality}j`, 0.6))),
    training: Math.min(adults, Math.round(adults * 0.06 * jitter(`${municipality}t`, 0.8))),
    ended,
    rental: Math.min(ended, Math.round(ended * 0.55 * jitter(`${municipality}r`, 0.6))),
  };
}

/** Where each demo submission stands, so every queue has something in it. */
const DEMO_STATES: (SubmissionStatus | 'none')[] = [
  'accepted',
  'accepted',
  'accepted',
  'approved',
  'accepted',
  'submitted',
  'accepted',
  'draft',
  'accepted',
  'none',
];

/**
 * Demo statistics, once per data directory: the demo assignment (marked as demo in the
 * settings), one open reporting date and demo submissions in every state. The demo
 * reporting date is not published; the press office can do that in the editor, and
 * the site then says that the figures are invented.
 */
export async function seedDemoStatistics(store: Db, now = new Date()): Promise<number> {
  const marker = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: DEMO_MARKER }));
  if (marker.Item) return 0;
  const file = DemoFile.parse(read('../../content/seed/statistics.json'));
  const users = demoUsers();
  const who = (username: string) => {
    const u = users.find((x) => x.username === username);
    if (!u) throw new Error(`demo statistics: no demo user ${username}`);
    return { by: subjectOf(u.username), byName: u.name };
  };

  const settings = await getSettings(store);
  if (settings.version === 0) {
    const at = now.toISOString();
    await saveSettings(
      {
        assignment: Object.fromEntries(PARTNERS.map((p) => [p.id, file.assignment[p.id] ?? []])) as Assignment,
        threshold: DEFAULT_THRESHOLD,
        version: 1,
        demo: true,
        updatedAt: at,
        audit: [{ at, by: 'seed', byName: 'Demo-Daten', action: 'settings', comment: 'Erfundene Demo-Zuordnung für die lokale Entwicklung' }],
      },
      store,
    );
  }

  const date = demoReportingDate(now);
  const openedAt = new Date(Date.parse(`${date}T08:00:00Z`) - 20 * 86_400_000).toISOString();
  try {
    await putNewSnapshot(
      {
        date,
        status: 'open',
        origin: 'submissions',
        version: 1,
        createdAt: openedAt,
        updatedAt: openedAt,
        ...(() => {
          const p = who('presse');
          return { createdBy: p.by, createdByName: p.byName };
        })(),
        audit: [{ at: openedAt, ...who('presse'), action: 'create', to: 'open' }],
      },
      store,
    );
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
  }

  const pairs = PARTNERS.flatMap((p) => (file.assignment[p.id] ?? []).map((m) => ({ partner: p.id, municipality: m })));
  let created = 0;
  for (const [i, { partner, municipality }] of pairs.entries()) {
    const state = DEMO_STATES[i % DEMO_STATES.length]!;
    if (state === 'none') continue;
    const sharers = pairs.filter((x) => x.municipality === municipality).length;
    // Shared towns: the partners split the town's demo clients unevenly.
    const share = sharers === 1 ? 1 : partner === 'lra' ? 0.35 : 0.65;
    const counts = demoCounts(`${municipality}${partner}`, file.demoClients[municipality] ?? 20, share);
    const manager = who(partner === 'caritas' && i % 2 ? 'caritas-manager-2' : `${partner}-manager`);
    const lead = who(`${partner}-lead`);
    const step = (days: number) => new Date(Date.parse(`${date}T09:00:00Z`) + days * 86_400_000).toISOString();
    const audit: StatsAuditEntry[] = [{ at: step(2), ...manager, action: 'create', to: 'draft' }];
    const flow: [SubmissionStatus, string, { by: string; byName: string }][] = [
      ['submitted', 'submit', manager],
      ['approved', 'approve', lead],
      ['accepted', 'accept', who('presse-2')],
    ];
    let status: SubmissionStatus = 'draft';
    for (const [to, action, actor] of flow) {
      if (status === state) break;
      audit.push({ at: step(3 + audit.length), ...actor, action, from: status, to });
      status = to;
    }
    const at = audit.at(-1)!.at;
    const submission: Submission = {
      id: submissionId(date, partner, municipality),
      date,
      partner,
      municipality,
      status,
      counts: state === 'draft' ? { clients: counts.clients, minors: counts.minors } : counts,
      revision: 1,
      accepted: status === 'accepted' ? [{ revision: 1, counts, at, ...who('presse-2') }] : [],
      version: audit.length,
      createdAt: audit[0]!.at,
      updatedAt: at,
      createdBy: manager.by,
      createdByName: manager.byName,
      demo: true,
      audit,
    };
    try {
      await putNewSubmission(submission, store);
      created++;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...DEMO_MARKER, at: now.toISOString(), count: created } }));
  return created;
}

/** Real published figures and demo statistics: what `npm start` seeds. */
export async function seedStatistics(store: Db, now = new Date()): Promise<number> {
  return (await seedPublishedStatistics(store)) + (await seedDemoStatistics(store, now));
}
