import * as z from 'zod/mini';
import { normalizeAddress } from './mail.ts';
import { TOPICS, TopicId } from './topics.ts';

/**
 * The press distribution (Presseverteiler): journalists' contacts, kept by the press
 * office, and the lists a release goes to. A list is a topic (everyone who chose it) or
 * „alle“ (every contact); a contact is on a list only while it may be mailed: entered by
 * the press office, or signed up on the public press page and confirmed (double opt-in),
 * and never after unsubscribing, a hard bounce or a complaint (the suppression list).
 */

export const LIST_ALL = 'alle';
export const ListId = z.enum([LIST_ALL, ...TOPICS.map((t) => t.id)] as ['alle', ...TopicId[]], { error: 'Unbekannter Verteiler.' });
export type ListId = z.infer<typeof ListId>;

export const LISTS: readonly { id: ListId; label: string }[] = [{ id: LIST_ALL, label: 'Alle Kontakte' }, ...TOPICS];
export const listLabel = (id: ListId) => LISTS.find((l) => l.id === id)!.label;

/** Deliberately simple: one @, a dot in the domain, nothing a header or a list could be split at. */
const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\.]+(\.[^\s@<>(),;:"[\]\\.]+)+$/;
export const isAddress = (text: string) => text.length <= 254 && ADDRESS.test(text);

const trimmed = (max: number, empty: string, long: string) =>
  z.pipe(
    z.pipe(
      z.string({ error: empty }),
      z.transform((s) => s.trim()),
    ),
    z.string().check(z.minLength(1, empty), z.maxLength(max, long)),
  );

export const ContactName = trimmed(120, 'Bitte geben Sie einen Namen an.', 'Der Name ist zu lang (höchstens 120 Zeichen).');
export const ContactMedium = trimmed(
  120,
  'Bitte geben Sie das Medium an (z. B. „Ludwigsburger Kreiszeitung“ oder „frei“).',
  'Das Medium ist zu lang (höchstens 120 Zeichen).',
);
export const ContactAddress = z.pipe(
  z.pipe(
    z.string({ error: 'Bitte geben Sie eine E-Mail-Adresse an.' }),
    z.transform((s) => normalizeAddress(s)),
  ),
  z
    .string()
    .check(
      z.minLength(1, 'Bitte geben Sie eine E-Mail-Adresse an.'),
      z.refine(isAddress, 'Bitte geben Sie eine gültige E-Mail-Adresse an (z. B. name@zeitung.de).'),
    ),
);
export const ContactTopics = z.array(TopicId).check(z.maxLength(TOPICS.length, 'Zu viele Themen.'));

export const ContactStatus = z.enum(['pending', 'active', 'unsubscribed'], { error: 'Unbekannter Stand.' });
export type ContactStatus = z.infer<typeof ContactStatus>;

export const CONTACT_STATUS_LABELS: Record<ContactStatus, string> = {
  pending: 'Anmeldung noch nicht bestätigt',
  active: 'Im Verteiler',
  unsubscribed: 'Abgemeldet',
};

export const ContactSource = z.enum(['press-office', 'import', 'signup']);
export type ContactSource = z.infer<typeof ContactSource>;

export const CONTACT_SOURCE_LABELS: Record<ContactSource, string> = {
  'press-office': 'Von der Pressestelle eingetragen',
  import: 'Aus einer CSV-Datei übernommen',
  signup: 'Selbst angemeldet (Double-Opt-in)',
};

/** What a person agreed to when signing up, as shown to them, and when (Art. 7 (1) DSGVO: the controller must be able to show it). */
export const ContactConsent = z.object({
  text: z.string(),
  version: z.string(),
  signedUpAt: z.string(),
  confirmedAt: z.optional(z.string()),
});
export type ContactConsent = z.infer<typeof ContactConsent>;

export const ContactAuditEntry = z.object({ at: z.string(), by: z.string(), byName: z.string(), action: z.string() });
export type ContactAuditEntry = z.infer<typeof ContactAuditEntry>;

/** The stored contact; `secrets` never leave the store except to build the links in a mail. */
export const Contact = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  medium: z.string(),
  topics: z.array(TopicId),
  status: ContactStatus,
  source: ContactSource,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  consent: z.optional(ContactConsent),
  unsubscribedAt: z.optional(z.string()),
  /** The last audit entries (each is also in the global trail). */
  audit: z.array(ContactAuditEntry),
  secrets: z.object({
    /** In every mail's unsubscribe and topics links. */
    unsubscribe: z.string(),
    /** SHA-256 of the confirmation link's secret, while a sign-up waits for it. */
    confirmationHash: z.optional(z.string()),
    confirmationExpiresAt: z.optional(z.string()),
    /** When confirmation mails went to this address (the rate limit per address). */
    confirmationMails: z.optional(z.array(z.string())),
  }),
});
export type Contact = z.infer<typeof Contact>;

