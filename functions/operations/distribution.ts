import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '@newsroom/domain/actor.ts';
import type { ContactBody, ContactChangeBody, ContactImportPreview, ContactView } from '@newsroom/domain/api/distribution.ts';
import {
  CONFIRMATION_DAYS,
  CONTACT_SOURCE_LABELS,
  CONTACT_STATUS_LABELS,
  type Contact,
  type ContactAuditEntry,
  checkSignup,
  type ListId,
  mayMailConfirmation,
  onLists,
  SIGNUP_CONSENT,
  type SignupForm,
  SUPPRESSION_LABELS,
} from '@newsroom/domain/distribution.ts';
import { classifyImport, IMPORT_OUTCOME_LABELS, rowsFromRecords } from '@newsroom/domain/distribution-csv.ts';
import { ConflictError, NotFound, refuse } from '@newsroom/domain/errors.ts';
import { normalizeAddress, renderMail } from '@newsroom/domain/mail.ts';
import type { TopicId } from '@newsroom/domain/topics.ts';
import { allContacts, contactIdOf, deleteContact, getContact, putNewContact, suppressionsOf, updateContact } from '@newsroom/store/contacts.ts';
import { type Suppression, suppressAddress } from '@newsroom/store/mail.ts';
import {
  apiBase,
  contactFooter,
  contactLinks,
  distributionLists,
  listUnsubscribeHeaders,
  pressOnly,
  type Recipient,
  recipientsOf,
} from './distribution-recipients.ts';
import type { Ports } from './ports.ts';

/**
 * The press distribution (README „Presseverteiler“): the press office keeps contacts and
 * imports them; journalists sign up on the public press page with double opt-in, change
 * their topics and unsubscribe through the links in every mail.
 */

const entry = (p: Ports, by: { sub: string; name: string }, action: string): ContactAuditEntry => ({
  at: p.clock.now().toISOString(),
  by: by.sub,
  byName: by.name,
  action,
});
const BY_CONTACT = { sub: 'contact', name: 'Kontakt selbst (Link in der E-Mail)' };
const BY_SIGNUP = { sub: 'signup', name: 'Anmeldung auf der Presseseite' };

const secret = () => randomBytes(24).toString('base64url');
const digest = (s: string) => createHash('sha256').update(s).digest('hex');
const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function contactView(c: Contact, suppression?: Suppression): ContactView {
  const { secrets: _s, ...rest } = c;
  return {
    ...rest,
    statusLabel: CONTACT_STATUS_LABELS[c.status],
    sourceLabel: CONTACT_SOURCE_LABELS[c.source],
    ...(suppression ? { suppressed: { reason: suppression.reason, label: SUPPRESSION_LABELS[suppression.reason], at: suppression.at } } : {}),
    mailable: c.status === 'active' && !suppression,
  };
}

/** Every contact, or those a list reaches now; by name. */
export { apiBase, contactFooter, contactLinks, distributionLists, listUnsubscribeHeaders, pressOnly, type Recipient, recipientsOf };

export async function listContacts(p: Ports, actor: Actor, list?: ListId): Promise<ContactView[]> {
  pressOnly(actor);
  const contacts = await allContacts(p.db);
  const suppressed = await suppressionsOf(
    contacts.map((c) => c.email),
    p.db,
  );
  const views = contacts.map((c) => contactView(c, suppressed.get(c.email)));
  return list ? views.filter((v) => onLists(v, [list], Boolean(v.suppressed))) : views;
}

/** Each list with the number of contacts it reaches now. */

function newContact(p: Ports, body: ContactBody, source: Contact['source'], by: { sub: string; name: string }, action: string): Contact {
  const at = p.clock.now().toISOString();
  return {
    id: contactIdOf(body.email),
    name: body.name,
    email: normalizeAddress(body.email),
    medium: body.medium,
    topics: body.topics,
    status: 'active',
    source,
    createdAt: at,
    updatedAt: at,
    version: 1,
    audit: [entry(p, by, action)],
    secrets: { unsubscribe: secret() },
  };
}

async function refuseSuppressed(p: Ports, address: string) {
  const s = (await suppressionsOf([address], p.db)).get(normalizeAddress(address));
  if (s)
    refuse({
      reason: 'state',
      message: `Diese Adresse wird nicht mehr angeschrieben: ${SUPPRESSION_LABELS[s.reason]} am ${s.at.slice(0, 10)}. Sie kann nicht wieder aufgenommen werden.`,
    });
}

export async function addContact(p: Ports, actor: Actor, body: ContactBody): Promise<ContactView> {
  pressOnly(actor);
  await refuseSuppressed(p, body.email);
  const existing = await getContact(contactIdOf(body.email), p.db);
  if (existing) refuse({ reason: 'state', message: `Diese Adresse steht schon im Verteiler (${existing.name}, ${CONTACT_STATUS_LABELS[existing.status]}).` });
  return contactView(await putNewContact(newContact(p, body, 'press-office', actor, 'contact-created'), p.db));
}

