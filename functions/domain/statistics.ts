import * as z from 'zod/mini';
import { MUNICIPALITIES, Municipality } from './municipalities.ts';
import { PARTNERS, PartnerId } from './partners.ts';

/**
 * Programme statistics: what partners count per municipality and reporting date
 * (Stichtag), and the rules every set of counts obeys. Counts only are entered;
 * adults and every percentage are derived (DOMAIN.md).
 */

/** The counts a submission holds, in the order the form and the tables show them. */
export const COUNT_KEYS = ['clients', 'minors', 'germanB1', 'employed', 'training', 'ended', 'rental'] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

/** Every published figure: the entered counts plus `adults`, which is derived. */
export const FIGURE_KEYS = ['clients', 'minors', 'adults', 'germanB1', 'employed', 'training', 'ended', 'rental'] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export interface FigureDef {
  key: FigureKey;
  /** Label in forms and table headers. */
  label: string;
  /** Short label for narrow table columns and chart axes. */
  short: string;
  /** The figure this one is a part of; percentages are shares of it. */
  base?: 'clients' | 'adults' | 'ended';
  /** Stock figures hold on the reporting date; flow figures count events in the period up to it. */
  kind: 'stock' | 'flow';
  hint?: string;
}

export const FIGURES: readonly FigureDef[] = [
  {
    key: 'clients',
    label: 'Klientinnen und Klienten im Programm',
    short: 'Klient:innen',
    kind: 'stock',
    hint: 'Alle Menschen, die am Stichtag vom Integrationsmanagement begleitet werden.',
  },
  { key: 'minors', label: 'davon minderjährig', short: 'Minderjährige', base: 'clients', kind: 'stock' },
  { key: 'adults', label: 'davon erwachsen (berechnet)', short: 'Erwachsene', base: 'clients', kind: 'stock' },
  { key: 'germanB1', label: 'Erwachsene mit Deutsch auf Niveau B1 oder höher', short: 'Deutsch B1+', base: 'adults', kind: 'stock' },
  { key: 'employed', label: 'Erwachsene in sozialversicherungspflichtiger Beschäftigung', short: 'Beschäftigt', base: 'adults', kind: 'stock' },
  { key: 'training', label: 'Erwachsene in Ausbildung, Praktikum oder Studium', short: 'Ausbildung', base: 'adults', kind: 'stock' },
  {
    key: 'ended',
    label: 'Beendete Beratungen',
    short: 'Beratung beendet',
    kind: 'flow',
    hint: 'Menschen, deren Begleitung seit dem vorigen Stichtag abgeschlossen wurde.',
  },
  {
    key: 'rental',
    label: 'davon mit erstem eigenem Mietvertrag',
    short: 'Eigener Mietvertrag',
    base: 'ended',
    kind: 'flow',
    hint: 'Von den beendeten Beratungen: Menschen, die ihren ersten Mietvertrag für eine eigene Wohnung unterschrieben haben.',
  },
];

export function figure(key: FigureKey): FigureDef {
  return FIGURES.find((f) => f.key === key)!;
}

/** Figures that must not exceed the adults (clients − minors). */
export const ADULT_FIGURES = ['germanB1', 'employed', 'training'] as const satisfies readonly CountKey[];

/** No municipality of the county has anywhere near this many clients; a typo guard. */
export const MAX_COUNT = 100_000;

/** German phrases for messages: "die Zahl der Minderjährigen". */
const NOUN: Record<CountKey, string> = {
  clients: 'die Zahl der Klientinnen und Klienten',
  minors: 'die Zahl der Minderjährigen',
  germanB1: 'die Zahl der Erwachsenen mit Deutsch B1 oder höher',
  employed: 'die Zahl der sozialversicherungspflichtig beschäftigten Erwachsenen',
  training: 'die Zahl der Erwachsenen in Ausbildung, Praktikum oder Studium',
  ended: 'die Zahl der beendeten Beratungen',
  rental: 'die Zahl der ersten eigenen Mietverträge',
};
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Only the type is checked per field; range and cross-field rules run together below, so every problem shows at once. */
const count = (key: CountKey) => z.number({ error: `Bitte für ${NOUN[key]} eine ganze Zahl angeben.` });

