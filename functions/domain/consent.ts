import * as z from 'zod/mini';
import type { PartnerId } from './partners.ts';
import { type PhotoPerson, photoLabel, photoLevel } from './photos.ts';
import { safeText } from './text.ts';

/**
 * Consent: the scope a person agreed to, and the rule that decides whether a story's
 * declared use is covered. This file is the one place the rule lives; handlers, the
 * scheduler and the publisher all call `consentProblems`.
 */

export const CHANNELS = [
  { id: 'website', label: 'Website' },
  { id: 'press', label: 'Pressemitteilung / Feed' },
  { id: 'print', label: 'Druck' },
  { id: 'social', label: 'Soziale Medien' },
] as const;
export const Channel = z.enum(['website', 'press', 'print', 'social'], { error: 'Unbekannter Kanal.' });
export type Channel = z.infer<typeof Channel>;

/** Ordered from least to most identifying: consent to a level covers every level below it. */
export const NAMINGS = [
  { id: 'anonymous', label: 'anonym' },
  { id: 'pseudonym', label: 'mit Pseudonym' },
  { id: 'first-name', label: 'nur mit Vornamen' },
  { id: 'full-name', label: 'mit vollem Namen' },
] as const;
export const Naming = z.enum(['anonymous', 'pseudonym', 'first-name', 'full-name'], { error: 'Bitte angeben, wie die Person genannt wird.' });
export type Naming = z.infer<typeof Naming>;

/** Ordered like namings. */
export const PHOTOS = [
  { id: 'none', label: 'keine Fotos' },
  { id: 'not-recognisable', label: 'Fotos, auf denen die Person nicht erkennbar ist' },
  { id: 'recognisable', label: 'Fotos, auf denen die Person erkennbar ist' },
] as const;
export const Photos = z.enum(['none', 'not-recognisable', 'recognisable'], { error: 'Bitte die Fotonutzung angeben.' });
export type Photos = z.infer<typeof Photos>;

/** Religion and health are special categories (Art. 9 DSGVO) and need a tick of their own. */
export const DETAILS = [
  { id: 'origin', label: 'Herkunftsland', special: false },
  { id: 'municipality', label: 'Wohnort', special: false },
  { id: 'employer', label: 'Arbeitgeber oder Schule', special: false },
  { id: 'family', label: 'Familiensituation', special: false },
  { id: 'religion', label: 'Religion', special: true },
  { id: 'health', label: 'Gesundheit', special: true },
] as const;
export const Detail = z.enum(['origin', 'municipality', 'employer', 'family', 'religion', 'health'], { error: 'Unbekanntes Detail.' });
export type Detail = z.infer<typeof Detail>;

export const AGE_GROUPS = [
  { id: 'adult', label: 'volljährig' },
  { id: 'minor-assent', label: 'minderjährig, alt genug für eine eigene Zustimmung' },
  { id: 'minor-young', label: 'minderjährig, jünger' },
] as const;
export const AgeGroup = z.enum(['adult', 'minor-assent', 'minor-young'], { error: 'Bitte die Altersgruppe angeben.' });
export type AgeGroup = z.infer<typeof AgeGroup>;

/**
 * From which age a minor gives their own assent besides the guardians, per partner.
 * The partners set this in their consent practice; all use 14 today (Einsichtsfähigkeit).
 */
export const ASSENT_AGE: Record<PartnerId, number> = { awo: 14, caritas: 14, kdv: 14, drk: 14, lra: 14 };

export const label = <T extends { id: string; label: string }>(list: readonly T[], id: string) => list.find((x) => x.id === id)?.label ?? id;
const rank = <T extends { id: string }>(list: readonly T[], id: string) => list.findIndex((x) => x.id === id);

const isoDate = z.string({ error: 'Bitte ein Datum angeben.' }).check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Bitte ein Datum im Format JJJJ-MM-TT angeben.'),
  z.refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'Dieses Datum gibt es nicht.'),
);

/**
 * A person in a story, by pseudonymous label only. No field stores a real name unless the
 * person agreed to be named by it: `publicName` is the name the site gives them, read as
 * `shows.naming` declares it (an invented name for a pseudonym, else their own name, which
 * their consent must then cover). `shows` is what the story declares it shows of this person.
 */
