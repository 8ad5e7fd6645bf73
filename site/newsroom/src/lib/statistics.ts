import { type PublicSnapshot, toPublicSnapshot } from '@newsroom/domain/statistics-snapshot.ts';
import {
  type CellValue,
  germanDateCell,
  type StatColumn,
  type StatTable,
  SUPPRESSED_SYMBOL,
  snapshotTables,
  timeSeriesTable,
} from '@newsroom/domain/statistics-tables.ts';
import { stringify } from 'csv-stringify/sync';
import { perPass } from './render-pass.ts';

/**
 * Every published statistics snapshot, newest first. Read from the store once per
 * build, like the stories; the projection keeps only published snapshots' publications.
 */
export function publicSnapshots(): Promise<PublicSnapshot[]> {
  return perPass('snapshots:public', (pass) =>
    pass.content.publishedSnapshots().then((all) =>
      all
        .map(toPublicSnapshot)
        .filter((s): s is PublicSnapshot => s !== undefined)
        .sort((a, b) => b.date.localeCompare(a.date)),
    ),
  );
}

/**
 * The county's first published figures (the interim report of 2021, from a press release):
 * the fixed point later snapshots are compared with, where the same figure exists.
 */
export function comparisonSnapshot(snapshots: readonly PublicSnapshot[], s: PublicSnapshot): PublicSnapshot | undefined {
  const first = [...snapshots].filter((x) => x.publication.source.kind === 'press-release').sort((a, b) => a.date.localeCompare(b.date))[0];
  return first && first.date < s.date ? first : undefined;
}

export const statisticsPath = (date?: string) => (date ? `/statistik/${date}/` : '/statistik/');

/** The downloads of a table; `excel` (German spreadsheet CSV) is the one offered first. */
export type DownloadFormat = 'excel' | 'csv' | 'json';
export const DOWNLOAD_FORMATS: readonly DownloadFormat[] = ['excel', 'csv', 'json'];
export const DOWNLOAD_LABELS: Record<DownloadFormat, string> = { excel: 'CSV für Excel', csv: 'CSV (maschinenlesbar)', json: 'JSON' };
const FILE_SUFFIX: Record<DownloadFormat, string> = { excel: '-excel.csv', csv: '.csv', json: '.json' };
export const downloadPath = (table: StatTable, format: DownloadFormat) => `/statistik/daten/${table.id}${FILE_SUFFIX[format]}`;

/** Every downloadable table: each snapshot's tables and, from two snapshots on, the time series. */
export async function allTables(): Promise<StatTable[]> {
  const snapshots = await publicSnapshots();
  return [...snapshots.flatMap((s) => snapshotTables(s, comparisonSnapshot(snapshots, s))), ...(snapshots.length >= 2 ? [timeSeriesTable(snapshots)] : [])];
}

/**
 * The two CSV dialects, both RFC 4180 with a header row of the German column labels,
 * UTF-8 with a byte-order mark (so spreadsheet programs read the umlauts right) and CRLF:
 * `excel` as German Excel and LibreOffice open it by double click (semicolon, decimal comma,
 * dates TT.MM.JJJJ), `csv` for programs (comma, decimal point, ISO 8601 dates).
 * A suppressed cell holds the legend's symbol; an empty one has no value (a share of zero).
 */
export function toCsv(table: StatTable, dialect: 'excel' | 'csv' = 'csv'): string {
  const cell = (v: CellValue | undefined, c: StatColumn) => {
    if (v === null || v === undefined) return c.empty === 'suppressed' ? SUPPRESSED_SYMBOL : '';
    if (typeof v === 'number') return dialect === 'excel' ? String(v).replace('.', ',') : String(v);
    return c.type === 'date' && dialect === 'excel' ? germanDateCell(v) : v;
  };
  return `\uFEFF${stringify([table.columns.map((c) => c.label), ...table.rows.map((r) => table.columns.map((c) => cell(r[c.key], c)))], {
    delimiter: dialect === 'excel' ? ';' : ',',
    record_delimiter: 'windows',
  })}`;
}

/**
 * The same table as JSON: labelled columns, rows keyed by column (a suppressed cell is
 * null and listed in `suppressed`), the legend and the notes.
 */
export function toJson(table: StatTable, site: URL | undefined): string {
  const suppressed = table.rows.flatMap((r, row) =>
    table.columns.filter((c) => c.empty === 'suppressed' && (r[c.key] === null || r[c.key] === undefined)).map((c) => ({ row, column: c.key })),
  );
  return `${JSON.stringify(
    {
      title: table.title,
      columns: table.columns,
      rows: table.rows,
      notes: table.notes,
      ...(table.approximate ? { approximate: table.approximate } : {}),
      ...(table.legend ? { suppressed, legend: { symbol: SUPPRESSED_SYMBOL, meaning: table.legend } } : {}),
      csv: site ? new URL(downloadPath(table, 'csv'), site).href : downloadPath(table, 'csv'),
      publisher: 'Landkreis Ludwigsburg, Integrationsmanagement',
    },
    null,
    2,
  )}\n`;
}

const count = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 0, maximumFractionDigits: 1 });

/** How a cell reads on the page: "2.469", "24,3", "30.06.2026". */
export function formatCell(v: CellValue | undefined, type: StatColumn['type']): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return type === 'date' ? germanDateCell(v) : v;
  return type === 'percent' ? percent.format(v) : count.format(v);
}
