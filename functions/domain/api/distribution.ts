import * as z from 'zod/mini';
import {
  ContactAddress,
  ContactAuditEntry,
  ContactConsent,
  ContactMedium,
  ContactName,
  ContactSource,
  ContactStatus,
  ContactTopics,
  ListId,
} from '../distribution.ts';
import { ImportOutcome } from '../distribution-csv.ts';
import { TopicId } from '../topics.ts';
import { conflictWith, Version } from './common.ts';

/** The press distribution's requests and answers (functions/http/routes/users.ts names them per route). */

/** A contact as the press office sees it: never the secrets of its links. */
export const ContactView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  medium: z.string(),
  topics: z.array(TopicId),
  status: ContactStatus,
  statusLabel: z.string(),
  source: ContactSource,
  sourceLabel: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  consent: z.optional(ContactConsent),
  unsubscribedAt: z.optional(z.string()),
  /** Set when the address is on the suppression list: never mailed, whatever the lists say. */
  suppressed: z.optional(z.object({ reason: z.string(), label: z.string(), at: z.string() })),
  /** On the lists it belongs to: active and not suppressed. */
  mailable: z.boolean(),
  audit: z.array(ContactAuditEntry),
});
export type ContactView = z.infer<typeof ContactView>;
export const ContactConflict = conflictWith(ContactView);

export const ContactListQuery = z.object({ list: z.optional(ListId) });
export const ContactList = z.object({ items: z.array(ContactView) });
export type ContactList = z.infer<typeof ContactList>;

export const ContactBody = z.object({ name: ContactName, email: ContactAddress, medium: ContactMedium, topics: ContactTopics });
export type ContactBody = z.infer<typeof ContactBody>;
/** The address cannot change: the consent and the suppression list belong to it. A new address is a new contact. */
export const ContactChangeBody = z.object({ version: Version, name: ContactName, medium: ContactMedium, topics: ContactTopics });
export type ContactChangeBody = z.infer<typeof ContactChangeBody>;
export const ContactDeleteQuery = z.object({ version: z.coerce.number().check(z.int(), z.positive()) });

/** Each list with how many contacts it reaches now. */
export const DistributionLists = z.object({ items: z.array(z.object({ id: ListId, label: z.string(), recipients: z.number() })) });
export type DistributionLists = z.infer<typeof DistributionLists>;

/** The file's records as the editor read them with csv-parse (functions/domain/distribution-csv-read.ts), the header first. */
export const ContactImportBody = z.object({
  records: z
    .array(z.array(z.string().check(z.maxLength(1000, 'Eine Zelle ist zu lang (höchstens 1000 Zeichen).'))).check(z.maxLength(50, 'Zu viele Spalten.')), {
      error: 'Bitte wählen Sie eine CSV-Datei.',
    })
    .check(z.minLength(1, 'Die Datei ist leer.'), z.maxLength(20_000, 'Die Datei hat zu viele Zeilen.')),
});
export const ContactImportRow = z.object({
  line: z.number(),
  name: z.string(),
  email: z.string(),
  medium: z.string(),
  topics: z.array(TopicId),
  outcome: ImportOutcome,
  outcomeLabel: z.string(),
  reasons: z.array(z.string()),
});
export const ContactImportPreview = z.object({
  rows: z.array(ContactImportRow),
  counts: z.object({ new: z.number(), updated: z.number(), unchanged: z.number(), refused: z.number() }),
  /** Whether the rows were taken over (the import) or only shown (the preview). */
  applied: z.boolean(),
});
export type ContactImportPreview = z.infer<typeof ContactImportPreview>;

/** A public page's answer for a client that asks for JSON instead of the page. */
export const PublicNotice = z.object({ title: z.string(), message: z.string() });
export type PublicNotice = z.infer<typeof PublicNotice>;
/** The link's secret: `<contact id>.<secret>`. */
export const LinkToken = z.object({ token: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}\.[A-Za-z0-9_-]{20,100}$/, 'Dieser Link ist ungültig.')) });