async function pressContact(p: Ports, id: string) {
  const c = await getContact(id, p.db);
  if (!c) throw new NotFound('Diesen Kontakt gibt es nicht (mehr).');
  return c;
}

export async function changeContact(p: Ports, actor: Actor, id: string, body: ContactChangeBody): Promise<ContactView> {
  pressOnly(actor);
  const c = await pressContact(p, id);
  const { version, ...change } = body;
  const saved = await updateContact({ ...c, version }, { ...c, ...change }, entry(p, actor, 'contact-changed'), p.db);
  return contactView(saved, (await suppressionsOf([saved.email], p.db)).get(saved.email));
}

/** Deletes the contact and what it agreed to; an unsubscribed or bounced address stays on the suppression list. */
export async function removeContact(p: Ports, actor: Actor, id: string, version: number): Promise<void> {
  pressOnly(actor);
  await pressContact(p, id);
  await deleteContact(id, version, entry(p, actor, 'contact-deleted'), p.db);
}

/** What the file's records would do (`apply` false), or do (`apply` true): the same classification either way. */
export async function importContacts(p: Ports, actor: Actor, records: readonly (readonly string[])[], apply: boolean): Promise<ContactImportPreview> {
  pressOnly(actor);
  const parsed = rowsFromRecords(records);
  if (!parsed.ok) refuse({ reason: 'invalid', message: parsed.problem });
  const contacts = await allContacts(p.db);
  const existing = new Map(contacts.map((c) => [c.email, c]));
  const suppressed = await suppressionsOf(parsed.rows.map((r) => r.email).filter(Boolean), p.db);
  const rows = classifyImport(parsed.rows, existing, new Map([...suppressed].map(([a, s]) => [a, s.reason])));
  if (apply) {
    for (const row of rows) {
      const body = { name: row.name, email: row.email, medium: row.medium, topics: row.topics };
      if (row.outcome === 'new') await putNewContact(newContact(p, body, 'import', actor, 'contact-imported'), p.db);
      if (row.outcome === 'updated') {
        const c = existing.get(row.email)!;
        await updateContact(c, { ...c, name: row.name, medium: row.medium, topics: row.topics }, entry(p, actor, 'contact-import-updated'), p.db);
      }
    }
  }
  const count = (o: string) => rows.filter((r) => r.outcome === o).length;
  return {
    rows: rows.map((r) => ({ ...r, outcomeLabel: IMPORT_OUTCOME_LABELS[r.outcome] })),
    counts: { new: count('new'), updated: count('updated'), unchanged: count('unchanged'), refused: count('refused') },
    applied: apply,
  };
}

/* The public side: sign-up, confirmation, topics and unsubscribing, each through a link's token. */

export type SignupResult = { ok: true } | { ok: false; problems: string[] };

/**
 * A sign-up from the public press page. Whatever the address's state (new, waiting,
 * already in the list, unsubscribed, suppressed, or over its confirmation mails for the
 * day) the answer is the same, so the form tells nobody who is subscribed; only a new or
 * waiting address gets a confirmation mail, and only within the limit per address.
 */
export async function signUp(p: Ports, form: SignupForm): Promise<SignupResult> {
  const checked = checkSignup(form);
  if (!checked.ok) return checked;
  // A bot filled the field people never see.
  if (form.website) return { ok: true };
  const now = p.clock.now();
  const at = now.toISOString();
  const id = contactIdOf(checked.email);
  const existing = await getContact(id, p.db);
  if (existing && existing.status !== 'pending') return { ok: true };
  if ((await suppressionsOf([checked.email], p.db)).size) return { ok: true };
  const sent = existing?.secrets.confirmationMails ?? [];
  if (!mayMailConfirmation(sent, now)) return { ok: true };
  const confirmation = secret();
  const fields = {
    name: checked.name,
    medium: checked.medium,
    topics: checked.topics,
    consent: { text: SIGNUP_CONSENT.text, version: SIGNUP_CONSENT.version, signedUpAt: at },
    secrets: {
      unsubscribe: existing?.secrets.unsubscribe ?? secret(),
      confirmationHash: digest(confirmation),
      confirmationExpiresAt: new Date(now.getTime() + CONFIRMATION_DAYS * 24 * 3600_000).toISOString(),
      confirmationMails: [...sent.filter((s) => Date.parse(s) > now.getTime() - 24 * 3600_000), at],
    },
  };
  let contact: Contact;
  try {
    contact = existing
      ? await updateContact(existing, { ...existing, ...fields }, entry(p, BY_SIGNUP, 'contact-signup-repeated'), p.db)
      : await putNewContact(
          {
            ...newContact(p, { ...checked, email: checked.email }, 'signup', BY_SIGNUP, 'contact-signed-up'),
            ...fields,
            status: 'pending',
          },
          p.db,
        );
  } catch (err) {
    // Two sign-ups of one address at once: the other one mails.
    if (err instanceof ConflictError) return { ok: true };
    throw err;
  }
  await p.mail.enqueue([confirmationMail(contact, `${contact.id}.${confirmation}`, at)]);
  return { ok: true };
}

