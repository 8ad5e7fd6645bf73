import { germanDateTime } from '@newsroom/domain/berlin-time.ts';
import { canCreate } from '@newsroom/domain/workflow.ts';
import type { Context } from '../context.ts';
import { h, nextId, time } from '../dom.ts';
import { type ReleaseStatus, type ReleaseView, releasesApi } from './api.ts';
import { allPages, berlinDayHeading, berlinTime, isCounty, newReleaseHref, releaseBadge, releaseHref } from './common.ts';
import { noticesSection } from './notices.ts';

interface Group {
  title: string;
  note?: string;
  items: ReleaseView[];
  /** A work queue: highlighted and shown even when empty. */
  queue?: boolean;
  empty?: string;
  /** The Sperrfrist calendar: by day, sorted by embargo. */
  calendar?: boolean;
}

function card(ctx: Context, r: ReleaseView): HTMLElement {
  const fact = (term: string, value: Node | string) => h('div', {}, h('dt', {}, term), h('dd', {}, value));
  return h(
    'li',
    { class: 'card' },
    h('h3', {}, h('a', { href: releaseHref(r.id) }, r.headline)),
    h(
      'dl',
      { class: 'facts' },
      fact('Träger', ctx.labels.partnerShort(r.partner)),
      fact('Status', releaseBadge(r.status)),
      r.embargoAt ? fact('Sperrfrist', berlinTime(r.embargoAt)) : undefined,
      r.publishedAt && r.status !== 'scheduled' ? fact('Veröffentlicht', berlinTime(r.publishedAt)) : undefined,
      fact('Zuletzt geändert', time(r.updatedAt)),
      fact('Von', r.authorName),
    ),
    r.status === 'returned' &&
      r.returnComment &&
      h('div', { class: 'return-comment' }, h('p', { class: 'return-by' }, 'Rückmeldung der Pressestelle:'), h('p', {}, r.returnComment)),
  );
}

/** Scheduled releases as a calendar: a heading per day, then each embargo time with its release. */
function calendar(ctx: Context, items: ReleaseView[]): HTMLElement {
  const sorted = [...items].sort((a, b) => (a.embargoAt ?? '').localeCompare(b.embargoAt ?? ''));
  const days = new Map<string, ReleaseView[]>();
  for (const r of sorted) {
    const day = r.embargoAt ? berlinDayHeading(r.embargoAt) : 'Ohne Sperrfrist';
    days.set(day, [...(days.get(day) ?? []), r]);
  }
  return h(
    'div',
    { class: 'embargo-calendar' },
    [...days].map(([day, rs]) =>
      h(
        'div',
        { class: 'calendar-day' },
        h('h3', {}, day),
        h(
          'ul',
          { class: 'cards' },
          rs.map((r) =>
            h(
              'li',
              { class: 'card calendar-entry' },
              // The day is the heading; the entry shows the time, with the full date for machines and on hover.
              h(
                'p',
                { class: 'calendar-time' },
                r.embargoAt
                  ? h('time', { datetime: r.embargoAt, title: germanDateTime(new Date(r.embargoAt)) }, germanDateTime(new Date(r.embargoAt)).slice(12))
                  : 'keine Sperrfrist',
              ),
              h('p', { class: 'calendar-title' }, h('a', { href: releaseHref(r.id) }, r.headline), ` · ${ctx.labels.partnerShort(r.partner)}`),
              r.takedownAt && h('p', { class: 'hint' }, 'Ende der Veröffentlichung: ', berlinTime(r.takedownAt)),
            ),
          ),
        ),
      ),
    ),
  );
}

function section(ctx: Context, g: Group): HTMLElement | undefined {
  if (!g.items.length && !g.queue && !g.empty) return undefined;
  const id = nextId('group');
  return h(
    'section',
    { class: g.queue ? 'group queue' : 'group', 'aria-labelledby': id },
    h('h2', { id }, g.title, ' ', h('span', { class: 'count' }, `(${g.items.length})`)),
    g.note && h('p', { class: 'hint' }, g.note),
    !g.items.length
      ? h('p', { class: 'empty' }, g.empty ?? 'Keine Pressemitteilungen.')
      : g.calendar
        ? calendar(ctx, g.items)
        : h(
            'ul',
            { class: 'cards' },
            g.items.map((r) => card(ctx, r)),
          ),
  );
}

