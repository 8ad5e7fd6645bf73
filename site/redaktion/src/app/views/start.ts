import { OVERVIEW_PAGE, storyListQueries } from '@newsroom/domain/overview.ts';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '@newsroom/domain/statistics-workflow.ts';
import { canCreate } from '@newsroom/domain/workflow.ts';
import { ApiError, type Overview, SignedOut, type StoryAction, type StoryStatus, type StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDay, h, nextId } from '../dom.ts';
import type { ReleaseList, ReleaseView } from '../releases/api.ts';
import { berlinTime, releaseHref, releasesHref } from '../releases/common.ts';
import { noticesSection } from '../releases/notices.ts';
import { href } from '../router.ts';
import { auditLine, titleResolver } from './audit-entries.ts';
import { storyCard } from './story-card.ts';
import '../../styles/editorial.css';

/**
 * The start page („Übersicht“) for each role: the person's work queues first, each with
 * its count, then everything else they follow. The first page of every list comes in one
 * answer (GET /overview); „Weitere laden“ asks for the next page of a list with one Query per
 * status (GET /stories?status=…, and ?revision=… for changes to published stories, marked
 * „Überarbeitung“); filters and sorting work on what is loaded and say so when more is
 * waiting on the server.
 */

const ALL_STATUSES: StoryStatus[] = ['draft', 'submitted', 'returned', 'partner-approved', 'press-approved', 'published', 'unpublished', 'withdrawn'];

type Sort = 'newest' | 'oldest' | 'title' | 'place';
const SORTS: { id: Sort; label: string }[] = [
  { id: 'newest', label: 'Neueste zuerst' },
  { id: 'oldest', label: 'Älteste zuerst' },
  { id: 'title', label: 'Titel A–Z' },
  { id: 'place', label: 'Ort A–Z' },
];

interface Filter {
  status: '' | StoryStatus;
  municipality: string;
  topic: string;
  mine: boolean;
  sort: Sort;
}
const NO_FILTER: Filter = { status: '', municipality: '', topic: '', mine: false, sort: 'newest' };

/** Loads one page; `more` loads the next one, when the server has more. */
type Source<T> = () => Promise<{ items: T[]; more?: Source<T> }>;

/**
 * Several statuses as one list: their first pages together (from the overview's answer), then the
 * next page of each that has one. Each status a revision can have is two lists, the stories in it
 * and the published stories whose revision is in it (functions/domain/overview.ts).
 */
function statusSource(
  ctx: Context,
  statuses: StoryStatus[],
  scope: 'partner' | 'all',
  loaded: Overview['stories'],
  cursors?: Record<string, string>,
): Source<StoryView> {
  const queries = storyListQueries(scope, statuses);
  return async () => {
    const todo = cursors ? queries.filter((q) => cursors[q.key]) : queries;
    const pages = await Promise.all(
      todo.map(
        (q) =>
          (!cursors && loaded[q.key]) || ctx.api.listStories({ status: q.status, revision: q.revision, scope, limit: OVERVIEW_PAGE, cursor: cursors?.[q.key] }),
      ),
    );
    const next: Record<string, string> = {};
    todo.forEach((q, i) => {
      if (pages[i]!.next) next[q.key] = pages[i]!.next!;
    });
    return { items: pages.flatMap((p) => p.items), more: Object.keys(next).length ? statusSource(ctx, statuses, scope, loaded, next) : undefined };
  };
}

const sortTime = (s: { status: string; updatedAt: string; publishedAt?: string }) => (s.status === 'published' ? (s.publishedAt ?? s.updatedAt) : s.updatedAt);
/** German order, numbers by value („Teil 2“ before „Teil 10“). */
const collator = new Intl.Collator('de', { numeric: true });
/** `time`: when the entry got into the list (a revision's own last step, when that is what put it there). */
const SORTERS: Record<Sort, (a: StoryView, b: StoryView, time: (s: StoryView) => string) => number> = {
  newest: (a, b, time) => time(b).localeCompare(time(a)),
  oldest: (a, b, time) => time(a).localeCompare(time(b)),
  title: (a, b) => collator.compare(a.title, b.title),
  // Stories without a place yet come last.
  place: (a, b) => collator.compare(a.municipality ?? '\uffff', b.municipality ?? '\uffff') || collator.compare(a.title, b.title),
};

