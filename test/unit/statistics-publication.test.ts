import { readFileSync } from 'node:fs';
import { aggregate, decideSnapshot, type PublicSnapshot, type Snapshot, toPublicSnapshot } from '@newsroom/domain/statistics-snapshot.ts';
import { keyFiguresTable, keySentences, municipalityTable, sharesTable, timeSeriesTable } from '@newsroom/domain/statistics-tables.ts';
import type { Submission } from '@newsroom/domain/statistics-workflow.ts';
import { snapshotFromPressRelease } from '@newsroom/infra-local/seed-statistics.ts';
import { barGeometry, lineGeometry, niceStep, textWidth } from '@newsroom/newsroom/src/lib/charts.ts';
import { toCsv, toJson } from '@newsroom/newsroom/src/lib/statistics.ts';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

const file = JSON.parse(readFileSync(new URL('../../content/statistics/2021-zwischenbericht.json', import.meta.url), 'utf8'));
const real = toPublicSnapshot(snapshotFromPressRelease(file))!;

describe('the real 2021 figures, stored as published', () => {
  it('keeps counts as counts and shares as shares, marks the computed counts, and invents no breakdown', () => {
    const f = real.publication.figures;
    expect(real).toMatchObject({ date: '2021-01-01', dateLabel: 'Anfang 2021' });
    expect(f.clients).toMatchObject({ count: 2469, origin: 'as-published', asOfLabel: 'Anfang 2021' });
    expect(f.minors).toMatchObject({ count: 970, origin: 'as-published' });
    expect(f.adults).toMatchObject({ count: 1499, origin: 'derived' });
    expect(f.germanB1).toMatchObject({ origin: 'from-percent', publishedPercent: 24, count: 360, countRange: { min: 353, max: 367 } });
    expect(f.employed).toMatchObject({ origin: 'from-percent', publishedPercent: 13 });
    expect(f.training).toMatchObject({ origin: 'from-percent', publishedPercent: 4 });
    expect(f.ended).toMatchObject({ count: 1253, origin: 'as-published', asOf: '2021-03-01' });
    expect(f.rental).toMatchObject({ count: 780, origin: 'as-published', asOf: '2021-03-01' });
    expect(real.publication.source).toMatchObject({ kind: 'press-release', publisher: 'Landratsamt Ludwigsburg', date: '2021-03-22' });
    expect(real.publication.breakdown).toBeUndefined();
    expect(real.publication.demo).toBeUndefined();
  });

  it('reads as plain German sentences, "rund" where a count comes from a percentage', () => {
    expect(keySentences(real)).toEqual([
      'Anfang 2021 begleitete das Integrationsmanagement im Landkreis Ludwigsburg 2.469 geflüchtete Menschen, davon 970 Minderjährige und 1.499 Erwachsene.',
      '24 Prozent der Erwachsenen (rund 360 Personen) sprachen Deutsch auf dem Niveau B1 oder besser.',
      '13 Prozent der Erwachsenen (rund 195) waren sozialversicherungspflichtig beschäftigt, 4 Prozent (rund 60) machten eine Ausbildung, ein Praktikum oder studierten.',
      'Bis zum 1. März 2021 wurde die Beratung von 1.253 Menschen abgeschlossen; 780 von ihnen (62,3 Prozent) unterschrieben den Mietvertrag für ihre erste eigene Wohnung.',
    ]);
    const table = keyFiguresTable(real);
    expect(table.rows.find((r) => r.kennzahl === 'Erwachsene mit Deutsch auf Niveau B1 oder höher')).toMatchObject({
      anzahl: 360,
      anteil: 24,
      herkunft: expect.stringContaining('möglich sind 353 bis 367'),
    });
    expect(table.approximate).toEqual([
      { row: 3, column: 'anzahl' },
      { row: 4, column: 'anzahl' },
      { row: 5, column: 'anzahl' },
    ]);
    expect(table.notes[0]).toBe(
      'Quelle: Pressemitteilung zum Zwischenbericht des Integrationsmanagements, Landratsamt Ludwigsburg, 22. März 2021. Die Quelle nennt für die Zahlen im Programm den Stand „Anfang 2021“, für die beendeten Beratungen den 1. März 2021.',
    );
  });
});