export const Person = z.object({
  id: z.string().check(z.regex(/^[A-Z]$/, 'Personen werden mit einem Buchstaben bezeichnet (A–Z).')),
  role: safeText('Die Rolle der Person').check(
    z.trim(),
    z.minLength(2, 'Bitte die Rolle in der Geschichte angeben, z. B. „Mutter“.'),
    z.maxLength(40, 'Die Rolle darf höchstens 40 Zeichen haben.'),
  ),
  ageGroup: AgeGroup,
  publicName: z.optional(
    safeText('Der Name auf der Website').check(
      z.trim(),
      z.minLength(2, 'Der Name auf der Website braucht mindestens 2 Zeichen.'),
      z.maxLength(40, 'Der Name auf der Website darf höchstens 40 Zeichen haben.'),
    ),
  ),
  shows: z.object({
    naming: Naming,
    photos: Photos,
    details: z.array(Detail).check(
      z.maxLength(DETAILS.length),
      z.refine((d) => new Set(d).size === d.length, 'Jedes Detail nur einmal angeben.'),
    ),
  }),
});
export type Person = z.infer<typeof Person>;

export const personLabel = (p: Pick<Person, 'id'>) => `Person ${p.id}`;

/** Added to an invented name on the site, so nobody takes it for the person's own. */
export const CHANGED_NAME_NOTE = 'Name geändert';

/**
 * How the site names a person: an invented name with „Name geändert“, their own (first)
 * name as it is; nobody without a public name, so the internal label („Person A“) never
 * reaches the site unless someone chose it as the name.
 */
export function publicPersonName(person: Pick<Person, 'publicName' | 'shows'>): string | undefined {
  const name = person.publicName?.trim();
  if (!name || person.shows.naming === 'anonymous') return undefined;
  if (person.shows.naming !== 'pseudonym' || name.toLowerCase().includes(CHANGED_NAME_NOTE.toLowerCase())) return name;
  return `${name}, ${CHANGED_NAME_NOTE}`;
}

/**
 * What does not fit between the public name and how the story names the person. Which
 * naming the consent allows is checked with the rest of the scope: a real first name is
 * declared as „nur mit Vornamen“ and needs that consent; an invented one only „mit Pseudonym“.
 */
export function publicNameProblems(person: Pick<Person, 'id' | 'publicName' | 'shows'>): string[] {
  const name = person.publicName?.trim();
  const who = personLabel(person);
  if (!name) return [];
  if (person.shows.naming === 'anonymous')
    return [`${who}: Die Geschichte nennt die Person anonym; ein Name auf der Website passt nicht dazu. Bitte den Namen entfernen oder die Nennung ändern.`];
  if (person.shows.naming === 'first-name' && /\s/.test(name))
    return [`${who}: Bei „${label(NAMINGS, 'first-name')}“ steht auf der Website nur der Vorname, ohne Nachnamen.`];
  return [];
}

export const WITHDRAWAL_CHANNELS = [
  { id: 'in-person', label: 'persönlich' },
  { id: 'phone', label: 'telefonisch' },
  { id: 'letter', label: 'schriftlich per Brief' },
  { id: 'email', label: 'per E-Mail' },
  { id: 'via-counsellor', label: 'über die Beratung' },
] as const;
export const WithdrawalChannel = z.enum(['in-person', 'phone', 'letter', 'email', 'via-counsellor'], {
  error: 'Bitte angeben, wie der Widerruf eingegangen ist.',
});

/**
 * The template version of the printed consent form (functions/domain/consent-form.ts): a
 * record stores which one the person signed, so it is known exactly what they were told.
 */
export const CONSENT_FORM_VERSION = 'EW-2026-2';

