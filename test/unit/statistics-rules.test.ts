import type { Actor } from '@newsroom/domain/actor.ts';
import {
  COUNT_KEYS,
  Counts,
  type Counts as CountsT,
  countProblems,
  PartialCounts,
  parseCountText,
  percentOf,
  ReportingDate,
  submissionId,
} from '@newsroom/domain/statistics.ts';
import { aggregate, decideSnapshot, figureFromPercent, type Snapshot } from '@newsroom/domain/statistics-snapshot.ts';
import { canReadSubmission, decideSubmission, type Submission, submissionActions, submissionFor } from '@newsroom/domain/statistics-workflow.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const actor = (sub: string, roles: Actor['roles'], partner: Actor['partner']): Actor => ({ sub, name: sub, roles, partner });
const manager = actor('m1', ['manager'], 'caritas');
const manager2 = actor('m2', ['manager'], 'caritas');
const lead = actor('l1', ['partner-lead'], 'caritas');
const otherLead = actor('l2', ['partner-lead'], 'awo');
const press = actor('p1', ['press'], 'lra');
const admin = actor('a1', ['admin'], 'lra');
const now = new Date('2026-01-10T10:00:00Z');
const COUNTS: CountsT = { clients: 40, minors: 10, germanB1: 12, employed: 8, training: 2, ended: 6, rental: 3 };

function draft(over: Partial<Submission> = {}): Submission {
  return {
    id: '2025-12-31.caritas.asperg',
    date: '2025-12-31',
    partner: 'caritas',
    municipality: 'Asperg',
    status: 'draft',
    counts: COUNTS,
    revision: 1,
    accepted: [],
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdBy: 'm1',
    createdByName: 'm1',
    audit: [{ at: now.toISOString(), by: 'm1', byName: 'm1', action: 'create', to: 'draft' }],
    ...over,
  };
}

function step(s: Submission, action: Parameters<typeof decideSubmission>[1], who: Actor, comment?: string): Submission {
  const d = decideSubmission(s, action, who, { now, comment });
  if (!d.ok) throw new Error(d.message);
  return { ...d.next, version: s.version + 1 };
}

describe('counts: validation with German messages', () => {
  it('accepts any counts that obey the rules and refuses any that break one, naming the field', () => {
    fc.assert(
      fc.property(
        fc.record(Object.fromEntries(COUNT_KEYS.map((k) => [k, fc.integer({ min: 0, max: 60 })])) as Record<keyof CountsT, fc.Arbitrary<number>>),
        (c) => {
          const adults = c.clients - c.minors;
          const valid = c.minors <= c.clients && c.germanB1 <= adults && c.employed <= adults && c.training <= adults && c.rental <= c.ended;
          const parsed = Counts.safeParse(c);
          expect(parsed.success).toBe(valid);
          if (!parsed.success) {
            for (const issue of parsed.error.issues) {
              expect(COUNT_KEYS).toContain(issue.path[0]);
              expect(issue.message).toMatch(/darf nicht größer sein/);
            }
          }
        },
      ),
    );
  });

  it('refuses negatives, decimals and implausible numbers per field, and all problems at once', () => {
    const r = PartialCounts.safeParse({ clients: -1, minors: 2.5, ended: 200_000 });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['clients', 'Die Zahl der Klientinnen und Klienten darf nicht negativ sein.'],
      ['minors', 'Die Zahl der Minderjährigen muss eine ganze Zahl sein.'],
      ['ended', 'Die Zahl der beendeten Beratungen ist unplausibel hoch (höchstens 100.000).'],
    ]);
  });

  it('checks a cross-field rule as soon as both sides are present, in a partial draft too', () => {
    expect(countProblems({ clients: 10 })).toEqual([]);
    expect(countProblems({ clients: 10, minors: 4, employed: 7 })).toEqual([
      { field: 'employed', message: expect.stringContaining('(6 = 10 Klient:innen − 4 Minderjährige)') },
    ]);
    expect(PartialCounts.safeParse({ rental: 3 }).success).toBe(true);
    expect(PartialCounts.safeParse({ clients: 1, extra: 2 }).success).toBe(false);
  });

  it('reads what people type: German digit grouping yes, decimals and signs no', () => {
    expect(parseCountText(' 1.234 ')).toEqual({ value: 1234 });
    expect(parseCountText('48')).toEqual({ value: 48 });
    expect(parseCountText('')).toEqual({});
    expect(parseCountText('2,5').error).toBe('Bitte eine ganze Zahl ohne Nachkommastellen angeben.');
    expect(parseCountText('-3').error).toBe('Die Zahl darf nicht negativ sein.');
    expect(parseCountText('zwölf').error).toBe('Bitte nur Ziffern eingeben.');
  });

  it('derives shares with one decimal and none of an empty base', () => {
    expect(percentOf(360, 1499)).toBe(24);
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(0, 0)).toBeUndefined();
  });

  it('knows real dates only, from the programme start on', () => {
    expect(ReportingDate.safeParse('2025-12-31').success).toBe(true);
    expect(ReportingDate.safeParse('2025-02-30').error?.issues[0]?.message).toBe('Dieses Datum gibt es nicht.');
    expect(ReportingDate.safeParse('2017-12-31').error?.issues[0]?.message).toMatch(/Beginn des Programms/);
    expect(submissionId('2025-12-31', 'kdv', 'Steinheim an der Murr')).toBe('2025-12-31.kdv.steinheim-an-der-murr');
    expect(submissionId('2025-12-31', 'awo', 'Bönnigheim')).toBe('2025-12-31.awo.boennigheim');
  });
});

