import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../functions/domain/consent.ts';
import type { AuditEntry } from '../../functions/domain/story.ts';
import { withdrawalReport } from '../../functions/domain/withdrawal-report.ts';

const NOW = new Date('2027-01-01T00:00:00Z');

/** A random history: a sequence of publish / unpublish steps an hour apart, as the workflow writes them. */
const historyArb = fc.array(fc.boolean(), { maxLength: 8 }).map((steps) => {
  const audit: AuditEntry[] = [];
  let live = false;
  steps.forEach((publish, i) => {
    const at = new Date(Date.parse('2026-01-01T00:00:00Z') + i * 3_600_000).toISOString();
    if (publish && !live) audit.push({ at, by: 'p', byName: 'P', action: 'publish', from: 'press-approved', to: 'published' });
    else if (!publish && live) audit.push({ at, by: 'p', byName: 'P', action: 'unpublish', from: 'published', to: 'unpublished' });
    else audit.push({ at, by: 'p', byName: 'P', action: 'edit' });
    if (publish !== live && (publish || live)) live = publish;
  });
  return audit;
});

describe('the withdrawal report lists exactly the places a story reached', () => {
  it('holds for random publication histories, channels and releases', () => {
    fc.assert(fc.property(
      historyArb,
      fc.subarray(['website', 'press', 'print', 'social'] as Channel[]),
      fc.array(fc.record({ published: fc.boolean(), n: fc.integer({ min: 1, max: 999 }) }), { maxLength: 3 }),
      (audit, channels, rels) => {
        const releases = rels.map((r, i) => ({
          id: `r${i}`, slug: `pm-${i}`, headline: `Pressemitteilung ${i}-${r.n}`, status: r.published ? 'published' as const : 'approved' as const,
          ...(r.published ? { publishedAt: '2026-02-01T00:00:00.000Z' } : {}),
        }));
        const report = withdrawalReport({ id: 's', slug: 'geschichte-s', title: 'T', channels, audit }, releases, NOW);

        // The oracle: replay the history.
        const periods: { from: string; until: string }[] = [];
        for (const e of audit) {
          if (e.to === 'published') periods.push({ from: e.at, until: NOW.toISOString() });
          if (e.from === 'published') periods.at(-1)!.until = e.at;
        }
        const site = report.entries.filter((e) => e.where === 'Website: Seite der Geschichte');
        expect(site.map((e) => ({ from: e.from, until: e.until }))).toEqual(periods);
        expect(report.entries.filter((e) => e.url === '/rss.xml')).toHaveLength(channels.includes('press') ? periods.length : 0);
        for (const r of releases) {
          expect(report.entries.some((e) => e.url === `/pressemitteilungen/${r.slug}/`)).toBe(true);
          expect(report.entries.some((e) => !e.recalled && e.where.includes(r.headline))).toBe(r.status === 'published');
        }
        expect(report.entries.some((e) => e.where === 'Druck')).toBe(channels.includes('print') && periods.length > 0);
        expect(report.entries.some((e) => e.where === 'Soziale Medien')).toBe(channels.includes('social') && periods.length > 0);
        if (periods.length === 0 && releases.length === 0) expect(report.entries.map((e) => e.where)).toEqual(['Nirgends veröffentlicht']);
        // Nothing the story never reached.
        const expected = periods.length * (1 + (channels.includes('press') ? 1 : 0)) + releases.length + releases.filter((r) => r.status === 'published').length
          + (periods.length > 0 ? ['print', 'social'].filter((c) => channels.includes(c as Channel)).length : 0);
        expect(report.entries.length).toBe(Math.max(expected, 1));
      },
    ), { numRuns: 400 });
  });
});
