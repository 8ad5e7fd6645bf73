import { type PartnerId, partnerName, partnerShort } from './partners.ts';
import { COUNT_KEYS, FIGURE_KEYS, type FigureKey, figure, germanDay, percentOf } from './statistics.ts';
import type { PublicSnapshot, PublishedFigure } from './statistics-snapshot.ts';

/**
 * Every published statistics table, as data. The page's HTML table, the CSV and the
 * JSON download are all rendered from the same `StatTable`, so they cannot disagree.
 */

export type CellValue = number | string | null;

export interface StatColumn {
  key: string;
  label: string;
  /**
   * Numbers are right-aligned and formatted. A date cell holds an ISO date, an ISO
   * interval ("2025-12-31/2026-06-30") or the source's own words ("Anfang 2021").
   */
  type: 'text' | 'count' | 'percent' | 'date';
  /** What an empty (null) cell means: suppressed for privacy, or no value exists (a share of zero). */
  empty?: 'suppressed' | 'none';
  /** Short values that read badly when broken (dates). */
  nowrap?: boolean;
}

export interface StatTable {
  /** File name stem of the downloads: `<id>.csv`, `<id>.json`. */
  id: string;
  title: string;
  columns: StatColumn[];
  rows: Record<string, CellValue>[];
  /** Cells shown as approximate ("rund"), by row index and column key. */
  approximate?: { row: number; column: string }[];
  notes: string[];
  /** What the suppressed-cell symbol means, for tables that have suppressed cells. */
  legend?: string;
}

/**
 * The one mark of a suppressed cell, on the page and in every download (a blank cell
 * would read as "no value" or "zero"); the legend below explains it wherever it appears.
 */
export const SUPPRESSED_SYMBOL = '•';

export function suppressedLegend(threshold: number): string {
  return `${SUPPRESSED_SYMBOL} = weniger als ${threshold}, zum Schutz der Personen nicht ausgewiesen (oder ein größerer Wert, aus dem sich eine solche Zahl zurückrechnen ließe)`;
}

export function suppressionNote(threshold: number): string {
  return `${suppressedLegend(threshold)}. Die Summen für den Landkreis sind vollständig.`;
}

const numericDay = (date: string) => date.split('-').reverse().join('.');

/** A date cell as Germans write it: "30.06.2026", an interval "31.12.2025–30.06.2026"; the source's own words stay. */
export function germanDateCell(value: string): string {
  return value
    .split('/')
    .map((d) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? numericDay(d) : d))
    .join('–');
}

/** The figure's date as a date cell: ISO, an ISO interval for a period, or the source's own words when it named no day. */
export function asOfValue(f: PublishedFigure): string {
  const end = f.asOfLabel ?? f.asOf;
  return f.periodFrom ? `${f.periodFrom}/${end}` : end;
}

/** "30.06.2026" (tables are dense), or the source's own words when it named no day; periods "31.12.2025–30.06.2026". */
export const asOfText = (f: PublishedFigure): string => germanDateCell(asOfValue(f));

const BASE_TEXT: Record<string, string> = {
  clients: 'aller Klient:innen',
  adults: 'der Erwachsenen',
  ended: 'der beendeten Beratungen',
};

export function originText(f: PublishedFigure, key: FigureKey): string {
  switch (f.origin) {
    case 'sum':
      return 'Summe der angenommenen Meldungen';
    case 'derived':
      return key === 'adults' ? 'berechnet: Klient:innen minus Minderjährige' : 'berechnet';
    case 'as-published':
      return 'wie in der Quelle veröffentlicht';
    case 'from-percent':
      return `nur als Anteil veröffentlicht (${f.publishedPercent} %); Anzahl daraus errechnet und gerundet, möglich sind ${f.countRange?.min} bis ${f.countRange?.max}`;
  }
}

/** The share shown for a figure: as published when the source gave one, otherwise derived from the counts. */
export function shareOf(s: PublicSnapshot, key: FigureKey): number | undefined {
  const f = s.publication.figures[key];
  if (f.publishedPercent !== undefined) return f.publishedPercent;
  const base = figure(key).base;
  return base ? percentOf(f.count, s.publication.figures[base].count) : undefined;
}

