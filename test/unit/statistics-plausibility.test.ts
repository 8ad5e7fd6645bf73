import { COUNT_KEYS, type Counts } from '@newsroom/domain/statistics.ts';
import {
  DEFAULT_CHANGE_THRESHOLD,
  defaultRules,
  keptReasons,
  MIN_FLAGGED_DIFFERENCE,
  plausibilityFlags,
  unexplainedFlags,
} from '@newsroom/domain/statistics-plausibility.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const BEFORE: Counts = { clients: 100, minors: 30, germanB1: 20, employed: 10, training: 5, ended: 12, rental: 6 };

describe('plausibility against the previous reporting date', () => {
  it('flags a change beyond ±30 % with the previous and current value, and nothing within it', () => {
    const flags = plausibilityFlags({ ...BEFORE, clients: 131, minors: 21 }, BEFORE, defaultRules());
    // −30 % exactly (minors 30 → 21) is within the threshold.
    expect(flags.map((f) => [f.field, f.kind, f.previous, f.current, f.changePercent])).toEqual([['clients', 'change', 100, 131, 31]]);
    expect(DEFAULT_CHANGE_THRESHOLD).toBe(30);
    expect(flags[0]!.message).toBe('Klientinnen und Klienten im Programm: 100 → 131 (+31 %), mehr als ±30 % gegenüber dem vorigen Stichtag.');
    expect(plausibilityFlags({ ...BEFORE, clients: 130 }, BEFORE, defaultRules())).toEqual([]);
  });

  it('uses the configured threshold', () => {
    expect(plausibilityFlags({ ...BEFORE, clients: 115 }, BEFORE, defaultRules(10)).map((f) => f.field)).toEqual(['clients']);
    expect(plausibilityFlags({ ...BEFORE, clients: 115 }, BEFORE, defaultRules(20))).toEqual([]);
  });

  it('does not flag small absolute moves in small offices, but flags growth from zero', () => {
    expect(plausibilityFlags({ training: 7 }, { training: 5 }, defaultRules())).toEqual([]);
    expect(plausibilityFlags({ training: 4 }, { training: 0 }, defaultRules()).map((f) => [f.field, f.changePercent])).toEqual([['training', undefined]]);
  });

  it('flags a cumulative count that falls, however small the drop', () => {
    const rules = { ...defaultRules(), cumulative: ['ended'] as const };
    const flags = plausibilityFlags({ ended: 11 }, { ended: 12 }, rules);
    expect(flags).toEqual([expect.objectContaining({ field: 'ended', kind: 'falls', previous: 12, current: 11 })]);
    expect(flags[0]!.message).toMatch(/nur wachsen kann/);
  });

  it('has no flags without a previous reporting date', () => {
    expect(plausibilityFlags(BEFORE, undefined, defaultRules())).toEqual([]);
  });

  it('asks for a reason of at least 10 characters per flag and keeps only reasons for flagged fields', () => {
    const flags = plausibilityFlags({ ...BEFORE, clients: 200 }, BEFORE, defaultRules());
    expect(unexplainedFlags(flags, {})).toHaveLength(1);
    expect(unexplainedFlags(flags, { clients: 'zu kurz' })).toHaveLength(1);
    expect(unexplainedFlags(flags, { clients: 'Neue Unterkunft in der Stadt eröffnet' })).toEqual([]);
    expect(keptReasons(flags, { clients: ' Neue Unterkunft ', minors: 'nicht mehr auffällig' })).toEqual({ clients: 'Neue Unterkunft' });
  });
});

const counts = fc.record(Object.fromEntries(COUNT_KEYS.map((k) => [k, fc.integer({ min: 0, max: 5000 })])) as { [K in keyof Counts]: fc.Arbitrary<number> });

describe('plausibility properties', () => {
  it('a flag exists exactly when the move is at least the minimum and beyond the threshold (or from zero)', () => {
    fc.assert(
      fc.property(counts, counts, fc.integer({ min: 1, max: 100 }), (now, before, threshold) => {
        const flagged = new Set(plausibilityFlags(now, before, defaultRules(threshold)).map((f) => f.field));
        for (const k of COUNT_KEYS) {
          const d = Math.abs(now[k] - before[k]);
          const expected = d >= MIN_FLAGGED_DIFFERENCE && (before[k] === 0 || d * 100 > threshold * before[k]);
          expect(flagged.has(k), `${k}: ${before[k]} → ${now[k]} at ±${threshold} %`).toBe(expected);
        }
      }),
    );
  });

  it('identical counts are never flagged, and a cumulative count that does not fall is never flagged as falling', () => {
    fc.assert(
      fc.property(counts, counts, (a, b) => {
        expect(plausibilityFlags(a, a, { changeThreshold: 0, cumulative: COUNT_KEYS })).toEqual([]);
        const grown = Object.fromEntries(COUNT_KEYS.map((k) => [k, a[k] + b[k]])) as Counts;
        expect(plausibilityFlags(grown, a, { changeThreshold: 30, cumulative: COUNT_KEYS }).filter((f) => f.kind === 'falls')).toEqual([]);
      }),
    );
  });

  it('every flag is unexplained until its reason is long enough', () => {
    fc.assert(
      fc.property(counts, counts, fc.string({ minLength: 0, maxLength: 20 }), (now, before, reason) => {
        const flags = plausibilityFlags(now, before, defaultRules());
        const reasons = Object.fromEntries(flags.map((f) => [f.field, reason]));
        expect(unexplainedFlags(flags, reasons)).toHaveLength(reason.trim().length >= 10 ? 0 : flags.length);
      }),
    );
  });
});