/** What the manager records from the signed form (fields; the cross-field rules follow). */
export const ConsentFields = z.object({
  personId: z.string().check(z.regex(/^[A-Z]$/, 'Unbekannte Person.')),
  /** Who signed: the person themself (adults) or their legal guardian(s) (minors). */
  givenBy: z.enum(['person', 'guardians'], { error: 'Bitte angeben, wer eingewilligt hat.' }),
  guardianCount: z.optional(z.number().check(z.int(), z.gte(1, 'Mindestens eine sorgeberechtigte Person.'), z.lte(2))),
  /** The minor's own assent, needed from the partner's assent age. */
  minorAssent: z.optional(z.boolean()),
  date: isoDate,
  language: safeText('Die Sprache des Gesprächs').check(z.trim(), z.minLength(2, 'Bitte die Sprache des Gesprächs angeben.'), z.maxLength(60)),
  interpreter: z.boolean({ error: 'Bitte angeben, ob gedolmetscht wurde.' }),
  formReference: safeText('Das Aktenzeichen des Formulars').check(
    z.trim(),
    z.minLength(2, 'Bitte das Aktenzeichen des unterschriebenen Formulars angeben.'),
    z.maxLength(80),
  ),
  formVersion: z._default(z.string().check(z.regex(/^EW-(?:[A-Z]{2}-)?\d{4}-\d+$/, 'Unbekannte Formularfassung.')), CONSENT_FORM_VERSION),
  validUntil: isoDate,
  scope: z.object({
    channels: z.array(Channel).check(z.minLength(1, 'Bitte mindestens einen Kanal angeben.')),
    naming: Naming,
    photos: Photos,
    details: z.array(Detail),
    /** The explicit, separate tick for religion and health (Art. 9 DSGVO). */
    specialCategories: z.boolean(),
  }),
});

/** The rules between the fields, for what the manager records and for every stored version alike. */
function consentRules<T extends z.output<typeof ConsentFields>>(c: T, ctx: z.core.$RefinementCtx<T>) {
  if (c.validUntil <= c.date) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: '„Gültig bis“ muss nach dem Datum der Einwilligung liegen.' });
  if (c.givenBy === 'guardians' && !c.guardianCount)
    ctx.addIssue({ code: 'custom', path: ['guardianCount'], message: 'Bitte angeben, wie viele Sorgeberechtigte unterschrieben haben.' });
  const special = c.scope.details.filter((d) => DETAILS.find((x) => x.id === d)?.special);
  if (special.length > 0 && !c.scope.specialCategories) {
    ctx.addIssue({
      code: 'custom',
      path: ['scope', 'specialCategories'],
      message: `Für ${special.map((d) => `„${label(DETAILS, d)}“`).join(' und ')} ist die ausdrückliche Einwilligung nach Art. 9 DSGVO anzukreuzen.`,
    });
  }
}

export const ConsentInput = ConsentFields.check(z.superRefine(consentRules));
export type ConsentInput = z.infer<typeof ConsentInput>;

/** A stored version. Versions are only ever appended: a correction or a withdrawal is a new version. */
export const ConsentRecord = z
  .extend(ConsentFields, {
    version: z.number().check(z.int(), z.positive()),
    recordedAt: z.string(),
    recordedBy: z.string(),
    recordedByName: z.string(),
    correctionReason: z.optional(z.string()),
    withdrawal: z.optional(
      z.object({
        date: isoDate,
        receivedVia: WithdrawalChannel,
        scope: z.optional(z.enum(['publication', 'processing'])),
        note: z.optional(z.string().check(z.maxLength(500))),
      }),
    ),
  })
  .check(z.superRefine(consentRules));
export type ConsentRecord = z.infer<typeof ConsentRecord>;

export const WithdrawalInput = z.object({
  date: isoDate,
  receivedVia: WithdrawalChannel,
  /**
   * Two consents, each withdrawable on its own: publication (the story comes down, the
   * record stays for the audit) or also processing (the story data is erased).
   */
  scope: z._default(z.enum(['publication', 'processing'], { error: 'Bitte angeben, was widerrufen wird.' }), 'publication'),
  note: z.optional(safeText('Die Notiz zum Widerruf').check(z.trim(), z.maxLength(500, 'Die Notiz darf höchstens 500 Zeichen haben.'))),
});
export type WithdrawalInput = z.infer<typeof WithdrawalInput>;