/** The county's key figures of one snapshot. */
export function keyFiguresTable(s: PublicSnapshot): StatTable {
  const rows = FIGURE_KEYS.map((key) => {
    const f = s.publication.figures[key];
    const base = figure(key).base;
    return {
      kennzahl: figure(key).label,
      anzahl: f.count,
      anteil: shareOf(s, key) ?? null,
      bezug: base ? BASE_TEXT[base]! : '',
      stand: asOfValue(f),
      herkunft: [originText(f, key), f.note].filter(Boolean).join('. '),
    };
  });
  const approximate = FIGURE_KEYS.flatMap((key, row) => (s.publication.figures[key].origin === 'from-percent' ? [{ row, column: 'anzahl' }] : []));
  return {
    id: `${s.date}-landkreis`,
    title: `Kennzahlen für den Landkreis Ludwigsburg, Stichtag ${s.dateLabel}`,
    columns: [
      { key: 'kennzahl', label: 'Kennzahl', type: 'text' },
      { key: 'anzahl', label: 'Anzahl', type: 'count' },
      { key: 'anteil', label: 'Anteil in %', type: 'percent' },
      { key: 'bezug', label: 'Anteil bezogen auf', type: 'text' },
      { key: 'stand', label: 'Stand', type: 'date', nowrap: true },
      { key: 'herkunft', label: 'Herkunft der Zahl', type: 'text' },
    ],
    rows,
    ...(approximate.length ? { approximate } : {}),
    notes: sourceNotes(s),
  };
}

export function sourceNotes(s: PublicSnapshot): string[] {
  const p = s.publication;
  const notes: string[] = [];
  if (p.source.kind === 'press-release') {
    notes.push(`Quelle: ${p.source.title}, ${p.source.publisher}, ${germanDay(p.source.date)}.${p.source.note ? ` ${p.source.note}` : ''}`);
  } else {
    notes.push(
      'Quelle: Meldungen der Träger des Integrationsmanagements, geprüft von der jeweiligen Partnerleitung und angenommen von der Pressestelle des Landratsamts Ludwigsburg.',
    );
  }
  for (const c of p.corrections) notes.push(`Korrigiert am ${germanDay(c.at.slice(0, 10))}: ${c.note}`);
  return notes;
}

const breakdownColumns = (first: StatColumn): StatColumn[] => [
  first,
  ...COUNT_KEYS.map((k) => ({ key: k, label: figure(k).short, type: 'count' as const, empty: 'suppressed' as const })),
];

function totalsRow(s: PublicSnapshot, unitKey: string) {
  return { [unitKey]: 'Landkreis insgesamt', ...Object.fromEntries(COUNT_KEYS.map((k) => [k, s.publication.figures[k].count])) };
}

function breakdownNotes(s: PublicSnapshot): string[] {
  const b = s.publication.breakdown!;
  const notes = [suppressionNote(b.threshold)];
  if (b.withheld.length) notes.push(`Ohne Aufschlüsselung (nur die Summe ist veröffentlicht): ${b.withheld.map((k) => figure(k).short).join(', ')}.`);
  const c = s.publication.completeness;
  if (c?.missing.length) notes.push(`Es fehlen Zahlen für: ${c.missing.map((m) => `${m.municipality} (${partnerShort(m.partner)})`).join(', ')}.`);
  return [...notes, ...sourceNotes(s)];
}

/** Breakdown by municipality (protected), with the county totals as the last row. */
export function municipalityTable(s: PublicSnapshot): StatTable | undefined {
  const b = s.publication.breakdown;
  if (!b) return undefined;
  return {
    id: `${s.date}-gemeinden`,
    title: `Nach Städten und Gemeinden, Stichtag ${s.dateLabel}`,
    columns: breakdownColumns({ key: 'gemeinde', label: 'Stadt oder Gemeinde', type: 'text' }),
    rows: [...b.byMunicipality.map((r) => ({ gemeinde: r.unit, ...r.values })), totalsRow(s, 'gemeinde')],
    notes: breakdownNotes(s),
    legend: suppressedLegend(b.threshold),
  };
}