const inStatus = (items: ReleaseView[], ...s: ReleaseStatus[]) => items.filter((r) => s.includes(r.status));

/** The press office: the queues across all partners, then its own drafts. */
async function pressGroups(ctx: Context): Promise<Group[]> {
  const rapi = releasesApi(ctx.api);
  const byStatus = (status: ReleaseStatus) => allPages((cursor) => rapi.list({ status, cursor, limit: 100 }), 3);
  const [proposed, approved, scheduled, published, unpublished, own] = await Promise.all([
    byStatus('proposed'),
    byStatus('approved'),
    byStatus('scheduled'),
    byStatus('published'),
    byStatus('unpublished'),
    allPages((cursor) => rapi.list({ scope: 'partner', cursor, limit: 100 })),
  ]);
  return [
    {
      title: 'Vorgeschlagen',
      queue: true,
      items: proposed,
      note: 'Von den Trägern oder aus dem eigenen Haus vorgeschlagen: prüfen, freigeben oder zurückgeben.',
      empty: 'Zurzeit ist keine Pressemitteilung vorgeschlagen.',
    },
    {
      title: 'Freigegeben',
      queue: true,
      items: approved,
      note: 'Bereit zur Veröffentlichung: sofort oder mit Sperrfrist (erst den Zeitplan festlegen, dann veröffentlichen).',
      empty: 'Keine freigegebene Pressemitteilung wartet.',
    },
    {
      title: 'Geplant (Sperrfrist)',
      items: scheduled,
      calendar: true,
      note: 'Erscheinen automatisch zur Sperrfrist; bis dahin sind sie nicht öffentlich. Zeiten in deutscher Zeit.',
      empty: 'Keine Pressemitteilung mit Sperrfrist geplant.',
    },
    { title: 'Veröffentlicht', items: published, empty: 'Noch keine Pressemitteilung veröffentlicht.' },
    { title: 'Von der Website genommen', items: unpublished },
    { title: 'Eigene Entwürfe', note: 'Entwürfe und zurückgegebene Pressemitteilungen Ihrer Organisation.', items: inStatus(own, 'draft', 'returned') },
  ];
}

/** Partners: their organisation's releases, grouped by where they stand. */
async function partnerGroups(ctx: Context): Promise<Group[]> {
  const rapi = releasesApi(ctx.api);
  const all = await allPages((cursor) => rapi.list({ scope: 'partner', cursor, limit: 100 }));
  return [
    { title: 'Zurückgegeben', note: 'Bitte überarbeiten und erneut vorschlagen.', items: inStatus(all, 'returned') },
    { title: 'Entwürfe', items: inStatus(all, 'draft') },
    { title: 'Der Pressestelle vorgeschlagen', items: inStatus(all, 'proposed') },
    { title: 'Freigegeben', items: inStatus(all, 'approved') },
    { title: 'Geplant (Sperrfrist)', items: inStatus(all, 'scheduled'), calendar: true },
    { title: 'Veröffentlicht', items: inStatus(all, 'published') },
    { title: 'Von der Website genommen', items: inStatus(all, 'unpublished') },
  ];
}

export async function releaseList(ctx: Context): Promise<void> {
  const county = isCounty(ctx);
  const [groups, notices] = await Promise.all([county ? pressGroups(ctx) : partnerGroups(ctx), noticesSection(ctx)]);
  const sections = groups.map((g) => section(ctx, g)).filter((s): s is HTMLElement => s !== undefined);
  const nothing = groups.every((g) => g.items.length === 0);
  const mayCreate = !canCreate(ctx.me);
  ctx.show(
    'Pressemitteilungen',
    mayCreate && h('p', { class: 'page-actions' }, h('a', { href: newReleaseHref(), class: 'button' }, 'Neue Pressemitteilung')),
    notices,
    nothing && !county
      ? h('p', { class: 'empty' }, 'Ihre Organisation hat noch keine Pressemitteilungen. Mit „Neue Pressemitteilung“ schlagen Sie der Pressestelle eine vor.')
      : undefined,
    ...sections,
  );
}
