import * as z from 'zod/mini';
import { PARTNERS, PartnerId } from './partners.ts';
import { PressContact } from './release.ts';
import { safeText } from './text.ts';

/**
 * The organisation settings: who publishes (Impressum), who is responsible, the
 * data-protection officer, the press office's contacts, each partner's contact person
 * for consent forms and the accessibility feedback contact. Administrators
 * keep them in the editor; the legal pages, printed consent forms and confirmations,
 * new press releases and e-mails read them. They may be saved incomplete (an office
 * fills them in over time), but nothing that needs a missing one is built or printed:
 * `missingSettings` names what is missing, in German, for each use.
 */

const text = (subject: string, max: number) =>
  safeText(subject).check(z.trim(), z.minLength(1, `${subject} ist leer.`), z.maxLength(max, `${subject} darf höchstens ${max} Zeichen haben.`));
const phone = z.string().check(z.trim(), z.regex(/^\+?[\d\s/()-]{6,30}$/, 'Bitte eine gültige Telefonnummer angeben.'));
const email = z.email({ error: 'Bitte eine gültige E-Mail-Adresse angeben.' });
const postcode = z.string().check(z.trim(), z.regex(/^\d{5}$/, 'Bitte eine fünfstellige Postleitzahl angeben.'));
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Bitte ein Datum angeben.'));

const Address = {
  street: z.optional(text('Die Straße', 120)),
  postcode: z.optional(postcode),
  city: z.optional(text('Der Ort', 80)),
};

export const PartnerContact = z.object({
  name: z.optional(text('Der Name der Ansprechperson', 100)),
  phone: z.optional(phone),
  email: z.optional(email),
});
export type PartnerContact = z.infer<typeof PartnerContact>;

export const OrganisationSettingsInput = z.strictObject(
  {
    organisation: z._default(
      z.object({
        name: z.optional(text('Der Name der Organisation', 160)),
        ...Address,
        phone: z.optional(phone),
        email: z.optional(email),
        /** Only when there is one (§ 27a UStG): never required. */
        vatId: z.optional(z.string().check(z.trim(), z.regex(/^DE\d{9}$/, 'Die Umsatzsteuer-Identifikationsnummer hat die Form DE und neun Ziffern.'))),
      }),
      {},
    ),
    /** Who represents the county by law (Landrätin or Landrat). */
    representative: z._default(z.object({ name: z.optional(text('Der Name', 100)), title: z.optional(text('Die Amtsbezeichnung', 60)) }), {}),
    /** Responsible for the content under § 18 (2) MStV. */
    responsible: z._default(z.object({ name: z.optional(text('Der Name', 100)), function: z.optional(text('Die Funktion', 100)) }), {}),
    dataProtectionOfficer: z._default(
      z.object({
        name: z.optional(text('Name oder Funktionsbezeichnung', 120)),
        ...Address,
        phone: z.optional(phone),
        email: z.optional(email),
      }),
      {},
    ),
    accessibility: z._default(
      z.object({
        email: z.optional(email),
        phone: z.optional(phone),
        /** The day of the last self-assessment of the public site. */
        assessedOn: z.optional(day),
        /** How soon feedback is answered at the latest, completing „spätestens innerhalb von …“ („sechs Wochen“). */
        responseTime: z.optional(text('Die Antwortfrist', 60)),
        /** The state's body for conciliation under the L-BGG, with address or web site. */
        enforcementBody: z.optional(text('Die Schlichtungsstelle', 400)),
      }),
      {},
    ),
    pressContacts: z._default(z.array(PressContact).check(z.maxLength(4, 'Höchstens vier Ansprechpersonen der Pressestelle.')), []),
    partnerContacts: z._default(z.partialRecord(PartnerId, PartnerContact), {}),
  },
  { error: 'Unbekannte Angaben in den Einstellungen.' },
);
export type OrganisationSettingsInput = z.infer<typeof OrganisationSettingsInput>;

/** One entry of the settings' own audit: who saved, when, which settings changed (labels, not values). */
export const SettingsChange = z.object({ at: z.string(), by: z.string(), byName: z.string(), action: z.string(), changed: z.array(z.string()) });
export type SettingsChange = z.infer<typeof SettingsChange>;

/** A saved version: the settings as they were after the change it records. */
export const OrganisationSettings = z.extend(OrganisationSettingsInput, {
  version: z.number().check(z.int(), z.gte(0)),
  /** True while the values are the fictional ones of the local demo seed. */
  demo: z.optional(z.boolean()),
  change: z.optional(SettingsChange),
});
export type OrganisationSettings = z.infer<typeof OrganisationSettings>;

/** Nothing saved yet: every use finds its settings missing. */
export const emptySettings = (): OrganisationSettings => OrganisationSettings.parse({ version: 0 });

/** What reads the settings; each needs its own fields (`missingSettings`). */
export type SettingsUse = 'site' | 'consent-form' | 'release';

interface Field {
  path: readonly string[];
  label: string;
  uses: readonly SettingsUse[];
}

const ADDRESS = (group: string, who: string, uses: readonly SettingsUse[]): Field[] => [
  { path: [group, 'street'], label: `${who}: Straße und Hausnummer`, uses },
  { path: [group, 'postcode'], label: `${who}: Postleitzahl`, uses },
  { path: [group, 'city'], label: `${who}: Ort`, uses },
];