function publishedFromSubmissions(): PublicSnapshot {
  const at = '2026-01-20T10:00:00.000Z';
  const sub = (municipality: 'Asperg' | 'Tamm', clients: number): Submission => ({
    id: municipality,
    date: '2025-12-31',
    partner: 'caritas',
    municipality,
    status: 'accepted',
    revision: 1,
    version: 4,
    createdAt: at,
    updatedAt: at,
    createdBy: 'm',
    createdByName: 'm',
    audit: [],
    counts: { clients, minors: 0, germanB1: 0, employed: 0, training: 0, ended: 0, rental: 0 },
    accepted: [{ revision: 1, at, by: 'p', byName: 'p', counts: { clients, minors: 0, germanB1: 0, employed: 0, training: 0, ended: 0, rental: 0 } }],
  });
  const snap: Snapshot = {
    date: '2025-12-31',
    status: 'open',
    origin: 'submissions',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'p',
    createdByName: 'p',
    audit: [],
  };
  const d = decideSnapshot(
    snap,
    'publish',
    { sub: 'p', name: 'p', roles: ['press'], partner: 'lra' },
    { now: new Date(at), threshold: 5, aggregate: aggregate('2025-12-31', [sub('Asperg', 40), sub('Tamm', 2)], { caritas: ['Asperg', 'Tamm'] }) },
  );
  if (!d.ok) throw new Error(d.message);
  return toPublicSnapshot(d.next)!;
}

describe('downloads', () => {
  it('machine CSV: a header of labels, the same rows, suppressed cells marked with the legend symbol, UTF-8 with BOM, CRLF', () => {
    const s = publishedFromSubmissions();
    const table = municipalityTable(s)!;
    const csv = toCsv(table, 'csv');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    const rows: string[][] = parse(csv, { bom: true });
    expect(rows[0]).toEqual(table.columns.map((c) => c.label));
    expect(rows.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['Asperg', '•'],
      ['Tamm', '•'],
      ['Landkreis insgesamt', '42'],
    ]);
    expect(table.legend).toBe(
      '• = weniger als 5, zum Schutz der Personen nicht ausgewiesen (oder ein größerer Wert, aus dem sich eine solche Zahl zurückrechnen ließe)',
    );
  });

  it('CSV for German Excel: semicolons, decimal comma, dates as TT.MM.JJJJ; the machine CSV keeps point and ISO dates', () => {
    const series = timeSeriesTable([publishedFromSubmissions(), real]);
    const excel: string[][] = parse(toCsv(series, 'excel'), { bom: true, delimiter: ';' });
    const machine: string[][] = parse(toCsv(series, 'csv'), { bom: true });
    const col = (rows: string[][], label: string) => rows.slice(1).map((r) => r[rows[0]!.indexOf(label)]);
    expect(col(excel, 'Datum')).toEqual(['01.01.2021', '31.12.2025']);
    expect(col(machine, 'Datum')).toEqual(['2021-01-01', '2025-12-31']);
    const shares = sharesTable(real);
    const excelShares: string[][] = parse(toCsv({ ...shares, rows: [{ ...shares.rows[0]!, prozent: 24.3 }] }, 'excel'), { bom: true, delimiter: ';' });
    const machineShares: string[][] = parse(toCsv({ ...shares, rows: [{ ...shares.rows[0]!, prozent: 24.3 }] }, 'csv'), { bom: true });
    expect(excelShares[1]![1]).toBe('24,3');
    expect(machineShares[1]![1]).toBe('24.3');
    const key: string[][] = parse(toCsv(keyFiguresTable(real), 'excel'), { bom: true, delimiter: ';' });
    expect(key.find((r) => r[0] === 'Beendete Beratungen')![4]).toBe('01.03.2021');
  });

  it('JSON: columns with labels, rows keyed like the columns, the notes explaining empty cells', () => {
    const table = sharesTable(real);
    const json = JSON.parse(toJson(table, new URL('https://example.org')));
    expect(json.columns.map((c: { key: string }) => c.key)).toEqual(['anteil', 'prozent', 'anzahl', 'von']);
    expect(json.rows[0]).toEqual({ anteil: 'Erwachsene mit Deutsch auf Niveau B1 oder höher', prozent: 24, anzahl: 360, von: 'der Erwachsenen (1.499)' });
    expect(json.csv).toBe('https://example.org/statistik/daten/2021-01-01-anteile.csv');
    expect(json.notes[0]).toMatch(/„rund“/);
    const places = JSON.parse(toJson(municipalityTable(publishedFromSubmissions())!, undefined));
    expect(places.rows[0].clients).toBeNull();
    expect(places.suppressed).toContainEqual({ row: 0, column: 'clients' });
    expect(places.legend.symbol).toBe('•');
  });

  it('the time series runs oldest first and flags the different definitions', () => {
    const t = timeSeriesTable([publishedFromSubmissions(), real]);
    expect(t.rows.map((r) => [r.datum, r.clients, r.germanB1])).toEqual([
      ['2021-01-01', 2469, 24],
      ['2025-12-31', 42, 0],
    ]);
    expect(t.notes.join(' ')).toMatch(/Zeitraum in der Quelle nicht genannt/);
  });
});

