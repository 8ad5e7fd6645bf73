import type { Channel } from '@newsroom/domain/consent.ts';
import type { AuditEntry } from '@newsroom/domain/story.ts';
import { withdrawalReport } from '@newsroom/domain/withdrawal-report.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

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
    fc.assert(
      fc.property(
        historyArb,
        fc.subarray(['website', 'press', 'print', 'social'] as Channel[]),
        fc.array(
          fc.record({ status: fc.constantFrom('published' as const, 'unpublished' as const, 'approved' as const), n: fc.integer({ min: 1, max: 999 }) }),
          { maxLength: 3 },
        ),
        (audit, channels, rels) => {
          const OFFLINE = '2026-02-10T00:00:00.000Z';
          const releases = rels.map((r, i) => ({
            id: `r${i}`,
            slug: `pm-${i}`,
            headline: `Pressemitteilung ${i}-${r.n}`,
            status: r.status,
            ...(r.status !== 'approved' ? { publishedAt: '2026-02-01T00:00:00.000Z' } : {}),
            audit: [
              { at: '2026-01-31T00:00:00.000Z', by: 'p', byName: 'P', action: 'approve', to: 'approved' as const },
              ...(r.status !== 'approved'
                ? [{ at: '2026-02-01T00:00:00.000Z', by: 'p', byName: 'P', action: 'publish', from: 'approved' as const, to: 'published' as const }]
                : []),
              ...(r.status === 'unpublished'
                ? [{ at: OFFLINE, by: 'p', byName: 'P', action: 'unpublish', from: 'published' as const, to: 'unpublished' as const }]
                : []),
            ],
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
            const entry = report.entries.find((e) => e.url === `/pressemitteilungen/${r.slug}/`)!;
            // A release live at the withdrawal goes offline with it and stays offline until corrected; never "public until now" as if that were the end.
            if (r.status === 'published') {
              expect({ from: entry.from, until: entry.until }).toEqual({ from: r.publishedAt, until: NOW.toISOString() });
              expect(entry.note).toMatch(
                /^Am 01\.01\.2027, 01:00 Uhr mit Seite und Feeds offline genommen \(410\).*Sie bleibt offline, bis die Pressestelle unter derselben Adresse eine überarbeitete Fassung veröffentlicht/,
              );
            } else if (r.status === 'unpublished') {
              expect({ from: entry.from, until: entry.until }).toEqual({ from: r.publishedAt, until: OFFLINE });
              expect(entry.note).toMatch(/^War schon offline\. Sie bleibt es, bis/);
            } else {
              expect(entry.from).toBeUndefined();
              expect(entry.note).toMatch(/^War noch nicht veröffentlicht\./);
            }
            expect(report.entries.some((e) => !e.recalled && e.where.includes(r.headline))).toBe(r.status !== 'approved');
          }
          expect(report.entries.some((e) => e.where === 'Druck')).toBe(channels.includes('print') && periods.length > 0);
          expect(report.entries.some((e) => e.where === 'Soziale Medien')).toBe(channels.includes('social') && periods.length > 0);
          if (periods.length === 0 && releases.length === 0) expect(report.entries.map((e) => e.where)).toEqual(['Nirgends veröffentlicht']);
          // Nothing the story never reached.
          const expected =
            periods.length * (1 + (channels.includes('press') ? 1 : 0)) +
            releases.length +
            releases.filter((r) => r.status !== 'approved').length +
            (periods.length > 0 ? ['print', 'social'].filter((c) => channels.includes(c as Channel)).length : 0);
          expect(report.entries.length).toBe(Math.max(expected, 1));
        },
      ),
      { numRuns: 400 },
    );
  });
});