const filtering = (f: Filter) => Boolean(f.status || f.municipality || f.topic || f.mine);

interface QueueSpec {
  title: string;
  note?: string;
  /** A work queue: highlighted and shown even when empty. */
  queue?: boolean;
  /** Shown even when empty (not highlighted): the empty message is news too. */
  always?: boolean;
  empty?: string;
  /** The statuses its stories can have (the status filter shows only lists that can hold it). */
  statuses: StoryStatus[];
  source: Source<StoryView>;
  /** A narrower cut of what the source loads (e.g. only what this person may approve). */
  only?: (s: StoryView) => boolean;
  /** Steps the person can take on several chosen stories at once (views/bulk.ts, loaded only for such a queue). */
  bulk?: StoryAction[];
}

/** What every list on the page offers the page: its element, its count for the summary, and how to redraw. */
interface Block {
  el: HTMLElement;
  title: string;
  headingId: string;
  queue?: boolean;
  /** The name in „Auf einen Blick“, when it differs from the heading. */
  chip?: string;
  /** The story statuses it lists (for the status filter's choices). */
  statuses: StoryStatus[];
  /** Shown items and whether the server has more; undefined for blocks that are not counted. */
  count(): { shown: number; more: boolean } | undefined;
  apply(filter: Filter): void;
}

function countText(shown: number, loaded: number, more: boolean, filtered: boolean): string {
  if (filtered) return `(${shown} von ${loaded}${more ? ' geladenen' : ''})`;
  return more ? `(${loaded}, weitere vorhanden)` : `(${loaded})`;
}