describe('chart geometry (drawn at build time)', () => {
  it("scales bars to 0–100 % inside the plot and puts long bars' values inside", () => {
    const g = barGeometry([
      { label: 'a', value: 100, valueText: '100 %' },
      { label: 'b', value: 4, valueText: '4 %' },
      { label: 'c', value: 140, valueText: '140 %' },
    ]);
    expect(g.bars[0]!.width).toBeCloseTo(g.plotWidth);
    expect(g.bars[0]!.valueInside).toBe(true);
    expect(g.bars[1]!.valueInside).toBe(false);
    expect(g.bars[2]!.width).toBeCloseTo(g.plotWidth);
    expect(g.bars.every((b) => b.y + b.barHeight < g.height)).toBe(true);
  });

  it('places points by time and labels a nice axis', () => {
    expect([niceStep(2469), niceStep(51), niceStep(8)]).toEqual([1000, 20, 2]);
    const g = lineGeometry([
      { date: '2021-01-01', label: 'Anfang 2021', value: 2469, valueText: '2.469' },
      { date: '2025-12-31', label: '31. Dezember 2025', value: 1663, valueText: '1.663' },
    ]);
    expect(g.yTicks.map((t) => t.label)).toEqual(['0', '1.000', '2.000', '3.000']);
    expect(g.points[0]!.x).toBe(g.plot.x);
    expect(g.points[1]!.x).toBe(g.plot.x + g.plot.width);
    expect(g.path).toMatch(/^M[\d.]+ [\d.]+ L[\d.]+ [\d.]+$/);
  });

  it('never lets two date labels of the line chart overlap, keeping the first and the last', () => {
    const dates = ['2021-01-01', '2025-06-30', '2025-12-31', '2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31'];
    const g = lineGeometry(dates.map((date, i) => ({ date, label: `${i + 1}. Stichtag ${date.slice(0, 4)}`, value: 100 + i, valueText: String(100 + i) })));
    const shown = g.points.filter((p) => p.label);
    expect(shown[0]!.label).toBe('1. Stichtag 2021');
    expect(shown.at(-1)!.label).toBe('7. Stichtag 2026');
    expect(shown.length).toBeLessThan(dates.length);
    const spans = g.points
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => p.label)
      .map(({ p, i }) => {
        const w = textWidth(p.label, 14);
        const start = i === 0 ? p.x : i === g.points.length - 1 ? p.x - w : p.x - w / 2;
        return [start, start + w] as const;
      });
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1] + 8);
    expect(spans.every(([a, b]) => a >= 0 && b <= g.width)).toBe(true);
  });

  it('puts a comparison mark at the earlier share and its text on its own line under the bar', () => {
    const g = barGeometry([
      { label: 'Deutsch B1+', sublabel: 'in % der Erwachsenen', value: 33.3, valueText: '33,3 %', reference: { value: 24, text: 'Anfang 2021: 24 %' } },
      { label: 'Beschäftigt', value: 20, valueText: '20 %' },
    ]);
    const [a, b] = g.bars;
    expect(a!.reference!.x).toBeCloseTo(g.plotX + 0.24 * g.plotWidth);
    expect(a!.reference!.textY).toBeGreaterThan(a!.y + a!.barHeight);
    expect(a!.reference!.textY).toBeLessThan(b!.labelY - 14);
    expect(b!.reference).toBeUndefined();
    expect(g.bars.every((x) => (x.reference?.textY ?? 0) < g.height)).toBe(true);
  });

  it('the shares table carries the 2021 comparison the chart draws', () => {
    const t = sharesTable(publishedFromSubmissions(), real);
    expect(t.columns.at(-1)).toMatchObject({ key: 'vergleich', label: 'zum Vergleich: Anfang 2021, Anteil in %' });
    expect(t.rows.map((r) => r.vergleich)).toEqual([24, 13, 4, 62.3]);
  });
});
