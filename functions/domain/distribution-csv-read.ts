// The browser build (its own Buffer inside): the editor reads the file with exactly this code, and Node runs it as well.
import { parse } from 'csv-parse/browser/esm/sync';
import { type ParsedCsv, rowsFromRecords } from './distribution-csv.ts';

/** Semicolons when the header line has more of them than commas (Excel's German export), commas otherwise. */
export function delimiterOf(text: string): ';' | ',' {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

export type CsvRecords = { ok: true; records: string[][] } | { ok: false; problem: string };

/** A CSV file's records in either dialect, byte order mark removed; a file that cannot be read is one German problem. */
export function readCsvRecords(text: string): CsvRecords {
  try {
    const records = parse(text, { delimiter: delimiterOf(text), bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
    return { ok: true, records };
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return {
      ok: false,
      problem: `Die Datei ist keine lesbare CSV-Datei${line ? ` (Zeile ${line})` : ''}. Bitte speichern Sie sie als „CSV (Trennzeichen-getrennt)“.`,
    };
  }
}

/** Reading and checking together: what the editor sends and the API answers, in one step (tests). */
export function parseContactsCsv(text: string): ParsedCsv {
  const read = readCsvRecords(text);
  return read.ok ? rowsFromRecords(read.records) : read;
}