async function storyBlock(ctx: Context, spec: QueueSpec, filter: () => Filter): Promise<Block> {
  const headingId = nextId('queue');
  let items: StoryView[] = [];
  let more: Source<StoryView> | undefined;
  let failed: string | undefined;
  try {
    const first = await spec.source();
    items = first.items;
    more = first.more;
  } catch (err) {
    if (err instanceof SignedOut) throw err;
    failed = err instanceof ApiError ? err.message : 'Die Liste konnte nicht geladen werden.';
  }
  const own = () => items.filter((s) => !spec.only || spec.only(s));
  /** What puts a story in this list: its own state, or that of its pending revision. */
  const listedAs = (s: StoryView) => (spec.statuses.includes(s.status) || !s.revision ? s : s.revision);
  const count = h('span', { class: 'count' });
  const list = h('ul', { class: 'cards' });
  const empty = h('p', { class: 'empty' });
  const moreButton = h('button', { type: 'button', class: 'secondary' }, 'Weitere laden');
  const moreHint = h('p', { class: 'more-hint' });
  const moreRow = h('div', {}, h('p', {}, moreButton), moreHint);
  let apply: (f: Filter) => void = () => undefined;
  const bulk =
    spec.bulk && !failed
      ? (await import('./bulk.ts')).bulkControls(ctx, spec.bulk, (done) => {
          items = items.filter((s) => !done.has(s.id));
          apply(filter());
        })
      : undefined;
  const el = h(
    'section',
    { class: spec.queue ? 'group queue' : 'group', 'aria-labelledby': headingId },
    h('h2', { id: headingId, tabindex: '-1' }, spec.title, ' ', count),
    spec.note && h('p', { class: 'hint' }, spec.note),
    failed ? h('p', { class: 'field-error' }, failed) : '',
    bulk?.el,
    list,
    empty,
    moreRow,
  );

  let visible: StoryView[] = [];
  apply = (f: Filter) => {
    const mine = own();
    // A list that is not a work queue and has nothing in it only takes space.
    el.hidden = Boolean(f.status && !spec.statuses.includes(f.status)) || (!spec.queue && !spec.always && mine.length === 0 && !failed);
    visible = mine
      .filter(
        (s) =>
          (!f.status || listedAs(s).status === f.status) &&
          (!f.municipality || s.municipality === f.municipality) &&
          (!f.topic || (s.topics ?? []).includes(f.topic as never)) &&
          (!f.mine || s.authorId === ctx.me.sub),
      )
      .sort((a, b) => SORTERS[f.sort](a, b, (x) => sortTime(listedAs(x))));
    count.textContent = countText(visible.length, mine.length, Boolean(more), filtering(f));
    list.replaceChildren(
      ...visible.map((s) => {
        const card = storyCard(ctx, s);
        const select = bulk?.selector(s);
        if (select) card.prepend(select);
        return card;
      }),
    );
    bulk?.shown(visible);
    list.hidden = visible.length === 0;
    empty.hidden = visible.length > 0 || Boolean(failed);
    empty.textContent = mine.length && filtering(f) ? 'Keine der geladenen Geschichten passt zum Filter.' : (spec.empty ?? 'Keine Geschichten.');
    moreRow.hidden = !more;
    moreHint.textContent =
      more && (filtering(f) || f.sort !== 'newest') ? 'Filter und Sortierung gelten für die geladenen Geschichten; „Weitere laden“ holt ältere dazu.' : '';
  };

  moreButton.addEventListener('click', async () => {
    if (!more) return;
    moreButton.disabled = true;
    const before = new Set(visible.map((s) => s.id));
    try {
      const page = await more();
      if (!ctx.isCurrent()) return;
      items = [...items, ...page.items.filter((s) => !items.some((x) => x.id === s.id))];
      more = page.more;
      apply(filter());
      const added = visible.filter((s) => !before.has(s.id));
      const firstNew = list.children[visible.findIndex((s) => !before.has(s.id))];
      ctx.announce(
        added.length
          ? `${added.length} weitere Geschichten geladen${more ? '' : '; das sind jetzt alle'}.`
          : `Keine weiteren passenden Geschichten${more ? ' auf dieser Seite; es gibt noch mehr' : ''}.`,
      );
      // Focus goes to the first new entry, so keyboard users continue where the list grew.
      (firstNew?.querySelector('a') ?? (more ? moreButton : el.querySelector<HTMLElement>('h2')))?.focus();
    } catch (err) {
      if (err instanceof SignedOut) return;
      ctx.announce(err instanceof ApiError ? err.message : 'Weitere Geschichten konnten nicht geladen werden.');
    } finally {
      moreButton.disabled = false;
    }
  });

  return {
    el,
    title: spec.title,
    headingId,
    queue: spec.queue,
    statuses: spec.statuses,
    count: () => ({ shown: visible.length, more: Boolean(more) }),
    apply,
  };
}

/** A fixed block (releases, statistics, administration): not filtered, optionally counted. */
function fixedBlock(
  title: string,
  content: (Node | string | false | undefined)[],
  opts: { queue?: boolean; count?: number; note?: string; chip?: string } = {},
): Block {
  const headingId = nextId('block');
  const el = h(
    'section',
    { class: opts.queue ? 'group queue' : 'group', 'aria-labelledby': headingId },
    h('h2', { id: headingId, tabindex: '-1' }, title, opts.count !== undefined && !opts.chip ? h('span', { class: 'count' }, ` (${opts.count})`) : ''),
    opts.note && h('p', { class: 'hint' }, opts.note),
    ...content.filter((c): c is Node | string => c !== undefined && c !== false),
  );
  return {
    el,
    title,
    headingId,
    queue: opts.queue,
    chip: opts.chip,
    statuses: [],
    count: () => (opts.count === undefined ? undefined : { shown: opts.count, more: false }),
    apply: (f) => {
      el.hidden = Boolean(f.status);
    },
  };
}