const countShape = Object.fromEntries(COUNT_KEYS.map((k) => [k, count(k)])) as { [K in CountKey]: ReturnType<typeof count> };

/** Whole numbers from 0 to MAX_COUNT, per field. */
export function fieldProblems(c: Partial<Record<CountKey, unknown>>): { field: CountKey; message: string }[] {
  const problems: { field: CountKey; message: string }[] = [];
  for (const k of COUNT_KEYS) {
    const v = c[k];
    if (typeof v !== 'number') continue;
    if (!Number.isInteger(v)) problems.push({ field: k, message: `${capital(NOUN[k])} muss eine ganze Zahl sein.` });
    else if (v < 0) problems.push({ field: k, message: `${capital(NOUN[k])} darf nicht negativ sein.` });
    else if (v > MAX_COUNT) problems.push({ field: k, message: `${capital(NOUN[k])} ist unplausibel hoch (höchstens ${MAX_COUNT.toLocaleString('de-DE')}).` });
  }
  return problems;
}

export type Counts = Record<CountKey, number>;
export type PartialCounts = Partial<Counts>;

const fmt = (n: number) => n.toLocaleString('de-DE');

/**
 * The cross-field rules, for complete and partial counts alike: a rule is checked as
 * soon as both sides are present. Each problem names the field it belongs to, so the
 * form shows it next to that field.
 */
export function countProblems(c: PartialCounts): { field: CountKey; message: string }[] {
  const problems: { field: CountKey; message: string }[] = [];
  // Cross-field rules compare only valid numbers; invalid ones have their own message.
  const has = (k: CountKey) => typeof c[k] === 'number' && Number.isInteger(c[k]) && c[k]! >= 0 && c[k]! <= MAX_COUNT;
  if (has('minors') && has('clients') && c.minors! > c.clients!) {
    problems.push({
      field: 'minors',
      message: `Die Zahl der Minderjährigen (${fmt(c.minors!)}) darf nicht größer sein als die Zahl der Klientinnen und Klienten (${fmt(c.clients!)}).`,
    });
  }
  if (has('clients') && has('minors') && c.minors! <= c.clients!) {
    const adults = c.clients! - c.minors!;
    for (const k of ADULT_FIGURES) {
      if (has(k) && c[k]! > adults) {
        problems.push({
          field: k,
          message: `${capital(NOUN[k])} (${fmt(c[k]!)}) darf nicht größer sein als die Zahl der Erwachsenen (${fmt(adults)} = ${fmt(c.clients!)} Klient:innen − ${fmt(c.minors!)} Minderjährige).`,
        });
      }
    }
  }
  if (has('rental') && has('ended') && c.rental! > c.ended!) {
    problems.push({
      field: 'rental',
      message: `Die Zahl der ersten eigenen Mietverträge (${fmt(c.rental!)}) darf nicht größer sein als die Zahl der beendeten Beratungen (${fmt(c.ended!)}).`,
    });
  }
  return problems;
}

const withRules = <S extends z.ZodMiniType<PartialCounts>>(schema: S) =>
  schema.check(
    z.superRefine((c, ctx) => {
      for (const p of [...fieldProblems(c), ...countProblems(c)]) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
    }),
  );

/** Complete counts: what a submission must hold to leave draft. */
export const Counts = withRules(z.strictObject(countShape, { error: 'Unbekannte Angaben in den Zahlen.' }));

/** A draft may be saved with gaps; every number present must still be valid. */
export const PartialCounts = withRules(
  z.strictObject(Object.fromEntries(COUNT_KEYS.map((k) => [k, z.optional(count(k))])) as { [K in CountKey]: z.ZodMiniOptional<ReturnType<typeof count>> }, {
    error: 'Unbekannte Angaben in den Zahlen.',
  }),
);

