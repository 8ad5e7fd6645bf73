import * as z from 'zod/mini';
import { type Actor, hasRole } from './actor.ts';
import { Municipality } from './municipalities.ts';
import { PARTNERS, PartnerId } from './partners.ts';
import { adultsOf, COUNT_KEYS, type CountKey, type Counts, expectedPairs, FIGURE_KEYS, type FigureKey, germanDay, StatsAuditEntry } from './statistics.ts';
import { type Cell, protectBreakdown } from './statistics-suppression.ts';
import { AcceptedRevision, latestAccepted, type Submission, SubmissionStatus } from './statistics-workflow.ts';

/**
 * A reporting date (Stichtag) and, once the press office publishes it, its county
 * snapshot: the totals over accepted submissions, the protected breakdowns and the
 * completeness, frozen at publication. The public site reads only publications.
 */

export const SnapshotStatus = z.enum(['open', 'published', 'withdrawn']);
export type SnapshotStatus = z.infer<typeof SnapshotStatus>;

export const SNAPSHOT_STATUSES: { id: SnapshotStatus; label: string }[] = [
  { id: 'open', label: 'Offen für Meldungen' },
  { id: 'published', label: 'Veröffentlicht' },
  { id: 'withdrawn', label: 'Von der Website genommen' },
];
export const snapshotStatusLabel = (s: SnapshotStatus) => SNAPSHOT_STATUSES.find((x) => x.id === s)!.label;

/**
 * How a published number came about. Being exact about this is the point: the 2021
 * figures were partly published as percentages only, and a count computed from a
 * rounded percentage must not look as precise as a counted one.
 */
export const FigureOrigin = z.enum([
  /** Sum of the accepted submissions' counts. */
  'sum',
  /** Computed from other published counts (adults = clients − minors). */
  'derived',
  /** A count taken as published by the source. */
  'as-published',
  /** Only a percentage was published; the count is that share of its base, rounded. */
  'from-percent',
]);
export type FigureOrigin = z.infer<typeof FigureOrigin>;

export const PublishedFigure = z.object({
  count: z.number().check(z.int(), z.gte(0)),
  origin: FigureOrigin,
  /** The percentage exactly as the source published it (origin 'from-percent'). */
  publishedPercent: z.optional(z.number()),
  /** Every count that rounds to the published percentage of the base (origin 'from-percent'). */
  countRange: z.optional(z.object({ min: z.number().check(z.int()), max: z.number().check(z.int()) })),
  /** The day the figure holds on (stock) or the period ends (flow). */
  asOf: z.string(),
  /** When the source named no exact day: its own words ("Anfang 2021"). */
  asOfLabel: z.optional(z.string()),
  /** Flow figures: the start of the counted period, when known. */
  periodFrom: z.optional(z.string()),
  note: z.optional(z.string()),
});
export type PublishedFigure = z.infer<typeof PublishedFigure>;

const Values = z.object(
  Object.fromEntries(COUNT_KEYS.map((k) => [k, z.nullable(z.number().check(z.int(), z.gte(0)))])) as { [K in CountKey]: z.ZodMiniNullable<z.ZodMiniNumber> },
);
export const PublishedBreakdown = z.object({
  threshold: z.number().check(z.int()),
  byMunicipality: z.array(z.object({ unit: Municipality, values: Values })),
  byPartner: z.array(z.object({ unit: PartnerId, values: Values })),
  withheld: z.array(z.enum(COUNT_KEYS)),
});
export type PublishedBreakdown = z.infer<typeof PublishedBreakdown>;

export const Completeness = z.object({
  expected: z.number().check(z.int()),
  received: z.number().check(z.int()),
  /** Assigned municipalities without accepted figures from their partner. */
  missing: z.array(z.object({ partner: PartnerId, municipality: Municipality })),
  /** Accepted figures for a pair the current assignment no longer lists (still counted). */
  unassigned: z.array(z.object({ partner: PartnerId, municipality: Municipality })),
});
export type Completeness = z.infer<typeof Completeness>;

export const SnapshotSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('submissions') }),
  z.object({
    kind: z.literal('press-release'),
    title: z.string(),
    publisher: z.string(),
    /** Publication date of the source (YYYY-MM-DD). */
    date: z.string(),
    note: z.optional(z.string()),
  }),
]);
export type SnapshotSource = z.infer<typeof SnapshotSource>;

