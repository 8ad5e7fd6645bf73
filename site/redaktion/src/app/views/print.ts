import { addressLine, missingSettingsMessage, type OrganisationSettings } from '@newsroom/domain/organisation.ts';
import type { PartnerId } from '@newsroom/domain/partners.ts';
import type { Context } from '../context.ts';
import { h } from '../dom.ts';
import { organisationApi } from '../organisation-api.ts';
import '../../styles/print.css';

type Child = Node | string | false | undefined | null;

/** A line to fill in by hand inside a sentence (the file reference, a date left open): named for screen readers, a blank on paper. */
export const blank = (what: string) => h('span', { class: 'blank' }, h('span', { class: 'visually-hidden' }, `${what}, von Hand einzutragen`));

/** A line to write on, with what belongs there underneath. */
export const writeLine = (caption: string) =>
  h('div', { class: 'write-line' }, h('span', { class: 'line', 'aria-hidden': 'true' }), h('span', { class: 'caption' }, caption));

/** „Ort, Datum“ and the signature of one person, side by side; a translated form passes its own words. */
export const signatureBlock = (who: string, words = { placeDate: 'Ort, Datum', signatureOf: (w: string) => `Unterschrift: ${w}` }) =>
  h('div', { class: 'signature' }, writeLine(words.placeDate), writeLine(words.signatureOf(who)));

/** The words of the contacts block; a translated form passes its own. */
export interface ContactWords {
  programme: string;
  yourContact: string;
  phone: string;
  email: string;
  address: string;
  dpo: string;
}
const GERMAN_CONTACT_WORDS: ContactWords = {
  programme: 'Integrationsmanagement',
  yourContact: 'Ihre Ansprechperson',
  phone: 'Telefon',
  email: 'E-Mail',
  address: 'Anschrift',
  dpo: 'Datenschutzbeauftragte/r',
};

/**
 * The organisation settings a printed document of `partner` needs, or the German refusal
 * naming what is missing: no form or confirmation is printed with a gap where a contact belongs.
 */
export async function printSettings(ctx: Context, partner: PartnerId): Promise<{ settings: OrganisationSettings } | { refusal: string }> {
  const settings = await organisationApi(ctx.api).read();
  const refusal = missingSettingsMessage(settings, 'consent-form', partner);
  return refusal ? { refusal } : { settings };
}

/** The two contacts every printed document names: the partner's contact person and the data-protection officer, from the settings. */
export function contactsBlock(ctx: Context, partner: PartnerId, settings: OrganisationSettings, w: ContactWords = GERMAN_CONTACT_WORDS): HTMLElement {
  const contact = settings.partnerContacts[partner]!;
  const dpo = settings.dataProtectionOfficer;
  return h(
    'div',
    { class: 'contacts-print' },
    h(
      'div',
      { class: 'contact-card' },
      h('p', { class: 'strong' }, `${w.programme} – ${ctx.labels.partnerName(partner)}`),
      h('p', {}, `${w.yourContact}: ${contact.name}`),
      h('p', {}, `${w.phone}: ${contact.phone}`),
      h('p', {}, `${w.email}: ${contact.email}`),
    ),
    h(
      'div',
      { class: 'contact-card' },
      h('p', { class: 'strong' }, `${w.dpo}: ${dpo.name}`),
      h('p', {}, `${w.address}: ${addressLine(dpo)}`),
      h('p', {}, `${w.phone}: ${dpo.phone}`),
      h('p', {}, `${w.email}: ${dpo.email}`),
    ),
  );
}

/**
 * A printable document inside the editor: on screen a sheet with the print button and
 * a way back above it; in print (A4, see print.css) only the sheet. `footer` is repeated
 * at the foot of every printed page.
 */
export function printSheet(
  opts: { back: { href: string; label: string }; intro: Child[]; footer: string; controls?: Child[]; className?: string },
  ...content: Child[]
): HTMLElement[] {
  const print = h('button', { type: 'button', onclick: () => window.print() }, 'Drucken');
  return [
    h(
      'div',
      { class: 'no-print print-tools' },
      ...opts.intro,
      ...(opts.controls ?? []),
      h('p', { class: 'button-row' }, print, h('a', { href: opts.back.href, class: 'button secondary' }, opts.back.label)),
    ),
    h(
      'article',
      { class: `print-sheet ${opts.className ?? ''}`.trim() },
      ...content.filter((c): c is Node | string => c !== undefined && c !== false && c !== null),
      h('p', { class: 'print-footer' }, opts.footer),
    ),
  ];
}
