import { partnerShort } from '@newsroom/domain/partners.ts';
import { countyToday } from '@newsroom/domain/statistics.ts';
import type { Context } from '../context.ts';
import { h } from '../dom.ts';
import type { CountyDay, PartnerDay, ReportingDateView, StatisticsApi, SubmissionView } from './api.ts';
import {
  dayHref,
  dayTitle,
  fmtCount,
  germanDay,
  isCounty,
  isPartnerStaff,
  isPress,
  newSubmissionHref,
  section,
  snapshotBadge,
  statHref,
  submissionBadge,
  submissionHref,
  time,
} from './common.ts';
import { newDayForm, partnerDayTable } from './day.ts';

/** How many reporting dates the partner overview shows in full. */
const RECENT = 3;

function submissionList(items: SubmissionView[], empty: string): HTMLElement {
  if (!items.length) return h('p', { class: 'empty' }, empty);
  return h(
    'ul',
    { class: 'cards' },
    items.map((s) =>
      h(
        'li',
        { class: 'card' },
        h('h3', {}, h('a', { href: submissionHref(s.id) }, `${s.municipality}, Stichtag ${germanDay(s.date)}`)),
        h(
          'dl',
          { class: 'facts' },
          h('div', {}, h('dt', {}, 'Träger'), h('dd', {}, partnerShort(s.partner))),
          h('div', {}, h('dt', {}, 'Status'), h('dd', {}, submissionBadge(s.status))),
          h('div', {}, h('dt', {}, 'Klient:innen'), h('dd', {}, fmtCount(s.counts.clients))),
          h('div', {}, h('dt', {}, 'Zuletzt geändert'), h('dd', {}, time(s.updatedAt))),
        ),
        s.returnComment && h('div', { class: 'return-comment' }, h('p', {}, s.returnComment)),
        s.correctionReason && h('p', { class: 'hint' }, `Korrektur: ${s.correctionReason}`),
      ),
    ),
  );
}

const queue = (title: string, note: string, content: HTMLElement) =>
  h('section', { class: 'group queue', 'aria-label': title }, h('h2', {}, title), h('p', { class: 'hint' }, note), content);

async function partnerOverview(ctx: Context, sapi: StatisticsApi, snapshots: ReportingDateView[]) {
  const today = countyToday(new Date());
  const reportable = snapshots.filter((s) => s.origin === 'submissions' && s.date <= today);
  const upcoming = snapshots.filter((s) => s.origin === 'submissions' && s.date > today);
  const days = await Promise.all(reportable.slice(0, RECENT).map((s) => sapi.day<PartnerDay>(s.date)));
  const own = days.flatMap((d) => d.submissions);
  const isLead = ctx.me.roles.includes('partner-lead');
  const toApprove = own.filter((s) => s.actions.includes('approve'));
  const returned = own.filter((s) => s.status === 'returned');
  return [
    isPartnerStaff(ctx) && h('p', { class: 'page-actions' }, h('a', { href: newSubmissionHref(), class: 'button' }, 'Neue Meldung')),
    isLead &&
      queue(
        'Wartet auf Ihre Freigabe',
        'Meldungen Ihres Trägers, die Sie prüfen und freigeben oder zurückgeben können.',
        submissionList(toApprove, 'Zurzeit wartet keine Meldung auf Ihre Freigabe.'),
      ),
    returned.length > 0 && section('Zurückgegeben', h('p', { class: 'hint' }, 'Bitte prüfen und erneut einreichen.'), submissionList(returned, '')),
    upcoming.length > 0 &&
      h(
        'p',
        { class: 'hint' },
        `Nächster Stichtag: ${upcoming
          .map((s) => germanDay(s.date))
          .reverse()
          .join(', ')}. Melden ist ab diesem Tag möglich.`,
      ),
    !reportable.length && h('p', { class: 'empty' }, 'Die Pressestelle hat noch keinen Stichtag angelegt, zu dem gemeldet werden kann.'),
    ...days.map((day) =>
      section(
        dayTitle(day.snapshot),
        h('p', {}, snapshotBadge(day.snapshot)),
        day.submissions.length + day.missing.length === 0
          ? h('p', { class: 'empty' }, 'Ihrem Träger sind keine Städte und Gemeinden zugeordnet. Bitte wenden Sie sich an die Administration.')
          : partnerDayTable(day),
      ),
    ),
    reportable.length > RECENT &&
      section(
        'Frühere Stichtage',
        h(
          'ul',
          {},
          reportable.slice(RECENT).map((s) => h('li', {}, h('a', { href: dayHref(s.date) }, dayTitle(s)))),
        ),
      ),
  ];
}

