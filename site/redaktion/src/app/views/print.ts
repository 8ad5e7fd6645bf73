import type { Context } from '../context.ts';
import { h } from '../dom.ts';
import '../../styles/print.css';

type Child = Node | string | false | undefined | null;

/** A marked gap on a printed form: filled in by hand (or before printing), never guessed by the system. */
export const placeholder = (what: string) => h('span', { class: 'placeholder' }, `[${what}]`);

/** A line to write on, with what belongs there underneath. */
export const writeLine = (caption: string) =>
  h('div', { class: 'write-line' }, h('span', { class: 'line', 'aria-hidden': 'true' }), h('span', { class: 'caption' }, caption));

/** „Ort, Datum“ and the signature of one person, side by side. */
export const signatureBlock = (who: string) => h('div', { class: 'signature' }, writeLine('Ort, Datum'), writeLine(`Unterschrift: ${who}`));

/**
 * The two contacts every printed document names: the partner's integration management
 * and the Landratsamt's data-protection officer. Names and numbers are placeholders:
 * they differ per office and are filled in there, never invented here.
 */
export function contactsBlock(ctx: Context, partner: string): HTMLElement {
  return h(
    'div',
    { class: 'contacts-print' },
    h(
      'div',
      { class: 'contact-card' },
      h('p', { class: 'strong' }, `Integrationsmanagement – ${ctx.labels.partnerName(partner)}`),
      h('p', {}, 'Ihre Ansprechperson: ', placeholder('Name eintragen')),
      h('p', {}, 'Telefon: ', placeholder('Telefon eintragen')),
      h('p', {}, 'E-Mail: ', placeholder('E-Mail eintragen')),
    ),
    h(
      'div',
      { class: 'contact-card' },
      h('p', { class: 'strong' }, 'Datenschutzbeauftragte/r des Landratsamts Ludwigsburg'),
      h('p', {}, 'Anschrift: ', placeholder('Anschrift eintragen')),
      h('p', {}, 'Telefon: ', placeholder('Telefon eintragen')),
      h('p', {}, 'E-Mail: ', placeholder('E-Mail eintragen')),
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