function confirmationMail(c: Contact, token: string, at: string) {
  const link = `${apiBase()}/verteiler/bestaetigen/${token}`;
  return {
    key: `optin:${c.id}:${at}`,
    to: c.email,
    ...renderMail({
      subject: 'Bitte bestätigen Sie Ihre Anmeldung zum Presseverteiler',
      preheader: 'Ein Klick, dann erhalten Sie unsere Pressemitteilungen.',
      heading: 'Anmeldung zum Presseverteiler bestätigen',
      blocks: [
        { kind: 'paragraph', text: `Guten Tag ${c.name},` },
        {
          kind: 'paragraph',
          text: 'jemand hat diese Adresse für die Pressemitteilungen des Landratsamts Ludwigsburg zum Integrationsmanagement angemeldet. Wenn Sie das waren, bestätigen Sie bitte die Anmeldung:',
        },
        { kind: 'link', label: 'Anmeldung bestätigen', href: link },
        {
          kind: 'paragraph',
          text: `Der Link gilt ${CONFIRMATION_DAYS} Tage. Wenn Sie sich nicht angemeldet haben, müssen Sie nichts tun: Ohne Bestätigung erhalten Sie keine Pressemitteilungen.`,
        },
      ],
      footer: [{ kind: 'paragraph', text: 'Diese E-Mail wurde über das Anmeldeformular auf der Presseseite angefordert.' }],
    }),
  };
}

/** The contact a link's token names, if the token is its own (`kind`: which secret). */
async function contactOfToken(p: Ports, token: string, kind: 'confirmation' | 'unsubscribe'): Promise<Contact | undefined> {
  const [id, s] = token.split('.');
  if (!id || !s) return undefined;
  const c = await getContact(id, p.db);
  if (!c) return undefined;
  if (kind === 'unsubscribe') return sameSecret(c.secrets.unsubscribe, s) ? c : undefined;
  return c.secrets.confirmationHash && sameSecret(c.secrets.confirmationHash, digest(s)) ? c : undefined;
}

export type ConfirmationState = 'waiting' | 'confirmed' | 'expired' | 'invalid';

/** What a confirmation link would do, without doing it (the page with the button). */
export async function confirmationState(p: Ports, token: string): Promise<ConfirmationState> {
  const c = await contactOfToken(p, token, 'confirmation');
  if (!c || c.status === 'unsubscribed') return 'invalid';
  if (c.status === 'active') return 'confirmed';
  return Date.parse(c.secrets.confirmationExpiresAt ?? '') < p.clock.now().getTime() ? 'expired' : 'waiting';
}

/** The second step of the double opt-in: from now on the contact is on its lists, and the time of confirmation is kept with the consent. */
export async function confirmSignup(p: Ports, token: string): Promise<ConfirmationState> {
  const state = await confirmationState(p, token);
  if (state !== 'waiting') return state;
  const c = (await contactOfToken(p, token, 'confirmation'))!;
  const at = p.clock.now().toISOString();
  const { confirmationExpiresAt: _e, confirmationMails: _m, ...secrets } = c.secrets;
  await updateContact(c, { ...c, status: 'active', consent: { ...c.consent!, confirmedAt: at }, secrets }, entry(p, BY_SIGNUP, 'contact-confirmed'), p.db);
  return 'confirmed';
}

/** The contact behind an unsubscribe or topics link, for its page; undefined for a link that is not (or no longer) valid. */
export async function contactOfLink(p: Ports, token: string): Promise<Contact | undefined> {
  return contactOfToken(p, token, 'unsubscribe');
}

/**
 * Unsubscribes for good: the contact leaves every list and the address goes on the
 * suppression list, so no mail reaches it again. Unsubscribing twice is the same.
 * False for a link that names no contact.
 */
export async function unsubscribe(p: Ports, token: string): Promise<boolean> {
  const c = await contactOfToken(p, token, 'unsubscribe');
  if (!c) return false;
  const at = p.clock.now().toISOString();
  await suppressAddress({ address: c.email, reason: 'unsubscribed', at }, p.db);
  if (c.status !== 'unsubscribed')
    await updateContact(c, { ...c, status: 'unsubscribed', unsubscribedAt: at }, entry(p, BY_CONTACT, 'contact-unsubscribed'), p.db);
  return true;
}

/** The contact's own choice of topics (through the link in a mail). */
export async function changeOwnTopics(p: Ports, token: string, topics: TopicId[]): Promise<Contact | undefined> {
  const c = await contactOfToken(p, token, 'unsubscribe');
  if (c?.status !== 'active') return undefined;
  return updateContact(c, { ...c, topics }, entry(p, BY_CONTACT, 'contact-topics-changed'), p.db);
}