/** Stories whose earliest consent runs out soon, or already has (the API's warning period). */
function expiringSpec(expiring: NonNullable<Overview['expiring']>): QueueSpec {
  const { until } = expiring;
  return {
    title: 'Einwilligungen laufen bald ab',
    get note() {
      return `Einwilligungen, die ${until ? `bis ${formatDay(until)} ` : 'bald '}enden oder schon abgelaufen sind. Ohne neue Einwilligung wird eine veröffentlichte Geschichte automatisch von der Website genommen.`;
    },
    statuses: ALL_STATUSES,
    source: async () => ({ items: expiring.items }),
  };
}

function releaseCards(items: ReleaseView[], ctx: Context, empty: string): HTMLElement {
  if (!items.length) return h('p', { class: 'empty' }, empty);
  return h(
    'ul',
    { class: 'cards compact-cards' },
    items.map((r) =>
      h(
        'li',
        { class: 'card' },
        h('h3', {}, h('a', { href: releaseHref(r.id) }, r.headline)),
        h(
          'dl',
          { class: 'facts' },
          h('div', {}, h('dt', {}, 'Träger'), h('dd', {}, ctx.labels.partnerShort(r.partner))),
          r.embargoAt ? h('div', {}, h('dt', {}, 'Sperrfrist'), h('dd', {}, berlinTime(r.embargoAt))) : '',
          h('div', {}, h('dt', {}, 'Von'), h('dd', {}, r.authorName)),
        ),
      ),
    ),
  );
}

function releaseBlock(
  ctx: Context,
  { items, next }: ReleaseList,
  title: string,
  opts: { queue?: boolean; note: string; empty: string; byEmbargo?: boolean },
): Block {
  const sorted = opts.byEmbargo ? [...items].sort((a, b) => (a.embargoAt ?? '').localeCompare(b.embargoAt ?? '')) : items;
  const block = fixedBlock(title, [releaseCards(sorted, ctx, opts.empty), h('p', {}, h('a', { href: releasesHref() }, 'Alle Pressemitteilungen'))], {
    queue: opts.queue,
    count: items.length,
    note: opts.note,
  });
  return { ...block, count: () => ({ shown: items.length, more: Boolean(next) }) };
}

/** The partner's figures for the latest reporting date: how far the organisation has got. */
function statisticsBlock(ctx: Context, day: NonNullable<Overview['statistics']>['latest']): Block {
  if (!day) {
    return fixedBlock('Statistik Ihres Trägers', [
      h('p', { class: 'empty' }, 'Die Pressestelle hat noch keinen Stichtag angelegt, zu dem gemeldet werden kann.'),
      h('p', {}, h('a', { href: href({ name: 'statistics', path: '' }) }, 'Zur Statistik')),
    ]);
  }
  const latest = day.snapshot;
  const by = (s: SubmissionStatus) => day.submissions.filter((x) => x.status === s).length;
  const toApprove = day.submissions.filter((s) => s.actions.includes('approve')).length;
  const isLead = ctx.me.roles.includes('partner-lead');
  const fact = (term: string, n: number) => h('div', {}, h('dt', {}, term), h('dd', {}, String(n)));
  return fixedBlock(
    'Statistik Ihres Trägers',
    [
      h('p', {}, `Stichtag ${formatDay(latest.date)}: ${day.submissions.length + day.missing.length} Städte und Gemeinden, für die Ihr Träger meldet.`),
      h(
        'dl',
        { class: 'summary-facts' },
        ...SUBMISSION_STATUSES.map((s) => fact(s.label, by(s.id))),
        fact('Noch nicht gemeldet', day.missing.length),
        isLead ? fact('Wartet auf Ihre Freigabe', toApprove) : '',
      ),
      h(
        'p',
        {},
        h('a', { href: href({ name: 'statistics', path: `/stichtage/${latest.date}` }) }, `Stichtag ${formatDay(latest.date)} öffnen`),
        ' · ',
        h('a', { href: href({ name: 'statistics', path: '' }) }, 'Zur Statistik'),
      ),
    ],
    isLead && toApprove > 0 ? { queue: true, count: toApprove, chip: 'Statistik: wartet auf Ihre Freigabe' } : {},
  );
}