/** Every single setting with its German label, in the order of the settings screen. */
export const SETTING_FIELDS: readonly Field[] = [
  { path: ['organisation', 'name'], label: 'Organisation: Name', uses: ['site', 'consent-form'] },
  ...ADDRESS('organisation', 'Organisation', ['site']),
  { path: ['organisation', 'phone'], label: 'Organisation: Telefon', uses: ['site'] },
  { path: ['organisation', 'email'], label: 'Organisation: E-Mail', uses: ['site'] },
  { path: ['organisation', 'vatId'], label: 'Organisation: Umsatzsteuer-Identifikationsnummer (falls vorhanden)', uses: [] },
  { path: ['representative', 'name'], label: 'Gesetzliche Vertretung: Name', uses: ['site'] },
  { path: ['representative', 'title'], label: 'Gesetzliche Vertretung: Amtsbezeichnung', uses: ['site'] },
  { path: ['responsible', 'name'], label: 'Inhaltlich verantwortlich: Name', uses: ['site'] },
  { path: ['responsible', 'function'], label: 'Inhaltlich verantwortlich: Funktion', uses: ['site'] },
  { path: ['dataProtectionOfficer', 'name'], label: 'Datenschutzbeauftragte/r: Name oder Funktionsbezeichnung', uses: ['site', 'consent-form'] },
  ...ADDRESS('dataProtectionOfficer', 'Datenschutzbeauftragte/r', ['site', 'consent-form']),
  { path: ['dataProtectionOfficer', 'phone'], label: 'Datenschutzbeauftragte/r: Telefon', uses: ['consent-form'] },
  { path: ['dataProtectionOfficer', 'email'], label: 'Datenschutzbeauftragte/r: E-Mail', uses: ['site', 'consent-form'] },
  { path: ['accessibility', 'email'], label: 'Barrierefreiheit: E-Mail für Rückmeldungen', uses: ['site'] },
  { path: ['accessibility', 'phone'], label: 'Barrierefreiheit: Telefon für Rückmeldungen', uses: ['site'] },
  { path: ['accessibility', 'assessedOn'], label: 'Barrierefreiheit: Datum der Selbstbewertung', uses: ['site'] },
  { path: ['accessibility', 'responseTime'], label: 'Barrierefreiheit: Antwortfrist (z. B. „sechs Wochen“)', uses: ['site'] },
  { path: ['accessibility', 'enforcementBody'], label: 'Barrierefreiheit: Schlichtungsstelle des Landes', uses: ['site'] },
];

const valueAt = (s: OrganisationSettingsInput, path: readonly string[]): unknown =>
  path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), s);

const CONTACT_FIELDS = [
  ['name', 'Name'],
  ['phone', 'Telefon'],
  ['email', 'E-Mail'],
] as const;

/**
 * The German labels of every setting `use` needs and `s` lacks: for a consent form or
 * confirmation also the contact person of `partner`; for the site and new releases at
 * least one press contact.
 */
export function missingSettings(s: OrganisationSettingsInput, use: SettingsUse, partner?: PartnerId): string[] {
  const missing = SETTING_FIELDS.filter((f) => f.uses.includes(use) && !valueAt(s, f.path)).map((f) => f.label);
  if ((use === 'site' || use === 'release') && s.pressContacts.length === 0) missing.push('Pressestelle: mindestens eine Ansprechperson');
  if (use === 'consent-form' && partner) {
    const contact = s.partnerContacts[partner] ?? {};
    const short = PARTNERS.find((p) => p.id === partner)!.short;
    for (const [key, label] of CONTACT_FIELDS) if (!contact[key]) missing.push(`Ansprechperson ${short}: ${label}`);
  }
  return missing;
}

/** The German refusal naming every missing setting, or undefined when `use` has all it needs. */
export function missingSettingsMessage(s: OrganisationSettingsInput, use: SettingsUse, partner?: PartnerId): string | undefined {
  const missing = missingSettings(s, use, partner);
  if (!missing.length) return undefined;
  const what = {
    site: 'Die Website wird nicht gebaut',
    'consent-form': 'Das Formular wird nicht gedruckt',
    release: 'Die Pressemitteilung bekommt keinen Pressekontakt',
  }[use];
  return `${what}: In den Einstellungen der Organisation fehlt ${missing.map((m) => `„${m}“`).join(', ')}. Die Administration trägt es unter „Einstellungen“ ein.`;
}

/** The labels of the settings that differ between two versions, for the audit (values may be personal data: not copied). */
export function changedSettings(before: OrganisationSettingsInput, after: OrganisationSettingsInput): string[] {
  const changed = SETTING_FIELDS.filter((f) => valueAt(before, f.path) !== valueAt(after, f.path)).map((f) => f.label);
  if (JSON.stringify(before.pressContacts) !== JSON.stringify(after.pressContacts)) changed.push('Pressestelle: Ansprechpersonen');
  for (const p of PARTNERS) {
    if (JSON.stringify(before.partnerContacts[p.id] ?? {}) !== JSON.stringify(after.partnerContacts[p.id] ?? {})) changed.push(`Ansprechperson ${p.short}`);
  }
  return changed;
}

/** "Musterstraße 1, 71638 Ludwigsburg", from whatever parts are set. */
export function addressLine(a: { street?: string; postcode?: string; city?: string }): string {
  return [a.street, [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}