/** How long a confirmation link works. */
export const CONFIRMATION_DAYS = 7;
/** At most this many confirmation mails to one address per day, whoever asks: the sign-up form cannot be used to flood a stranger's inbox. */
export const CONFIRMATION_MAILS_PER_DAY = 3;

/** Whether another confirmation mail may go to this address now (the last ones are in `sent`). */
export function mayMailConfirmation(sent: readonly string[], now: Date): boolean {
  const dayAgo = now.getTime() - 24 * 3600_000;
  return sent.filter((at) => Date.parse(at) > dayAgo).length < CONFIRMATION_MAILS_PER_DAY;
}

/** Why an address is never mailed, as the suppression list records it. */
export type SuppressionReason = 'hard-bounce' | 'complaint' | 'unsubscribed';

export const SUPPRESSION_LABELS: Record<SuppressionReason, string> = {
  'hard-bounce': 'Adresse dauerhaft abgewiesen (harter Bounce)',
  complaint: 'Als Spam gemeldet',
  unsubscribed: 'Abgemeldet',
};

/** The one rule of who gets a mail sent to lists: on at least one of them, and neither waiting, unsubscribed nor suppressed. */
export function onLists(contact: Pick<Contact, 'status' | 'topics'>, lists: readonly ListId[], suppressed: boolean): boolean {
  if (contact.status !== 'active' || suppressed) return false;
  return lists.some((l) => l === LIST_ALL || contact.topics.includes(l as TopicId));
}

/**
 * The consent text shown on the public sign-up form. A new wording gets a new version: the
 * form sends the version it showed, and the contact keeps exactly that text.
 */
export const SIGNUP_CONSENT = {
  version: '2026-12-03',
  text:
    'Ich möchte die Pressemitteilungen des Landratsamts Ludwigsburg zum Integrationsmanagement zu den gewählten Themen per E-Mail erhalten. ' +
    'Dafür werden mein Name, meine E-Mail-Adresse, mein Medium und meine Themen gespeichert, bis ich mich abmelde. ' +
    'Ich kann diese Einwilligung jederzeit widerrufen: über den Abmeldelink in jeder E-Mail oder bei der Pressestelle.',
} as const;

const formText = z.optional(z.string());

/**
 * The public sign-up form as the browser posts it (application/x-www-form-urlencoded):
 * `thema` repeats once per ticked topic; `website` is a field people never see
 * (a filled one is a bot's, answered like any other and kept nowhere).
 */
export const SignupForm = z.object({
  name: formText,
  email: formText,
  medium: formText,
  thema: z.optional(z.union([z.string(), z.array(z.string())])),
  einwilligung: formText,
  einwilligungVersion: formText,
  website: formText,
});
export type SignupForm = z.infer<typeof SignupForm>;

/** What a mail program posts to unsubscribe with one click (RFC 8058); the POST alone unsubscribes, whatever it carries. */
export const OneClickForm = z.object({ 'List-Unsubscribe': z.optional(z.literal('One-Click')) });
/** The confirmation page's button posts nothing but itself. */
export const ConfirmForm = z.object({});

/** The topics form behind a mail's link (one `thema` per ticked topic). */
export const TopicsForm = z.object({ thema: z.optional(z.union([z.string(), z.array(z.string())])) });
export type TopicsForm = z.infer<typeof TopicsForm>;

/** The ticked topics of a form, refusing any the site does not offer. */
export function formTopics(value: string | string[] | undefined): { topics: TopicId[]; problems: string[] } {
  const raw = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const topics: TopicId[] = [];
  const problems: string[] = [];
  for (const v of raw) {
    const t = TopicId.safeParse(v);
    if (t.success) {
      if (!topics.includes(t.data)) topics.push(t.data);
    } else problems.push(`Unbekanntes Thema „${v}“.`);
  }
  return { topics, problems };
}

/** A valid sign-up, or the German problems with it. */
export function checkSignup(
  form: SignupForm,
): { ok: true; name: string; email: string; medium: string; topics: TopicId[] } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const name = ContactName.safeParse(form.name ?? '');
  if (!name.success) problems.push(name.error.issues[0]!.message);
  const email = ContactAddress.safeParse(form.email ?? '');
  if (!email.success) problems.push(email.error.issues[0]!.message);
  const medium = ContactMedium.safeParse(form.medium ?? '');
  if (!medium.success) problems.push(medium.error.issues[0]!.message);
  const { topics, problems: topicProblems } = formTopics(form.thema);
  problems.push(...topicProblems);
  if (form.einwilligung !== 'ja') problems.push('Bitte bestätigen Sie die Einwilligung, sonst dürfen wir Ihnen nichts schicken.');
  else if (form.einwilligungVersion !== SIGNUP_CONSENT.version)
    problems.push('Der Einwilligungstext hat sich inzwischen geändert. Bitte laden Sie die Seite neu und lesen Sie ihn noch einmal.');
  if (problems.length || !name.success || !email.success || !medium.success) return { ok: false, problems };
  return { ok: true, name: name.data, email: email.data, medium: medium.data, topics };
}