export const adultsOf = (c: Pick<Counts, 'clients' | 'minors'>) => c.clients - c.minors;

/** All counts plus the derived adults. */
export function withAdults(c: Counts): Record<FigureKey, number> {
  return { ...c, adults: adultsOf(c) };
}

/**
 * A share in percent, or undefined when the base is zero (no share exists) or missing.
 * One decimal: enough to tell 24.4 from 24.6 without claiming more precision than the counts have.
 */
export function percentOf(part: number | undefined, base: number | undefined): number | undefined {
  if (part === undefined || base === undefined || base <= 0) return undefined;
  return Math.round((part / base) * 1000) / 10;
}

/**
 * Reads what someone typed into a count field. Accepts German digit grouping
 * ("1.234") and spaces; refuses decimals and signs with a German message.
 */
export function parseCountText(text: string): { value?: number; error?: string } {
  const t = text.trim().replace(/\s+/g, '');
  if (t === '') return {};
  if (/^\d{1,3}(\.\d{3})+$/.test(t)) return { value: Number(t.replace(/\./g, '')) };
  if (/^\d+$/.test(t)) {
    const value = Number(t);
    return value > MAX_COUNT ? { error: `Die Zahl ist unplausibel hoch (höchstens ${fmt(MAX_COUNT)}).` } : { value };
  }
  if (/^-/.test(t)) return { error: 'Die Zahl darf nicht negativ sein.' };
  if (/^\d+[,.]\d+$/.test(t)) return { error: 'Bitte eine ganze Zahl ohne Nachkommastellen angeben.' };
  return { error: 'Bitte nur Ziffern eingeben.' };
}

// ---------------------------------------------------------------------------
// Reporting dates, assignment, settings

/** The programme started in 2018; no reporting date can lie before it. */
export const PROGRAMME_START = '2018-01-01';

export const ReportingDate = z.string({ error: 'Bitte einen Stichtag angeben.' }).check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Der Stichtag muss ein Datum im Format JJJJ-MM-TT sein.'),
  z.refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Dieses Datum gibt es nicht.'),
  z.refine((d) => d >= PROGRAMME_START, 'Der Stichtag kann nicht vor dem Beginn des Programms (2018) liegen.'),
);

// Made on first use, not at import: the first Intl object of a process loads the locale data.
let dayFormat: Intl.DateTimeFormat | undefined;
/** "31. Dezember 2025" for a YYYY-MM-DD date. */
export const germanDay = (date: string) => {
  dayFormat ??= new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return dayFormat.format(new Date(`${date}T00:00:00Z`));
};

/** Today in the county's time zone, as YYYY-MM-DD. */
export function countyToday(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(now);
}

/**
 * Which partner counts in which municipality. A municipality may be served by more
 * than one partner (the larger towns); it may also be served by none (the programme
 * works in 34 of the 39).
 */
export const Assignment = z.pipe(
  z.partialRecord(PartnerId, z.array(Municipality).check(z.maxLength(MUNICIPALITIES.length))),
  z.transform(
    (a: Partial<Record<PartnerId, Municipality[]>>) =>
      Object.fromEntries(PARTNERS.map((p) => [p.id, [...new Set(a[p.id] ?? [])].sort((x, y) => x.localeCompare(y, 'de'))])) as Record<
        PartnerId,
        Municipality[]
      >,
  ),
);
export type Assignment = Record<PartnerId, Municipality[]>;

/** Statistical offices use 3 or 5; below 3 a published cell can single out a person. */
export const MIN_THRESHOLD = 3;
export const DEFAULT_THRESHOLD = 5;

export const Threshold = z
  .number({ error: 'Bitte eine Mindestfallzahl angeben.' })
  .check(
    z.int('Die Mindestfallzahl muss eine ganze Zahl sein.'),
    z.gte(MIN_THRESHOLD, `Die Mindestfallzahl muss mindestens ${MIN_THRESHOLD} sein, sonst lassen sich Einzelpersonen erkennen.`),
    z.lte(50, 'Die Mindestfallzahl darf höchstens 50 sein.'),
  );