/** The latest version for each person. */
export function latestConsents(records: readonly ConsentRecord[]): Map<string, ConsentRecord> {
  const latest = new Map<string, ConsentRecord>();
  for (const r of records) {
    const seen = latest.get(r.personId);
    if (!seen || r.version > seen.version) latest.set(r.personId, r);
  }
  return latest;
}

// One formatter for all calls: creating one costs far more than using it, and every story's projection asks, once per story and render.
// Made on first use, not at import: the first Intl object of a process loads the time zone data.
let berlinDayFormat: Intl.DateTimeFormat | undefined;

/** The calendar day in Europe/Berlin, as YYYY-MM-DD: consent dates are German calendar days. */
export function berlinDay(at: Date): string {
  berlinDayFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
  return berlinDayFormat.format(at);
}

// Made on first use, like `berlinDayFormat` above.
let longDay: Intl.DateTimeFormat | undefined;

/** A calendar day `YYYY-MM-DD` as people read it in running text: „3. Dezember 2026“. */
export const longGermanDay = (d: string) => {
  longDay ??= new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return longDay.format(new Date(`${d}T00:00:00Z`));
};

const germanDate = (d: string) => {
  const [y, m, day] = d.split('-');
  return `${day}.${m}.${y}`;
};

/** A photo as the rule sees it: whom it shows, and how it is named in a refusal. */
export interface ConsentPhoto {
  alt: string;
  persons: readonly PhotoPerson[];
}

export interface ConsentSubject {
  partner: PartnerId;
  channels: readonly Channel[];
  persons: readonly Person[];
  consents: readonly ConsentRecord[];
  photos?: readonly ConsentPhoto[];
}

/**
 * THE consent rule. Returns, per person, every reason in German why the story's
 * declared use on `channels` is not covered on day `now`; empty means covered.
 * A consent covers a use when it is given (by guardians for minors, with the
 * minor's own assent from the partner's assent age), dated on or before the day,
 * valid through the day, not withdrawn, and its scope includes every channel, a
 * naming and photo level at least as identifying as shown, and every shown detail
 * (special categories with their own tick). Each photo showing a person asks the same of
 * that person's consent: photos on which they are recognisable (or at least photos on
 * which they are not), on every channel of the story; a photo may show only persons of
 * the story.
 */
export function consentProblems(story: ConsentSubject, now: Date, channels: readonly Channel[] = story.channels): string[] {
  if (story.persons.length === 0) return ['Die Geschichte nennt keine Person. Jede Person, über die erzählt wird, braucht eine eigene Einwilligung.'];
  if (channels.length === 0) return ['Die Geschichte nennt keinen Kanal, in dem sie erscheinen soll.'];
  const today = berlinDay(now);
  const latest = latestConsents(story.consents);
  const problems: string[] = [];
  for (const person of story.persons) {
    const who = personLabel(person);
    const c = latest.get(person.id);
    if (!c) {
      problems.push(`${who}: Es liegt keine Einwilligung vor.`);
      continue;
    }
    if (c.withdrawal) {
      problems.push(`${who}: Die Einwilligung wurde am ${germanDate(c.withdrawal.date)} widerrufen.`);
      continue;
    }
    if (c.date > today) problems.push(`${who}: Die Einwilligung gilt erst ab ${germanDate(c.date)}.`);
    if (c.validUntil < today) problems.push(`${who}: Die Einwilligung ist am ${germanDate(c.validUntil)} abgelaufen.`);
    if (person.ageGroup !== 'adult') {
      if (c.givenBy !== 'guardians') problems.push(`${who}: Für Minderjährige müssen die Sorgeberechtigten einwilligen.`);
      if (person.ageGroup === 'minor-assent' && !c.minorAssent) {
        problems.push(`${who}: Die eigene Zustimmung der minderjährigen Person fehlt (ab ${ASSENT_AGE[story.partner]} Jahren erforderlich).`);
      }
    }
    for (const ch of channels) {
      if (!c.scope.channels.includes(ch)) problems.push(`${who}: Einwilligung deckt den Kanal „${label(CHANNELS, ch)}“ nicht ab.`);
    }
    problems.push(...publicNameProblems(person));
    if (rank(NAMINGS, person.shows.naming) > rank(NAMINGS, c.scope.naming)) {
      problems.push(
        `${who}: Einwilligung erlaubt die Nennung nur ${label(NAMINGS, c.scope.naming)}, die Geschichte nennt die Person ${label(NAMINGS, person.shows.naming)}.`,
      );
    }
    if (rank(PHOTOS, person.shows.photos) > rank(PHOTOS, c.scope.photos)) {
      problems.push(`${who}: Einwilligung deckt „${label(PHOTOS, person.shows.photos)}“ nicht ab (erlaubt: ${label(PHOTOS, c.scope.photos)}).`);
    }
    for (const d of person.shows.details) {
      const detail = DETAILS.find((x) => x.id === d)!;
      if (!c.scope.details.includes(d)) problems.push(`${who}: Einwilligung deckt „${detail.label}“ nicht ab.`);
      else if (detail.special && !c.scope.specialCategories)
        problems.push(`${who}: Für „${detail.label}“ fehlt die ausdrückliche Einwilligung nach Art. 9 DSGVO.`);
    }
    problems.push(...photoProblems(person, c, story.photos ?? [], channels));
  }
  for (const photo of story.photos ?? []) {
    for (const shown of photo.persons) {
      if (!story.persons.some((p) => p.id === shown.personId))
        problems.push(`${photoLabel(photo)}: Person ${shown.personId} kommt in der Geschichte nicht vor. Bitte die Person anlegen oder die Angabe entfernen.`);
    }
  }
  return problems;
}

