import { type Actor, hasRole } from '@newsroom/domain/actor.ts';
import { type Contact, LISTS, type ListId, onLists } from '@newsroom/domain/distribution.ts';
import { refuse } from '@newsroom/domain/errors.ts';
import type { MailBlock } from '@newsroom/domain/mail.ts';
import { config } from '@newsroom/runtime/config.ts';
import { activeContacts, suppressionsOf } from '@newsroom/store/contacts.ts';
import type { Ports } from './ports.ts';

/**
 * Who a send to the press distribution reaches and what each copy carries to leave it
 * again: the part of the distribution the releases function needs, apart from the press
 * office's contact keeping and the public pages (distribution.ts), to keep its bundle small.
 */

const PRESS_ONLY = 'Den Presseverteiler führt die Pressestelle.';

export function pressOnly(actor: Actor) {
  if (!hasRole(actor, 'press')) refuse({ reason: 'forbidden', message: PRESS_ONLY });
}

export async function distributionLists(p: Ports, actor: Actor) {
  pressOnly(actor);
  const active = await activeContacts(p.db);
  const suppressed = await suppressionsOf(
    active.map((c) => c.email),
    p.db,
  );
  return { items: LISTS.map((l) => ({ ...l, recipients: active.filter((c) => onLists(c, [l.id], suppressed.has(c.email))).length })) };
}

/** Everything a mail to a contact links to: unsubscribing (RFC 8058 one-click) and the topics page. */
export interface ContactLinks {
  unsubscribe: string;
  topics: string;
  /** The mailto alternative of List-Unsubscribe: a mail to the press office naming the link's token. */
  mailto: string;
}

export const apiBase = () => (config().mail.apiUrl ?? '').replace(/\/$/, '');
const senderAddress = () => /<([^>]+)>/.exec(config().mail.from)?.[1] ?? config().mail.from;

export function contactLinks(c: Pick<Contact, 'id' | 'secrets'>): ContactLinks {
  const token = `${c.id}.${c.secrets.unsubscribe}`;
  return {
    unsubscribe: `${apiBase()}/abmelden/${token}`,
    topics: `${apiBase()}/verteiler/themen/${token}`,
    mailto: `mailto:${senderAddress()}?subject=${encodeURIComponent(`Abmelden ${token}`)}`,
  };
}

/**
 * The headers every mail to a contact carries: List-Unsubscribe with the HTTPS link and
 * the mailto alternative, and List-Unsubscribe-Post, so a mail program's „Abbestellen“ is
 * one POST without further questions (RFC 8058).
 */
export function listUnsubscribeHeaders(c: Pick<Contact, 'id' | 'secrets'>): Record<string, string> {
  const links = contactLinks(c);
  return { 'List-Unsubscribe': `<${links.unsubscribe}>, <${links.mailto}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** The footer of every mail to a contact: why they get it, the topics page, unsubscribing. */
export function contactFooter(c: Pick<Contact, 'id' | 'secrets'>): MailBlock[] {
  const links = contactLinks(c);
  return [
    { kind: 'paragraph', text: 'Sie erhalten diese E-Mail, weil Sie im Presseverteiler des Landratsamts Ludwigsburg zum Integrationsmanagement stehen.' },
    { kind: 'link', label: 'Themen auswählen', href: links.topics },
    { kind: 'link', label: 'Vom Presseverteiler abmelden', href: links.unsubscribe },
  ];
}

/** One recipient of a send: who, and the headers and footer their mail carries. */
export interface Recipient {
  contactId: string;
  name: string;
  email: string;
  headers: Record<string, string>;
  footer: MailBlock[];
}

/**
 * Who a mail to these lists goes to: each active contact on at least one of them once,
 * never one who unsubscribed, bounced hard or complained (the sender checks the
 * suppression list again right before each mail).
 */
export async function recipientsOf(p: Ports, lists: readonly ListId[]): Promise<Recipient[]> {
  const active = await activeContacts(p.db);
  const suppressed = await suppressionsOf(
    active.map((c) => c.email),
    p.db,
  );
  return active
    .filter((c) => onLists(c, lists, suppressed.has(c.email)))
    .map((c) => ({ contactId: c.id, name: c.name, email: c.email, headers: listUnsubscribeHeaders(c), footer: contactFooter(c) }));
}

/** The press distribution as sends read it (the `Distribution` of functions/operations/release-sends.ts, which imports this). */
export const pressDistribution = {
  lists: async (p: Ports, actor: Actor) => (await distributionLists(p, actor)).items.map((l) => ({ id: l.id, name: l.label, recipients: l.recipients })),
  recipients: async (p: Ports, listIds: readonly string[]) =>
    (await recipientsOf(p, listIds as ListId[])).map((r) => ({
      email: r.email,
      headers: r.headers,
      links: r.footer.flatMap((b) => (b.kind === 'link' ? [{ label: b.label, href: b.href }] : [])),
    })),
};