/** Percent of change against the previous reporting date above which a figure needs a reason (statistics-plausibility.ts). */
export const ChangeThreshold = z
  .number({ error: 'Bitte eine Schwelle für auffällige Änderungen in Prozent angeben.' })
  .check(
    z.int('Die Schwelle für auffällige Änderungen muss eine ganze Zahl sein.'),
    z.gte(5, 'Die Schwelle für auffällige Änderungen muss mindestens 5 % sein.'),
    z.lte(200, 'Die Schwelle für auffällige Änderungen darf höchstens 200 % sein.'),
  );

export const SettingsInput = z.strictObject(
  {
    assignment: Assignment,
    threshold: Threshold,
    /** Absent: the default (30 %). */
    changeThreshold: z.optional(ChangeThreshold),
  },
  { error: 'Unbekannte Angaben in den Einstellungen.' },
);
export type SettingsInput = z.infer<typeof SettingsInput>;

/** One line of an audit trail: who did what, when, from which state to which. */
export const StatsAuditEntry = z.object({
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  action: z.string(),
  from: z.optional(z.string()),
  to: z.optional(z.string()),
  comment: z.optional(z.string()),
});
export type StatsAuditEntry = z.infer<typeof StatsAuditEntry>;

export const Settings = z.object({
  assignment: z.record(PartnerId, z.array(Municipality)),
  threshold: Threshold,
  changeThreshold: z.optional(ChangeThreshold),
  version: z.number().check(z.int(), z.gte(0)),
  /** True while the assignment is the plausible demo one the seed wrote, not the county's real one. */
  demo: z.optional(z.boolean()),
  updatedAt: z.optional(z.string()),
  audit: z.array(StatsAuditEntry),
});
export type Settings = z.infer<typeof Settings>;

export function emptyAssignment(): Assignment {
  return Object.fromEntries(PARTNERS.map((p) => [p.id, []])) as unknown as Assignment;
}

/** What the store returns before an administrator has saved anything: no assignment, the default threshold. */
export function defaultSettings(): Settings {
  return { assignment: emptyAssignment(), threshold: DEFAULT_THRESHOLD, version: 0, audit: [] };
}

/** Every (partner, municipality) pair the assignment expects a submission for. */
export function expectedPairs(assignment: Partial<Record<PartnerId, readonly Municipality[]>>): { partner: PartnerId; municipality: Municipality }[] {
  return PARTNERS.flatMap((p) => (assignment[p.id] ?? []).map((municipality) => ({ partner: p.id, municipality })));
}

/** A German summary of what changed in the settings, for the audit trail. */
export function describeSettingsChange(before: Settings, after: SettingsInput): string {
  const parts: string[] = [];
  for (const p of PARTNERS) {
    const was = new Set(before.assignment[p.id] ?? []);
    const now = new Set(after.assignment[p.id] ?? []);
    const added = [...now].filter((m) => !was.has(m));
    const removed = [...was].filter((m) => !now.has(m));
    if (added.length) parts.push(`${p.short}: hinzu ${added.join(', ')}`);
    if (removed.length) parts.push(`${p.short}: entfernt ${removed.join(', ')}`);
  }
  if (before.threshold !== after.threshold) parts.push(`Mindestfallzahl ${before.threshold} → ${after.threshold}`);
  if (after.changeThreshold !== undefined && before.changeThreshold !== after.changeThreshold)
    parts.push(`Schwelle für auffällige Änderungen ${before.changeThreshold ?? 'Standard'} → ${after.changeThreshold} %`);
  return parts.length ? parts.join('; ') : 'Keine Änderung';
}

/** Submission ids are readable and unique per partner, municipality and date by construction. */
export function submissionId(date: string, partner: PartnerId, municipality: Municipality): string {
  const slug = municipality
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${date}.${partner}.${slug}`;
}