/** Breakdown by partner (protected), with the county totals as the last row. */
export function partnerTable(s: PublicSnapshot): StatTable | undefined {
  const b = s.publication.breakdown;
  if (!b) return undefined;
  return {
    id: `${s.date}-traeger`,
    title: `Nach Trägern, Stichtag ${s.dateLabel}`,
    columns: breakdownColumns({ key: 'traeger', label: 'Träger', type: 'text' }),
    rows: [...b.byPartner.map((r) => ({ traeger: partnerName(r.unit as PartnerId), ...r.values })), totalsRow(s, 'traeger')],
    notes: breakdownNotes(s),
    legend: suppressedLegend(b.threshold),
  };
}

/** The shares the chart shows, with their counts: the chart's table. */
export const SHARE_KEYS = ['germanB1', 'employed', 'training', 'rental'] as const satisfies readonly FigureKey[];

/** The chart's table; with `comparison` (the county's 2021 figures) a column of the same shares then, as the chart marks them. */
export function sharesTable(s: PublicSnapshot, comparison?: PublicSnapshot): StatTable {
  const rows = SHARE_KEYS.map((key) => {
    const base = figure(key).base!;
    return {
      anteil: figure(key).label,
      prozent: shareOf(s, key) ?? null,
      anzahl: s.publication.figures[key].count,
      von: `${BASE_TEXT[base]} (${s.publication.figures[base].count.toLocaleString('de-DE')})`,
      ...(comparison ? { vergleich: shareOf(comparison, key) ?? null } : {}),
    };
  });
  const approximate = SHARE_KEYS.flatMap((key, row) => (s.publication.figures[key].origin === 'from-percent' ? [{ row, column: 'anzahl' }] : []));
  return {
    id: `${s.date}-anteile`,
    title: `Anteile in Prozent, Stichtag ${s.dateLabel}`,
    columns: [
      { key: 'anteil', label: 'Kennzahl', type: 'text' },
      { key: 'prozent', label: 'Anteil in %', type: 'percent' },
      { key: 'anzahl', label: 'Anzahl', type: 'count' },
      { key: 'von', label: 'bezogen auf', type: 'text' },
      ...(comparison
        ? [{ key: 'vergleich', label: `zum Vergleich: ${comparison.dateLabel}, Anteil in %`, type: 'percent' as const, empty: 'none' as const }]
        : []),
    ],
    rows,
    ...(approximate.length ? { approximate } : {}),
    notes: approximate.length ? ['„rund“: Anzahl aus dem veröffentlichten Anteil errechnet und gerundet.', ...sourceNotes(s)] : sourceNotes(s),
  };
}

/** Every published table of one snapshot. */
export function snapshotTables(s: PublicSnapshot, comparison?: PublicSnapshot): StatTable[] {
  return [sharesTable(s, comparison), keyFiguresTable(s), municipalityTable(s), partnerTable(s)].filter((t): t is StatTable => t !== undefined);
}

/**
 * The time series over all published snapshots, oldest first. Shares for the adult
 * figures (comparable over time even where only shares were published); counts for the rest.
 */