/** Administrators: users by role, the municipality assignment and the latest audit entries. */
function adminBlocks(ctx: Context, admin: NonNullable<Overview['admin']>): Block[] {
  const { settings, titles } = admin;
  const users = admin.users.items;
  const audit = admin.audit.items;
  const fact = (term: string, n: number) => h('div', {}, h('dt', {}, term), h('dd', {}, String(n)));
  const resolve = titleResolver(ctx, titles);
  const assigned = new Set<string>(Object.values(settings.assignment).flat());
  const unassigned = ctx.meta.municipalities.filter((m) => !assigned.has(m));
  return [
    fixedBlock(
      'Benutzerkonten',
      [
        h(
          'dl',
          { class: 'summary-facts' },
          ...ctx.meta.roles.map((r) => fact(r.label, users.filter((u) => u.role === r.id && u.enabled).length)),
          fact('Gesperrt', users.filter((u) => !u.enabled).length),
        ),
        h('p', {}, h('a', { href: href({ name: 'users' }), class: 'button secondary' }, 'Zur Benutzerverwaltung')),
      ],
      { count: users.length, note: 'Aktive Konten je Rolle. Einladen, Rolle und Organisation ändern, sperren: in der Benutzerverwaltung.' },
    ),
    fixedBlock(
      'Zuordnung der Städte und Gemeinden',
      [
        h(
          'p',
          {},
          `${assigned.size} von ${ctx.meta.municipalities.length} Städten und Gemeinden sind einem Träger zugeordnet.`,
          settings.demo ? ' Die Zuordnung ist noch die Demo-Zuordnung.' : '',
        ),
        unassigned.length > 0 && h('p', {}, `Ohne Zuordnung: ${unassigned.join(', ')}.`),
        h('p', {}, `Mindestfallzahl für veröffentlichte Aufschlüsselungen: ${settings.threshold}.`),
        h('p', {}, h('a', { href: href({ name: 'statistics', path: '/zuordnung' }), class: 'button secondary' }, 'Zuordnung bearbeiten')),
      ],
      {
        queue: unassigned.length > 0,
        count: unassigned.length,
        note: 'Welcher Träger für welche Stadt oder Gemeinde Zahlen meldet; die Zahl nennt die noch nicht zugeordneten.',
      },
    ),
    fixedBlock('Zuletzt im Protokoll', [
      audit.length
        ? h(
            'ul',
            { class: 'plain audit' },
            audit.map((e) => h('li', {}, auditLine(ctx, e, resolve))),
          )
        : h('p', { class: 'empty' }, 'In diesem Monat gibt es noch keine Einträge.'),
      h('p', {}, h('a', { href: href({ name: 'audit' }) }, 'Zum Protokoll')),
    ]),
  ];
}