export const Correction = z.object({ at: z.string(), note: z.string() });

export const Publication = z.object({
  revision: z.number().check(z.int(), z.positive()),
  firstPublishedAt: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  publishedByName: z.string(),
  figures: z.record(z.enum(FIGURE_KEYS), PublishedFigure),
  breakdown: z.optional(PublishedBreakdown),
  completeness: z.optional(Completeness),
  source: SnapshotSource,
  /** Public notes of every republication with changed figures, oldest first ("korrigiert am"). */
  corrections: z.array(Correction),
  /** Some figures come from the local demo seed: invented, and the site says so. */
  demo: z.optional(z.boolean()),
});
export type Publication = z.infer<typeof Publication>;

export const Snapshot = z.object({
  date: z.string(),
  /** How the date is shown when the source gave no exact day ("Anfang 2021"). */
  dateLabel: z.optional(z.string()),
  status: SnapshotStatus,
  origin: z.enum(['submissions', 'press-release']),
  version: z.number().check(z.int(), z.positive()),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
  createdByName: z.string(),
  publication: z.optional(Publication),
  audit: z.array(StatsAuditEntry),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const dateLabelOf = (s: Pick<Snapshot, 'date' | 'dateLabel'>) => s.dateLabel ?? germanDay(s.date);

// ---------------------------------------------------------------------------
// Aggregation

export const Aggregate = z.object({
  date: z.string(),
  /** Sum of the latest accepted revision of every submission; undefined when there is none. */
  totals: z.optional(AcceptedRevision.shape.counts),
  cells: z.array(z.object({ partner: PartnerId, municipality: Municipality, counts: AcceptedRevision.shape.counts })),
  completeness: Completeness,
  /** Where the missing ones stand (a draft, waiting for the lead, …). */
  pending: z.array(z.object({ partner: PartnerId, municipality: Municipality, status: SubmissionStatus, id: z.string() })),
  /** Submissions whose figures are being corrected (the accepted ones still count). */
  corrections: z.array(z.object({ id: z.string(), partner: PartnerId, municipality: Municipality, status: SubmissionStatus })),
  /** Some accepted figures are demo data. */
  demo: z.boolean(),
});
export type Aggregate = z.infer<typeof Aggregate>;

const pairKey = (p: { partner: string; municipality: string }) => `${p.partner}|${p.municipality}`;
const byPair = (a: { partner: string; municipality: string }, b: { partner: string; municipality: string }) =>
  a.partner.localeCompare(b.partner) || a.municipality.localeCompare(b.municipality, 'de');

/** The county aggregate of one reporting date: pure, from the date's submissions and the assignment. */
export function aggregate(date: string, submissions: readonly Submission[], assignment: Partial<Record<PartnerId, readonly Municipality[]>>): Aggregate {
  const own = submissions.filter((s) => s.date === date);
  const cells: Cell[] = own
    .flatMap((s) => {
      const acc = latestAccepted(s);
      return acc ? [{ partner: s.partner, municipality: s.municipality, counts: acc.counts }] : [];
    })
    .sort(byPair);
  const totals = cells.length ? (Object.fromEntries(COUNT_KEYS.map((k) => [k, cells.reduce((sum, c) => sum + c.counts[k], 0)])) as Counts) : undefined;
  const expected = expectedPairs(assignment);
  const received = new Set(cells.map(pairKey));
  const expectedKeys = new Set(expected.map(pairKey));
  const missing = expected.filter((p) => !received.has(pairKey(p))).sort(byPair);
  const missingKeys = new Set(missing.map(pairKey));
  return {
    date,
    totals,
    cells,
    completeness: {
      expected: expected.length,
      received: expected.filter((p) => received.has(pairKey(p))).length,
      missing,
      unassigned: cells.filter((c) => !expectedKeys.has(pairKey(c))).map(({ partner, municipality }) => ({ partner, municipality })),
    },
    pending: own
      .filter((s) => missingKeys.has(pairKey(s)))
      .map((s) => ({ partner: s.partner, municipality: s.municipality, status: s.status, id: s.id }))
      .sort(byPair),
    demo: own.some((s) => s.demo && s.accepted.length > 0),
    corrections: own
      .filter((s) => s.accepted.length > 0 && s.status !== 'accepted')
      .map((s) => ({ id: s.id, partner: s.partner, municipality: s.municipality, status: s.status }))
      .sort(byPair),
  };
}

export const isComplete = (c: Completeness) => c.missing.length === 0;

/** "Es fehlen Zahlen für Asperg (AWO), Murr (DRK)." */
export function describeMissing(c: Completeness): string {
  const short = (p: PartnerId) => PARTNERS.find((x) => x.id === p)!.short;
  return c.missing.map((m) => `${m.municipality} (${short(m.partner)})`).join(', ');
}

// ---------------------------------------------------------------------------
// Publication

/** The county figures of an aggregate, every one a sum or derived from sums. */
export function figuresFromTotals(totals: Counts, date: string, periodFrom: string | undefined): Record<FigureKey, PublishedFigure> {
  const out = {} as Record<FigureKey, PublishedFigure>;
  for (const key of FIGURE_KEYS) {
    const count = key === 'adults' ? adultsOf(totals) : totals[key];
    const flow = key === 'ended' || key === 'rental';
    out[key] = { count, origin: key === 'adults' ? 'derived' : 'sum', asOf: date, ...(flow && periodFrom ? { periodFrom } : {}) };
  }
  return out;
}

/**
 * A figure the source published only as a whole percentage of `base`: the count is that
 * share, rounded, and the range holds every count that rounds to the same percentage
 * (assuming ordinary rounding). Nothing more precise can honestly be said.
 */
export function figureFromPercent(percent: number, base: number, asOf: string, extra: Partial<PublishedFigure> = {}): PublishedFigure {
  const rounds = (c: number) => Math.round((c / base) * 100) === percent;
  const matching: number[] = [];
  for (let c = 0; c <= base; c++) if (rounds(c)) matching.push(c);
  return {
    count: Math.round((percent / 100) * base),
    origin: 'from-percent',
    publishedPercent: percent,
    // No count fits when the source's percentage and base disagree; then no range is claimed.
    ...(matching.length ? { countRange: { min: matching[0]!, max: matching.at(-1)! } } : {}),
    asOf,
    ...extra,
  };
}

export const SnapshotAction = z.enum(['publish', 'withdraw'], { error: 'Unbekannte Aktion.' });
export type SnapshotAction = z.infer<typeof SnapshotAction>;

export const SNAPSHOT_ACTION_LABELS: Record<SnapshotAction, string> = {
  publish: 'Veröffentlichen',
  withdraw: 'Von der Website nehmen',
};

export type SnapshotDecision =
  | { ok: true; next: Snapshot; audit: z.infer<typeof StatsAuditEntry>; change: 'published' | 'updated' | 'unpublished' }
  | { ok: false; reason: 'forbidden' | 'state' | 'comment' | 'gate'; message: string; problems: string[] };

export interface PublishContext {
  now: Date;
  aggregate: Aggregate;
  threshold: number;
  /** The reporting date before this one, if any: the start of the flow figures' period. */
  previousDate?: string;
  /** Required when figures already published change: the public note ("korrigiert am …"). */
  note?: string;
  /** The press office has seen that submissions are missing and publishes anyway. */
  acceptIncomplete?: boolean;
}

const sameFigures = (a: Publication, figures: Publication['figures'], breakdown: PublishedBreakdown) =>
  JSON.stringify(FIGURE_KEYS.map((k) => a.figures[k]?.count)) === JSON.stringify(FIGURE_KEYS.map((k) => figures[k].count)) &&
  JSON.stringify(a.breakdown) === JSON.stringify(breakdown);

/** Decides publishing or withdrawing a snapshot and computes the next state. Pure. */
export function decideSnapshot(s: Snapshot, action: SnapshotAction, actor: Actor, ctx: PublishContext): SnapshotDecision {
  const refuse = (reason: Exclude<SnapshotDecision, { ok: true }>['reason'], message: string, problems: string[] = []) =>
    ({ ok: false, reason, message, problems }) as const;
  if (!hasRole(actor, 'press')) return refuse('forbidden', 'Nur die Pressestelle darf Statistiken veröffentlichen oder von der Website nehmen.');
  const at = ctx.now.toISOString();
  const entry = (to: SnapshotStatus, comment?: string) => ({
    at,
    by: actor.sub,
    byName: actor.name,
    action,
    from: s.status,
    to,
    ...(comment ? { comment } : {}),
  });

  if (action === 'withdraw') {
    if (s.status !== 'published')
      return refuse('state', `„${SNAPSHOT_ACTION_LABELS.withdraw}“ ist im Status „${snapshotStatusLabel(s.status)}“ nicht möglich.`);
    const audit = entry('withdrawn', ctx.note?.trim() || undefined);
    return { ok: true, next: { ...s, status: 'withdrawn', updatedAt: at, audit: [...s.audit, audit] }, audit, change: 'unpublished' };
  }

  if (s.origin !== 'submissions') {
    if (s.status === 'withdrawn' && s.publication) {
      const audit = entry('published');
      return { ok: true, next: { ...s, status: 'published', updatedAt: at, audit: [...s.audit, audit] }, audit, change: 'published' };
    }
    return refuse('state', 'Diese Zahlen stammen aus einer veröffentlichten Quelle und werden nicht aus Meldungen berechnet.');
  }
  const { aggregate: agg } = ctx;
  if (!agg.totals) return refuse('gate', 'Zu diesem Stichtag hat die Pressestelle noch keine Meldung angenommen.', ['Es gibt noch keine angenommenen Zahlen.']);
  if (!isComplete(agg.completeness) && !ctx.acceptIncomplete) {
    return refuse(
      'gate',
      `Es fehlen noch Zahlen aus ${agg.completeness.missing.length} von ${agg.completeness.expected} erwarteten Meldungen. Bitte bestätigen Sie, dass Sie trotzdem veröffentlichen möchten.`,
      [`Es fehlen: ${describeMissing(agg.completeness)}.`],
    );
  }
  const figures = figuresFromTotals(agg.totals, s.date, ctx.previousDate);
  const breakdown = protectBreakdown(agg.cells, ctx.threshold);
  const prev = s.publication;
  const changed = !prev || !sameFigures(prev, figures, breakdown);
  const note = ctx.note?.trim();
  if (prev && s.status === 'published' && !changed) {
    return refuse('state', 'Seit der letzten Veröffentlichung hat sich an den Zahlen nichts geändert.');
  }
  if (prev && changed && (!note || note.length < 10)) {
    return refuse(
      'comment',
      'Die veröffentlichten Zahlen ändern sich. Bitte in mindestens 10 Zeichen beschreiben, was korrigiert wurde; der Hinweis erscheint mit „korrigiert am“ auf der Website.',
    );
  }
  const publication: Publication = {
    revision: prev ? prev.revision + (changed ? 1 : 0) : 1,
    firstPublishedAt: prev?.firstPublishedAt ?? at,
    publishedAt: changed ? at : prev!.publishedAt,
    publishedBy: actor.sub,
    publishedByName: actor.name,
    figures,
    breakdown,
    completeness: agg.completeness,
    source: { kind: 'submissions' },
    corrections: [...(prev?.corrections ?? []), ...(prev && changed ? [{ at, note: note! }] : [])],
    ...(agg.demo ? { demo: true } : {}),
  };
  const audit = entry('published', note);
  return {
    ok: true,
    next: { ...s, status: 'published', updatedAt: at, publication, audit: [...s.audit, audit] },
    audit,
    change: prev && s.status === 'published' ? 'updated' : 'published',
  };
}

/** A publication as the site shows it: the figures and their story, not who in the press office pressed the button. */
export const PublicPublication = z.omit(Publication, { publishedBy: true, publishedByName: true });
export type PublicPublication = z.infer<typeof PublicPublication>;

/** The public projection: only published snapshots, only the publication. */
export interface PublicSnapshot {
  date: string;
  dateLabel: string;
  publication: PublicPublication;
}

export function toPublicSnapshot(s: Snapshot): PublicSnapshot | undefined {
  if (s.status !== 'published' || !s.publication) return undefined;
  const parsed = Publication.safeParse(s.publication);
  if (!parsed.success) return undefined;
  const { publishedBy: _by, publishedByName: _name, ...publication } = parsed.data;
  return { date: s.date, dateLabel: dateLabelOf(s), publication };
}

export function canCreateSnapshot(actor: Actor): string | undefined {
  return hasRole(actor, 'press') ? undefined : 'Nur die Pressestelle legt Stichtage an.';
}