export function timeSeriesTable(snapshots: readonly PublicSnapshot[]): StatTable {
  const sorted = [...snapshots].sort((a, b) => a.date.localeCompare(b.date));
  const notes: string[] = [];
  const flowNotes = sorted.filter((s) => s.publication.figures.ended.origin === 'as-published' || !s.publication.figures.ended.periodFrom);
  if (flowNotes.length) {
    notes.push(
      `Beendete Beratungen zählen seit dem jeweils vorigen Stichtag; ${flowNotes.map((s) => `für ${s.dateLabel} gilt: Stand ${asOfText(s.publication.figures.ended)}${s.publication.figures.ended.note ? ` (${s.publication.figures.ended.note})` : ''}`).join('; ')}.`,
    );
  }
  const fromPercent = sorted.filter((s) => FIGURE_KEYS.some((k) => s.publication.figures[k].origin === 'from-percent'));
  if (fromPercent.length)
    notes.push(`Für ${fromPercent.map((s) => s.dateLabel).join(', ')} wurden die Anteile so veröffentlicht; Anzahlen dazu sind daraus errechnet.`);
  return {
    id: 'zeitreihe',
    title: 'Zeitreihe: Kennzahlen für den Landkreis Ludwigsburg nach Stichtag',
    columns: [
      { key: 'stichtag', label: 'Stichtag', type: 'text' },
      { key: 'datum', label: 'Datum', type: 'date', nowrap: true },
      { key: 'clients', label: figure('clients').short, type: 'count' },
      { key: 'minors', label: figure('minors').short, type: 'count' },
      { key: 'adults', label: figure('adults').short, type: 'count' },
      { key: 'germanB1', label: `${figure('germanB1').short} (% der Erwachsenen)`, type: 'percent' },
      { key: 'employed', label: `${figure('employed').short} (% der Erwachsenen)`, type: 'percent' },
      { key: 'training', label: `${figure('training').short} (% der Erwachsenen)`, type: 'percent' },
      { key: 'ended', label: figure('ended').short, type: 'count' },
      { key: 'rental', label: figure('rental').short, type: 'count' },
    ],
    rows: sorted.map((s) => {
      const f = s.publication.figures;
      return {
        stichtag: s.dateLabel,
        datum: s.date,
        clients: f.clients.count,
        minors: f.minors.count,
        adults: f.adults.count,
        germanB1: shareOf(s, 'germanB1') ?? null,
        employed: shareOf(s, 'employed') ?? null,
        training: shareOf(s, 'training') ?? null,
        ended: f.ended.count,
        rental: f.rental.count,
      };
    }),
    notes,
  };
}

const de = (n: number) => n.toLocaleString('de-DE');
const pct = (n: number) => `${n.toLocaleString('de-DE', { maximumFractionDigits: 1 })} Prozent`;

/**
 * The key figures as plain German sentences, for people who read rather than scan a table.
 * Approximate counts say "rund"; shares name what they are a share of.
 */
export function keySentences(s: PublicSnapshot): string[] {
  const f = s.publication.figures;
  const stockDay = f.clients.asOfLabel ? `${f.clients.asOfLabel}` : `Am ${germanDay(f.clients.asOf)}`;
  const out: string[] = [];
  out.push(
    `${stockDay} begleitete das Integrationsmanagement im Landkreis Ludwigsburg ${de(f.clients.count)} geflüchtete Menschen, davon ${de(f.minors.count)} Minderjährige und ${de(f.adults.count)} Erwachsene.`,
  );
  const share = (k: FigureKey) => shareOf(s, k);
  const approx = (k: FigureKey) => (f[k].origin === 'from-percent' ? `rund ${de(f[k].count)}` : de(f[k].count));
  if (f.adults.count > 0) {
    const b1 = share('germanB1');
    if (b1 !== undefined) out.push(`${pct(b1)} der Erwachsenen (${approx('germanB1')} Personen) sprachen Deutsch auf dem Niveau B1 oder besser.`);
    const emp = share('employed');
    const tr = share('training');
    if (emp !== undefined && tr !== undefined) {
      out.push(
        `${pct(emp)} der Erwachsenen (${approx('employed')}) waren sozialversicherungspflichtig beschäftigt, ${pct(tr)} (${approx('training')}) machten eine Ausbildung, ein Praktikum oder studierten.`,
      );
    }
  }
  const endDay = f.ended.asOfLabel ?? germanDay(f.ended.asOf);
  const period = f.ended.periodFrom
    ? `Zwischen dem ${germanDay(f.ended.periodFrom)} und dem ${endDay}`
    : f.ended.origin === 'as-published'
      ? `Bis zum ${endDay}`
      : `Seit dem vorigen Stichtag bis zum ${endDay}`;
  const rentalShare = share('rental');
  out.push(
    `${period} wurde die Beratung von ${de(f.ended.count)} Menschen abgeschlossen${f.ended.count > 0 ? `; ${de(f.rental.count)} von ihnen${rentalShare !== undefined ? ` (${pct(rentalShare)})` : ''} unterschrieben den Mietvertrag für ihre erste eigene Wohnung` : ''}.`,
  );
  return out;
}