/** The filter and sort form; changes apply at once and are announced, nothing else moves. */
function filterForm(ctx: Context, statuses: StoryStatus[], initial: Filter, onChange: (f: Filter) => void) {
  const select = (label: string, options: { id: string; label: string }[], value: string, all?: string) => {
    const id = nextId('filter');
    const el = h(
      'select',
      { id },
      all !== undefined && h('option', { value: '' }, all),
      options.map((o) => h('option', { value: o.id, selected: o.id === value }, o.label)),
    );
    return { el, field: h('div', { class: 'field' }, h('label', { for: id }, label), el) };
  };
  const status = select(
    'Status',
    statuses.map((s) => ({ id: s, label: ctx.labels.status(s) })),
    initial.status,
    'Alle',
  );
  const place = select(
    'Stadt oder Gemeinde',
    ctx.meta.municipalities.map((m) => ({ id: m, label: m })),
    initial.municipality,
    'Alle',
  );
  const topic = select('Thema', ctx.meta.topics, initial.topic, 'Alle');
  const sort = select('Sortierung', SORTS, initial.sort);
  const authors = ctx.me.roles.some((r) => r !== 'admin');
  const mineId = nextId('mine');
  const mine = h('input', { type: 'checkbox', id: mineId, checked: initial.mine });
  const reset = h('button', { type: 'button', class: 'secondary' }, 'Filter zurücksetzen');
  const headingId = nextId('filters');
  const current = (): Filter => ({
    status: status.el.value as Filter['status'],
    municipality: place.el.value,
    topic: topic.el.value,
    mine: mine.checked,
    sort: sort.el.value as Sort,
  });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-labelledby': headingId, novalidate: true },
    h('h2', { id: headingId }, 'Filtern und sortieren'),
    h(
      'div',
      { class: 'filter-fields' },
      status.field,
      place.field,
      topic.field,
      sort.field,
      authors && h('div', { class: 'checkbox' }, mine, h('label', { for: mineId }, 'Nur von mir angelegte')),
      h('div', { class: 'field' }, reset),
    ),
  );
  form.addEventListener('change', () => onChange(current()));
  form.addEventListener('submit', (e) => e.preventDefault());
  reset.addEventListener('click', () => {
    status.el.value = '';
    place.el.value = '';
    topic.el.value = '';
    sort.el.value = 'newest';
    mine.checked = false;
    onChange(current());
    status.el.focus();
  });
  return form;
}

/** „Auf einen Blick“: every list with its count, as links that move focus to the list. */
function summaryNav(blocks: Block[]) {
  const list = h('ul', { class: 'queue-summary' });
  const render = () =>
    list.replaceChildren(
      ...blocks
        .filter((b) => !b.el.hidden && b.count())
        .map((b) => {
          const c = b.count()!;
          return h(
            'li',
            {},
            h(
              'a',
              {
                href: `#${b.headingId}`,
                class: b.queue ? 'queue-link' : '',
                onclick: (e: Event) => {
                  e.preventDefault();
                  const heading = document.getElementById(b.headingId);
                  heading?.scrollIntoView({ block: 'start' });
                  heading?.focus();
                },
              },
              b.chip ?? b.title,
              h('span', { class: 'n' }, `${c.shown}${c.more ? '+' : ''}`),
            ),
          );
        }),
    );
  const headingId = nextId('glance');
  return { el: h('nav', { 'aria-labelledby': headingId }, h('h2', { id: headingId, class: 'visually-hidden' }, 'Auf einen Blick'), list), render };
}

/**
 * The filter survives going to a story and back, in memory only: a reload or signing out
 * starts afresh, and nothing about the person's work is left in the browser's storage.
 */
const remembered = new Map<string, Filter>();

