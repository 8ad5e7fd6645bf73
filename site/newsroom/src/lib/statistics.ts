import { stringify } from 'csv-stringify/sync';
import { type PublicSnapshot, toPublicSnapshot } from '../../../../functions/domain/statistics-snapshot.ts';
import { type CellValue, type StatTable, snapshotTables, timeSeriesTable } from '../../../../functions/domain/statistics-tables.ts';
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

export const statisticsPath = (date?: string) => (date ? `/statistik/${date}/` : '/statistik/');
export const downloadPath = (table: StatTable, format: 'csv' | 'json') => `/statistik/daten/${table.id}.${format}`;

/** Every downloadable table: each snapshot's tables and, from two snapshots on, the time series. */
export async function allTables(): Promise<StatTable[]> {
  const snapshots = await publicSnapshots();
  return [...snapshots.flatMap(snapshotTables), ...(snapshots.length >= 2 ? [timeSeriesTable(snapshots)] : [])];
}

/**
 * CSV as RFC 4180 with a header row of the German column labels: comma-separated,
 * decimal point, UTF-8 with a byte-order mark so spreadsheet programs read the umlauts
 * right. An empty cell is a suppressed value or one that does not exist (see JSON notes).
 */
export function toCsv(table: StatTable): string {
  return `\uFEFF${stringify([table.columns.map((c) => c.label), ...table.rows.map((r) => table.columns.map((c) => csvValue(r[c.key])))], {
    record_delimiter: 'windows',
  })}`;
}

const csvValue = (v: CellValue | undefined) => (v === null || v === undefined ? '' : v);

/** The same table as JSON: labelled columns, rows keyed by column, the notes. */
export function toJson(table: StatTable, site: URL | undefined): string {
  return `${JSON.stringify(
    {
      title: table.title,
      columns: table.columns,
      rows: table.rows,
      notes: table.notes,
      ...(table.approximate ? { approximate: table.approximate } : {}),
      csv: site ? new URL(downloadPath(table, 'csv'), site).href : downloadPath(table, 'csv'),
      publisher: 'Landkreis Ludwigsburg, Integrationsmanagement',
    },
    null,
    2,
  )}\n`;
}

const count = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 0, maximumFractionDigits: 1 });

/** How a numeric cell reads on the page: "2.469", "24,3". */
export function formatCell(v: CellValue | undefined, type: 'text' | 'count' | 'percent'): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return type === 'percent' ? percent.format(v) : count.format(v);
}
