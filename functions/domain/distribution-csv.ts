import * as z from 'zod/mini';
import { type Contact, ContactAddress, ContactMedium, ContactName, SUPPRESSION_LABELS, type SuppressionReason } from './distribution.ts';
import { TOPICS, type TopicId } from './topics.ts';

/**
 * Importing contacts from a CSV file, as the press office has them: Excel's German export
 * (semicolons, often with a byte order mark) or the comma dialect of other tools, read
 * into records by csv-parse in the editor (distribution-csv-read.ts), so the API function
 * carries no CSV parser; the records are checked here, on the server. The first record
 * names the columns; each further line becomes a contact, or is refused with
 * its line number and a German reason. Nothing is taken over before the press office saw
 * the preview: new, updated, unchanged, refused.
 */

export const MAX_IMPORT_ROWS = 5000;

const COLUMNS = {
  name: ['name', 'vollständiger name', 'ansprechpartner', 'ansprechpartnerin', 'kontakt'],
  email: ['e-mail', 'email', 'e-mail-adresse', 'emailadresse', 'mail', 'adresse'],
  medium: ['medium', 'redaktion', 'zeitung', 'sender', 'organisation'],
  topics: ['themen', 'thema', 'topics'],
} as const;
type Column = keyof typeof COLUMNS;

export interface ImportRow {
  /** The line of the file (the header is line 1). */
  line: number;
  name: string;
  email: string;
  medium: string;
  topics: TopicId[];
  outcome: 'new' | 'updated' | 'unchanged' | 'refused';
  /** Why a row is refused, in German. */
  reasons: string[];
}

export const ImportOutcome = z.enum(['new', 'updated', 'unchanged', 'refused']);

export const IMPORT_OUTCOME_LABELS: Record<ImportRow['outcome'], string> = {
  new: 'Neu',
  updated: 'Wird aktualisiert',
  unchanged: 'Unverändert',
  refused: 'Abgelehnt',
};

const topicByWord = new Map<string, TopicId>(TOPICS.flatMap((t) => [[t.id, t.id] as const, [t.label.toLowerCase(), t.id] as const]));

/** The topics of a cell: names or ids, separated by whatever the file's dialect leaves free. */
function cellTopics(cell: string): { topics: TopicId[]; unknown: string[] } {
  const topics: TopicId[] = [];
  const unknown: string[] = [];
  for (const word of cell
    .split(/[,;|/]/)
    .map((w) => w.trim())
    .filter(Boolean)) {
    const t = topicByWord.get(word.toLowerCase());
    if (!t) unknown.push(word);
    else if (!topics.includes(t)) topics.push(t);
  }
  return { topics, unknown };
}

export type ParsedCsv = { ok: true; rows: Omit<ImportRow, 'outcome'>[] } | { ok: false; problem: string };

/** The records of a file (first the header) as rows with their own problems; records without the needed columns are one German problem. */
export function rowsFromRecords(records: readonly (readonly string[])[]): ParsedCsv {
  const [header, ...body] = records;
  if (!header) return { ok: false, problem: 'Die Datei ist leer.' };
  const index = {} as Record<Column, number>;
  for (const column of Object.keys(COLUMNS) as Column[]) {
    index[column] = header.findIndex((h) => (COLUMNS[column] as readonly string[]).includes(h.trim().toLowerCase()));
  }
  const missing = (['name', 'email'] as const).filter((c) => index[c] < 0);
  if (missing.length)
    return {
      ok: false,
      problem: `Die erste Zeile muss die Spalten benennen; es fehlt ${missing.map((c) => (c === 'name' ? '„Name“' : '„E-Mail“')).join(' und ')}. Erwartet: Name; E-Mail; Medium; Themen.`,
    };
  if (body.length > MAX_IMPORT_ROWS) return { ok: false, problem: `Die Datei hat ${body.length} Zeilen; auf einmal gehen höchstens ${MAX_IMPORT_ROWS}.` };
  const cell = (r: readonly string[], c: Column) => (index[c] >= 0 ? (r[index[c]] ?? '') : '');
  return {
    ok: true,
    rows: body.map((r, i) => {
      const reasons: string[] = [];
      const name = ContactName.safeParse(cell(r, 'name'));
      if (!name.success) reasons.push(name.error.issues[0]!.message);
      const rawEmail = cell(r, 'email');
      const email = ContactAddress.safeParse(rawEmail);
      if (!email.success) reasons.push(rawEmail.trim() ? `Ungültige E-Mail-Adresse „${rawEmail.trim()}“.` : 'Die E-Mail-Adresse fehlt.');
      const medium = ContactMedium.safeParse(cell(r, 'medium'));
      if (!medium.success) reasons.push(medium.error.issues[0]!.message);
      const { topics, unknown } = cellTopics(cell(r, 'topics'));
      for (const u of unknown) reasons.push(`Unbekanntes Thema „${u}“ (möglich: ${TOPICS.map((t) => t.label).join(', ')}).`);
      return {
        // csv-parse skips empty lines; the line of the record is what a person looks for in the file.
        line: i + 2,
        name: name.success ? name.data : cell(r, 'name').trim(),
        email: email.success ? email.data : rawEmail.trim(),
        medium: medium.success ? medium.data : cell(r, 'medium').trim(),
        topics,
        reasons,
      };
    }),
  };
}

const sameTopics = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t) => b.includes(t));

/**
 * What taking the rows over would do: an address already in the file is refused the
 * second time; an address that unsubscribed, bounced or complained is never added again;
 * a sign-up still waiting for its confirmation is not confirmed by an import.
 */
export function classifyImport(
  rows: readonly Omit<ImportRow, 'outcome'>[],
  existing: ReadonlyMap<string, Pick<Contact, 'name' | 'medium' | 'topics' | 'status'>>,
  suppressed: ReadonlyMap<string, SuppressionReason>,
): ImportRow[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const reasons = [...row.reasons];
    if (!reasons.length) {
      const first = seen.get(row.email);
      const found = existing.get(row.email);
      const blocked = suppressed.get(row.email);
      if (first !== undefined) reasons.push(`Die Adresse steht schon in Zeile ${first}.`);
      else if (blocked) reasons.push(`Wird nicht wieder aufgenommen: ${SUPPRESSION_LABELS[blocked]}.`);
      else if (found?.status === 'unsubscribed') reasons.push('Wird nicht wieder aufgenommen: Die Person hat sich abgemeldet.');
      else if (found?.status === 'pending') reasons.push('Die Person hat sich selbst angemeldet und die Anmeldung noch nicht bestätigt.');
    }
    if (!seen.has(row.email) && row.email) seen.set(row.email, row.line);
    if (reasons.length) return { ...row, outcome: 'refused', reasons };
    const found = existing.get(row.email);
    if (!found) return { ...row, outcome: 'new', reasons };
    const same = found.name === row.name && found.medium === row.medium && sameTopics(found.topics, row.topics);
    return { ...row, outcome: same ? 'unchanged' : 'updated', reasons };
  });
}