export async function startPage(ctx: Context): Promise<void> {
  const { roles, partner } = ctx.me;
  const isPress = roles.includes('press');
  const isAdmin = roles.includes('admin');
  const isLead = roles.includes('partner-lead');
  const partnerStaff = roles.includes('manager') || isLead;
  let filter = remembered.get(ctx.me.sub) ?? NO_FILTER;
  const currentFilter = () => filter;
  const story = (spec: QueueSpec) => storyBlock(ctx, spec, currentFilter);
  const orgName = ctx.labels.partnerName(partner);
  const data = await ctx.api.overview();
  if (!ctx.isCurrent()) return;
  const partnerSource = (...statuses: StoryStatus[]) => statusSource(ctx, statuses, 'partner', data.stories);
  const allSource = (...statuses: StoryStatus[]) => statusSource(ctx, statuses, 'all', data.stories);
  const releases = data.releases ?? { proposed: { items: [] }, scheduled: { items: [] } };

  let pending: (Promise<Block> | Block | Block[])[];
  if (isPress) {
    pending = [
      story({
        title: 'Wartet auf Freigabe der Pressestelle',
        queue: true,
        statuses: ['partner-approved'],
        source: allSource('partner-approved'),
        bulk: ['press-approve', 'return'],
        note: 'Vom Träger freigegeben; bitte prüfen und freigeben oder zurückgeben.',
        empty: 'Zurzeit wartet keine Geschichte auf die Pressestelle.',
      }),
      story({
        title: 'Freigegeben, bereit zur Veröffentlichung',
        queue: true,
        statuses: ['press-approved'],
        source: allSource('press-approved'),
        empty: 'Keine freigegebene Geschichte wartet auf Veröffentlichung.',
      }),
      releaseBlock(ctx, releases.proposed, 'Vorgeschlagene Pressemitteilungen', {
        queue: true,
        note: 'Von den Trägern oder aus dem eigenen Haus vorgeschlagen: prüfen, freigeben oder zurückgeben.',
        empty: 'Zurzeit ist keine Pressemitteilung vorgeschlagen.',
      }),
      releaseBlock(ctx, releases.scheduled, 'Geplante Pressemitteilungen (Sperrfrist)', {
        byEmbargo: true,
        note: 'Erscheinen automatisch zur Sperrfrist, die früheste zuerst. Zeiten in deutscher Zeit.',
        empty: 'Keine Pressemitteilung mit Sperrfrist geplant.',
      }),
      story(expiringSpec(data.expiring ?? { until: '', items: [] })),
      story({
        title: 'Widerrufen',
        always: true,
        statuses: ['withdrawn'],
        source: allSource('withdrawn'),
        note: 'Veröffentlichte Geschichten, deren Einwilligung widerrufen wurde: Sie erscheinen nirgends mehr.',
        empty: 'Keine widerrufene Geschichte.',
      }),
      story({
        title: 'Von der Website genommen',
        always: true,
        statuses: ['unpublished'],
        source: allSource('unpublished'),
        empty: 'Keine Geschichte wurde von der Website genommen.',
      }),
      story({ title: 'Veröffentlicht', statuses: ['published'], source: allSource('published'), empty: 'Noch nichts veröffentlicht.' }),
      story({
        title: 'Eigene Geschichten des Landratsamts',
        statuses: ['draft', 'returned', 'submitted'],
        source: partnerSource('returned', 'draft', 'submitted'),
        note: 'Entwürfe und eingereichte Geschichten Ihrer Organisation.',
      }),
    ];
  } else if (isAdmin) {
    pending = [
      ...(data.admin ? adminBlocks(ctx, data.admin) : []),
      story({ title: 'Veröffentlicht', statuses: ['published'], source: allSource('published'), empty: 'Noch nichts veröffentlicht.' }),
      story({ title: 'Von der Website genommen', statuses: ['unpublished', 'withdrawn'], source: allSource('unpublished', 'withdrawn') }),
    ];
  } else {
    const approvable = (s: StoryView) => s.actions.includes('approve');
    pending = [
      ...(isLead
        ? [
            story({
              title: 'Wartet auf Ihre Freigabe',
              queue: true,
              statuses: ['submitted'],
              source: partnerSource('submitted'),
              only: approvable,
              bulk: ['approve', 'return'],
              note: `Eingereichte Geschichten und Überarbeitungen veröffentlichter Geschichten von ${orgName}, die Sie prüfen und freigeben oder zurückgeben können.`,
              empty: 'Zurzeit wartet keine Geschichte auf Ihre Freigabe.',
            }),
          ]
        : []),
      story({
        title: 'Zurückgegeben',
        queue: !isLead,
        statuses: ['returned'],
        source: partnerSource('returned'),
        note: 'Bitte überarbeiten und erneut einreichen; die Rückmeldung steht an jeder Geschichte.',
        empty: 'Keine zurückgegebene Geschichte.',
      }),
      story(expiringSpec(data.expiring ?? { until: '', items: [] })),
      story({ title: 'Entwürfe', statuses: ['draft'], source: partnerSource('draft'), empty: 'Keine Entwürfe.' }),
      story({
        title: isLead ? 'Eingereicht, Freigabe durch andere Partnerleitung' : 'Eingereicht, wartet auf Freigabe',
        statuses: ['submitted'],
        source: partnerSource('submitted'),
        only: isLead ? (s) => !approvable(s) : undefined,
        note: isLead ? 'Von Ihnen geschrieben oder eingereicht: freigeben muss eine andere Person der Partnerleitung (Vier-Augen-Prinzip).' : undefined,
      }),
      story({
        title: 'Bei der Pressestelle',
        statuses: ['partner-approved', 'press-approved'],
        source: partnerSource('partner-approved', 'press-approved'),
        note: 'Vom Träger freigegeben; die Pressestelle prüft und veröffentlicht.',
      }),
      story({ title: isLead ? 'Zuletzt veröffentlicht' : 'Veröffentlicht', statuses: ['published'], source: partnerSource('published') }),
      story({ title: 'Von der Website genommen', statuses: ['unpublished'], source: partnerSource('unpublished') }),
      story({
        title: 'Einwilligung widerrufen',
        statuses: ['withdrawn'],
        source: partnerSource('withdrawn'),
        note: 'Abgeschlossen: Diese Geschichten erscheinen nirgends mehr.',
      }),
      ...(partnerStaff ? [statisticsBlock(ctx, data.statistics?.latest)] : []),
    ];
  }
  const [blocks, notices] = await Promise.all([Promise.all(pending), noticesSection(ctx, data.notices?.items)]);
  if (!ctx.isCurrent()) return;
  const shown = blocks.flat();
  const listed = new Set(shown.flatMap((b) => b.statuses));
  const statuses = ALL_STATUSES.filter((s) => listed.has(s));
  const nav = summaryNav(shown);
  const applyAll = (f: Filter, announce: boolean) => {
    filter = f;
    remembered.set(ctx.me.sub, f);
    for (const b of shown) b.apply(f);
    nav.render();
    if (!announce) return;
    const lists = shown.filter((b) => !b.el.hidden && b.count());
    const total = lists.reduce((n, b) => n + b.count()!.shown, 0);
    ctx.announce(
      filtering(f) ? `Filter angewendet: ${total} Einträge in ${lists.length} Listen.` : `Alle Filter aufgehoben: ${total} Einträge in ${lists.length} Listen.`,
    );
  };
  applyAll(filter, false);
  const nothing = shown.every((b) => (b.count()?.shown ?? 0) === 0);
  const mayCreate = !canCreate(ctx.me);
  // The filters sit right above the first story list they act on (administrators see their own blocks first).
  const firstStories = shown.findIndex((b) => b.statuses.length > 0);
  const filters = filterForm(ctx, statuses, filter, (f) => applyAll(f, true));
  ctx.show(
    'Übersicht',
    h('p', { class: 'lead' }, intro(ctx)),
    mayCreate && h('p', { class: 'page-actions' }, h('a', { href: href({ name: 'new' }), class: 'button' }, 'Neue Geschichte')),
    notices,
    nav.el,
    nothing && !isPress && !isAdmin && !filtering(filter)
      ? h('p', { class: 'empty' }, `${orgName} hat noch keine Geschichten. Legen Sie mit „Neue Geschichte“ die erste an.`)
      : undefined,
    ...shown.flatMap((b, i) => (i === firstStories ? [filters, b.el] : [b.el])),
  );
}

function intro(ctx: Context): string {
  const { roles } = ctx.me;
  const org = ctx.labels.partnerName(ctx.me.partner);
  if (roles.includes('press'))
    return 'Ihre Arbeitslisten als Pressestelle: Geschichten und Pressemitteilungen aller Träger, die auf Sie warten, geplante Veröffentlichungen, Widerrufe und Rücknahmen.';
  if (roles.includes('admin')) return 'Benutzerkonten, die Zuordnung der Städte und Gemeinden und das Protokoll; darunter, was veröffentlicht ist.';
  if (roles.includes('partner-lead')) return `Was bei ${org} auf Ihre Freigabe wartet, was zuletzt veröffentlicht wurde und wie weit die Statistik ist.`;
  return `Ihre Geschichten bei ${org}: was zurückgegeben wurde, Ihre Entwürfe, was auf Freigabe wartet und was veröffentlicht ist.`;
}
