import { type ConsentRecord, label, latestConsents, WITHDRAWAL_CHANNELS } from '@newsroom/domain/consent.ts';
import type { ReportEntry } from '@newsroom/domain/withdrawal-report.ts';
import type { StoryView, WithdrawalReport } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDateTime, formatDay, h, nextId, time } from '../dom.ts';
import { href } from '../router.ts';
import { contactsBlock, printSettings, printSheet, signatureBlock } from './print.ts';

const address = (ctx: Context, url: string | undefined) => (url ? (url.startsWith('/') ? `${ctx.config.publicSiteUrl}${url}` : url) : undefined);

function period(e: ReportEntry): Node | undefined {
  if (!e.from) return undefined;
  return h('span', {}, 'öffentlich vom ', time(e.from), e.until ? [' bis ', time(e.until)] : '');
}

function entry(ctx: Context, e: ReportEntry): HTMLElement {
  const url = address(ctx, e.url);
  return h(
    'li',
    {},
    h('p', {}, h('strong', {}, e.where), period(e) && [' · ', period(e)!]),
    url && h('p', { class: 'hint' }, 'Adresse: ', h('code', {}, url)),
    h('p', {}, e.note),
  );
}

/** Who withdrew: the person whose latest consent carries the withdrawal. */
export const withdrawnConsent = (story: StoryView): ConsentRecord | undefined => [...latestConsents(story.consents).values()].find((c) => c.withdrawal);

/**
 * The withdrawal report on the story page: everywhere the story went, what the system
 * took back itself, and what the partner must still act on (print, social media,
 * copies sent to journalists). Kept with the withdrawal; the press office sees it too.
 */