describe('the submission workflow', () => {
  it('needs four eyes: whoever entered or submitted the figures cannot approve or accept them', () => {
    let s = step(draft(), 'submit', manager);
    expect(decideSubmission(s, 'approve', lead, { now }).ok).toBe(true);
    // The lead corrected the figures before submitting: now she is an author too.
    let s2 = draft({ audit: [...draft().audit, { at: now.toISOString(), by: 'l1', byName: 'l1', action: 'edit' }] });
    s2 = step(s2, 'submit', manager);
    expect(decideSubmission(s2, 'approve', lead, { now })).toMatchObject({
      ok: false,
      reason: 'forbidden',
      message: expect.stringMatching(/Vier-Augen-Prinzip/),
    });
    expect(decideSubmission(s, 'approve', otherLead, { now })).toMatchObject({ ok: false, reason: 'forbidden' });
    s = step(s, 'approve', lead);
    expect(submissionActions(s, press)).toEqual(['return', 'accept']);
    s = step(s, 'accept', press);
    expect(s.accepted).toEqual([{ revision: 1, counts: COUNTS, at: now.toISOString(), by: 'p1', byName: 'p1' }]);
  });

  it('refuses to submit incomplete or contradictory counts with the field problems', () => {
    const d = decideSubmission(draft({ counts: { clients: 5, minors: 7 } }), 'submit', manager, { now });
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.reason).toBe('gate');
      expect(d.problems).toContain('Die Zahl der Minderjährigen (7) darf nicht größer sein als die Zahl der Klientinnen und Klienten (5).');
      expect(d.problems.some((p) => p.includes('beendeten Beratungen'))).toBe(true);
    }
  });

  it('a correction keeps the accepted figures counting until the corrected ones are accepted, and records the reason', () => {
    let s = step(step(step(draft(), 'submit', manager), 'approve', lead), 'accept', press);
    expect(decideSubmission(s, 'correct', manager2, { now, comment: 'zu kurz' }).ok).toBe(false);
    s = step(s, 'correct', manager2, 'Doppelt gezählte Familie aus Tamm');
    expect(s).toMatchObject({ status: 'draft', revision: 2, correctionReason: 'Doppelt gezählte Familie aus Tamm' });
    s = { ...s, counts: { ...COUNTS, clients: 36 } };
    expect(aggregate('2025-12-31', [s], {}).totals!.clients).toBe(40);

    // The press office sees the accepted figures, not the work in progress.
    const seen = submissionFor(press, s);
    expect(seen).toMatchObject({ counts: COUNTS, revision: 1, correctionInProgress: true });
    expect(seen.correctionReason).toBeUndefined();

    s = step(step(step(s, 'submit', manager2), 'approve', lead), 'accept', press);
    expect(s.accepted.map((a) => [a.revision, a.counts.clients, a.reason])).toEqual([
      [1, 40, undefined],
      [2, 36, 'Doppelt gezählte Familie aus Tamm'],
    ]);
    expect(aggregate('2025-12-31', [s], {}).totals!.clients).toBe(36);
  });

  it('isolation: another partner never reads a submission; the press office only once released', () => {
    const s = draft();
    expect(canReadSubmission(manager2, s)).toBe(true);
    expect(canReadSubmission(otherLead, s)).toBe(false);
    expect(canReadSubmission(press, s)).toBe(false);
    expect(canReadSubmission(admin, s)).toBe(false);
    const approved = step(step(s, 'submit', manager), 'approve', lead);
    expect(canReadSubmission(press, approved)).toBe(true);
    expect(canReadSubmission(otherLead, approved)).toBe(false);
  });
});