async function countyOverview(ctx: Context, sapi: StatisticsApi, snapshots: ReportingDateView[]) {
  const [waiting, ...days] = await Promise.all([
    sapi.submissions({ status: 'approved' }),
    ...snapshots.filter((s) => s.origin === 'submissions').map((s) => sapi.day<CountyDay>(s.date)),
  ]);
  const byDate = new Map(days.map((d) => [d.snapshot.date, d]));
  const rows = snapshots.map((s) => {
    const c = byDate.get(s.date)?.aggregate.completeness;
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, h('a', { href: dayHref(s.date) }, dayTitle(s))),
      h('td', {}, snapshotBadge(s)),
      h('td', {}, s.origin === 'submissions' ? (c ? `${c.received} von ${c.expected} angenommen` : '—') : 'aus einer Pressemitteilung'),
      // A day, not a time: the 2021 figures carry only their press release's date.
      h('td', {}, s.publication ? germanDay(s.publication.firstPublishedAt.slice(0, 10)) : '—'),
    );
  });
  return [
    isPress(ctx) &&
      queue(
        'Wartet auf Annahme durch die Pressestelle',
        'Von der Partnerleitung freigegebene Meldungen. Mit der Annahme zählen ihre Zahlen für den Landkreis.',
        submissionList(waiting.items, 'Zurzeit wartet keine Meldung auf die Pressestelle.'),
      ),
    section(
      'Stichtage',
      h(
        'div',
        { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': 'Stichtage' },
        h(
          'table',
          { class: 'stat-list' },
          h('caption', { class: 'visually-hidden' }, 'Alle Stichtage'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Stichtag'),
              h('th', { scope: 'col' }, 'Status'),
              h('th', { scope: 'col' }, 'Meldungen'),
              h('th', { scope: 'col' }, 'Veröffentlicht am'),
            ),
          ),
          h('tbody', {}, rows),
        ),
      ),
      isPress(ctx) && newDayForm(ctx, sapi),
    ),
    section(
      'Zuordnung und Datenschutz',
      h(
        'p',
        {},
        h(
          'a',
          { href: statHref('/zuordnung') },
          ctx.me.roles.includes('admin') ? 'Zuordnung der Städte und Gemeinden und Mindestfallzahl bearbeiten' : 'Zuordnung der Städte und Gemeinden ansehen',
        ),
      ),
    ),
  ];
}

export async function statisticsOverview(ctx: Context, sapi: StatisticsApi): Promise<void> {
  const snapshots = (await sapi.snapshots()).items;
  const content = isCounty(ctx) ? await countyOverview(ctx, sapi, snapshots) : await partnerOverview(ctx, sapi, snapshots);
  ctx.show(
    'Statistik',
    h(
      'p',
      { class: 'lead' },
      isCounty(ctx)
        ? 'Meldungen der Träger annehmen, den Stand je Stichtag prüfen und die Zahlen des Landkreises veröffentlichen.'
        : 'Die Zahlen Ihres Trägers je Stadt oder Gemeinde und Stichtag: erfassen, einreichen, freigeben.',
    ),
    ...content.filter((c): c is HTMLElement => Boolean(c)),
  );
}