/** Per photo showing `person`: what their consent `c` does not cover of it, on `channels`. */
function photoProblems(person: Person, c: ConsentRecord, photos: readonly ConsentPhoto[], channels: readonly Channel[]): string[] {
  const problems: string[] = [];
  for (const photo of photos) {
    const shown = photo.persons.find((p) => p.personId === person.id);
    if (!shown) continue;
    const where = `${personLabel(person)}, ${photoLabel(photo)}`;
    const level = photoLevel(shown);
    if (rank(PHOTOS, level) > rank(PHOTOS, c.scope.photos)) {
      problems.push(`${where}: Die Einwilligung deckt „${label(PHOTOS, level)}“ nicht ab (erlaubt: ${label(PHOTOS, c.scope.photos)}).`);
    }
    const uncovered = channels.filter((ch) => !c.scope.channels.includes(ch));
    if (uncovered.length) {
      problems.push(`${where}: Die Einwilligung deckt das Foto im Kanal ${uncovered.map((ch) => `„${label(CHANNELS, ch)}“`).join(' und ')} nicht ab.`);
    }
  }
  return problems;
}

/**
 * The earliest day on which a current consent of the story runs out (YYYY-MM-DD),
 * or undefined when there is none: the key of the expiry index.
 */
export function earliestExpiry(consents: readonly ConsentRecord[]): string | undefined {
  const days = [...latestConsents(consents).values()]
    .filter((c) => !c.withdrawal)
    .map((c) => c.validUntil)
    .sort();
  return days[0];
}

export const ConsentStatus = z.enum(['complete', 'missing', 'expiring', 'expired', 'withdrawn']);
export type ConsentStatus = z.infer<typeof ConsentStatus>;
export const CONSENT_STATUS_LABELS: Record<ConsentStatus, string> = {
  complete: 'vollständig',
  missing: 'fehlt oder deckt nicht ab',
  expiring: 'läuft bald ab',
  expired: 'abgelaufen',
  withdrawn: 'widerrufen',
};
export const EXPIRY_WARNING_DAYS = 30;

/** The status at a glance, for the editor's lists. */
export function consentStatus(story: ConsentSubject, now: Date): ConsentStatus {
  const latest = latestConsents(story.consents);
  if ([...latest.values()].some((c) => c.withdrawal)) return 'withdrawn';
  const today = berlinDay(now);
  if ([...latest.values()].some((c) => c.validUntil < today)) return 'expired';
  if (consentProblems(story, now).length > 0) return 'missing';
  const soon = berlinDay(new Date(now.getTime() + EXPIRY_WARNING_DAYS * 86_400_000));
  const first = earliestExpiry(story.consents);
  return first && first <= soon ? 'expiring' : 'complete';
}