describe('the county aggregate and its publication', () => {
  const assignment = { caritas: ['Asperg', 'Tamm'], awo: ['Murr'] } as const;
  const snapshot: Snapshot = {
    date: '2025-12-31',
    status: 'open',
    origin: 'submissions',
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdBy: 'p1',
    createdByName: 'p1',
    audit: [],
  };
  const acceptedAt = (municipality: 'Asperg' | 'Tamm', counts: CountsT) =>
    draft({ id: `x.${municipality}`, municipality, status: 'accepted', accepted: [{ revision: 1, counts, at: now.toISOString(), by: 'p1', byName: 'p1' }] });

  it('sums accepted figures, names the missing and where the pending stand', () => {
    const agg = aggregate('2025-12-31', [acceptedAt('Asperg', COUNTS), draft({ municipality: 'Tamm', id: 't' })], assignment);
    expect(agg.totals).toEqual(COUNTS);
    expect(agg.completeness).toMatchObject({
      expected: 3,
      received: 1,
      missing: [
        { partner: 'awo', municipality: 'Murr' },
        { partner: 'caritas', municipality: 'Tamm' },
      ],
    });
    expect(agg.pending).toEqual([{ partner: 'caritas', municipality: 'Tamm', status: 'draft', id: 't' }]);
  });

  it('publishes only with confirmation when incomplete; a changed republication needs a public note and says "korrigiert"', () => {
    const subs = [acceptedAt('Asperg', COUNTS)];
    const ctx = { now, threshold: 5, aggregate: aggregate('2025-12-31', subs, assignment) };
    expect(decideSnapshot(snapshot, 'publish', press, ctx)).toMatchObject({ ok: false, reason: 'gate' });
    expect(decideSnapshot(snapshot, 'publish', lead, { ...ctx, acceptIncomplete: true })).toMatchObject({ ok: false, reason: 'forbidden' });
    const first = decideSnapshot(snapshot, 'publish', press, { ...ctx, acceptIncomplete: true });
    if (!first.ok) throw new Error(first.message);
    expect(first.next.publication!.figures.adults).toEqual({ count: 30, origin: 'derived', asOf: '2025-12-31' });
    const published = { ...first.next, version: 2 };

    const later = {
      ...ctx,
      now: new Date('2026-02-03T09:00:00Z'),
      acceptIncomplete: true,
      aggregate: aggregate('2025-12-31', [acceptedAt('Asperg', { ...COUNTS, clients: 41 })], assignment),
    };
    expect(decideSnapshot(published, 'publish', press, later)).toMatchObject({ ok: false, reason: 'comment' });
    const corrected = decideSnapshot(published, 'publish', press, { ...later, note: 'Eine Klientin nachgemeldet.' });
    if (!corrected.ok) throw new Error(corrected.message);
    expect(corrected.change).toBe('updated');
    expect(corrected.next.publication).toMatchObject({
      revision: 2,
      firstPublishedAt: now.toISOString(),
      corrections: [{ at: '2026-02-03T09:00:00.000Z', note: 'Eine Klientin nachgemeldet.' }],
    });
  });

  it('keeps a percentage-only figure as published and gives the count only with its honest range', () => {
    expect(figureFromPercent(24, 1499, '2021-01-01')).toEqual({
      count: 360,
      origin: 'from-percent',
      publishedPercent: 24,
      countRange: { min: 353, max: 367 },
      asOf: '2021-01-01',
    });
    expect(figureFromPercent(4, 1499, '2021-01-01').countRange).toEqual({ min: 53, max: 67 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 50, max: 5000 }), (p, base) => {
        const f = figureFromPercent(p, base, '2021-01-01');
        const fits = Array.from({ length: base + 1 }, (_, c) => c).filter((c) => Math.round((c / base) * 100) === p);
        expect(f.countRange).toEqual(fits.length ? { min: fits[0], max: fits.at(-1) } : undefined);
        expect(f.publishedPercent).toBe(p);
      }),
    );
  });
});