export function withdrawalReportSection(ctx: Context, story: StoryView, reports: WithdrawalReport[]): HTMLElement | undefined {
  if (reports.length === 0) return undefined;
  const report = [...reports].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!;
  const headingId = nextId('report');
  const recalled = report.entries.filter((e) => e.recalled);
  const todo = report.entries.filter((e) => !e.recalled);
  const consent = withdrawnConsent(story);
  const mayPrint = consent !== undefined && ctx.me.partner === story.partner;
  return h(
    'section',
    { class: 'consents withdrawal-report', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Widerruf: Wo die Geschichte war'),
    h(
      'p',
      {},
      'Bericht vom ',
      time(report.createdAt),
      '. Er listet jeden Ort, an dem die Geschichte öffentlich war, und was seit dem Widerruf damit geschehen ist.',
    ),
    todo.length > 0 &&
      h(
        'div',
        { class: 'warning' },
        h('h3', {}, `Bitte selbst erledigen (${todo.length})`),
        h('p', {}, 'Diese Stellen kann das System nicht zurückholen. Bitte kümmern Sie sich darum und halten Sie fest, was Sie getan haben.'),
        h(
          'ul',
          { class: 'todo-list' },
          todo.map((e) => entry(ctx, e)),
        ),
      ),
    h(
      'div',
      { class: 'person-consent' },
      h('h3', {}, `Vom System zurückgenommen (${recalled.length})`),
      recalled.length
        ? h(
            'ul',
            { class: 'recalled-list' },
            recalled.map((e) => entry(ctx, e)),
          )
        : h('p', {}, 'Nichts: Die Geschichte war nirgends öffentlich.'),
    ),
    mayPrint &&
      h(
        'p',
        { class: 'button-row' },
        h(
          'a',
          { class: 'button secondary', href: href({ name: 'withdrawal-confirmation', id: story.id, person: consent!.personId }) },
          `Bestätigung für Person ${consent!.personId} drucken`,
        ),
      ),
  );
}

/**
 * A printable German confirmation for the client that the withdrawal was carried out:
 * no names (the person by letter and role), the dates, what was removed, what cannot be
 * recalled, and whom to contact.
 */
export async function withdrawalConfirmation(ctx: Context, id: string, personId: string): Promise<void> {
  const [story, { items }] = await Promise.all([ctx.api.getStory(id), ctx.api.withdrawalReports(id)]);
  const back = { href: href({ name: 'story', id }), label: 'Zurück zur Geschichte' };
  const title = 'Bestätigung: Ihr Widerruf ist umgesetzt';
  const consent = latestConsents(story.consents).get(personId);
  const person = story.persons.find((p) => p.id === personId);
  const report = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!consent?.withdrawal || !person || !report) {
    return ctx.show(title, h('p', {}, `Für Person ${personId} ist kein umgesetzter Widerruf erfasst.`), h('p', {}, h('a', { href: back.href }, back.label)));
  }
  const printable = await printSettings(ctx, story.partner);
  if ('refusal' in printable)
    return ctx.show(title, h('p', { class: 'warning', role: 'alert' }, printable.refusal), h('p', {}, h('a', { href: back.href }, back.label)));
  const recalled = report.entries.filter((e) => e.recalled && e.from);
  const notRecalled = report.entries.filter((e) => !e.recalled);
  const partnerName = ctx.labels.partnerName(story.partner);

  ctx.show(
    title,
    ...printSheet(
      {
        back,
        intro: [
          h('p', { class: 'lead' }, `„${story.title}“ · Person ${personId}: ${person.role}`),
          h('p', {}, 'Diese Bestätigung ist für die Person, die widerrufen hat. Sie nennt keine Namen.'),
        ],
        footer: `Bestätigung des Widerrufs · ${ctx.labels.partnerShort(story.partner)} · Geschichte ${story.id} · Person ${personId}`,
      },
      h('div', { class: 'letterhead' }, h('p', { class: 'org' }, partnerName), h('p', {}, 'Integrationsmanagement im Landkreis Ludwigsburg')),
      h('p', { class: 'doc-title' }, title),
      h(
        'dl',
        { class: 'doc-facts' },
        h('dt', {}, 'Für'),
        h('dd', {}, `Person ${personId} (${person.role}) aus der Geschichte „${story.title}“`),
        h('dt', {}, 'Widerruf erhalten'),
        h('dd', {}, `am ${formatDay(consent.withdrawal.date)}, ${label(WITHDRAWAL_CHANNELS, consent.withdrawal.receivedVia)}`),
        h('dt', {}, 'Umgesetzt'),
        h('dd', {}, `am ${formatDateTime(report.createdAt)}`),
        h('dt', {}, 'Aktenzeichen'),
        h('dd', {}, consent.formReference),
      ),
      h('p', {}, 'Sie haben Ihre Einwilligung widerrufen. Wir haben das umgesetzt: Ihre Geschichte wird nicht mehr veröffentlicht.'),
      h('h2', {}, 'Das haben wir entfernt'),
      recalled.length
        ? h(
            'ul',
            {},
            recalled.map((e) => h('li', {}, `${e.where}: ${e.until ? `seit ${formatDateTime(e.until)} nicht mehr zu sehen` : 'entfernt'}.`)),
          )
        : h('p', {}, 'Die Geschichte war noch nirgends veröffentlicht. Sie wird jetzt auch nicht mehr veröffentlicht.'),
      notRecalled.length > 0 &&
        h(
          'div',
          { class: 'keep' },
          h('h2', {}, 'Was niemand ganz zurückholen kann'),
          h(
            'p',
            {},
            'Was schon gedruckt, verschickt oder von anderen gespeichert wurde, können wir nicht zurückholen. Wir verbreiten nichts mehr davon und bitten andere, ihre Kopien zu löschen:',
          ),
          h(
            'ul',
            {},
            notRecalled.map((e) => h('li', {}, e.where)),
          ),
        ),
      h('h2', {}, 'Ihre Beratung geht weiter'),
      h('p', {}, 'Der Widerruf hat keinen Einfluss auf Ihre Beratung. Sie werden genauso weiter beraten wie bisher.'),
      h('h2', {}, 'Fragen?'),
      h('p', {}, 'Wenn Sie Fragen haben oder Auskunft über Ihre gespeicherten Daten möchten, wenden Sie sich an:'),
      contactsBlock(ctx, story.partner, printable.settings),
      h('div', { class: 'keep' }, h('h2', {}, 'Bestätigt'), signatureBlock('Integrationsmanagement')),
    ),
  );
}
