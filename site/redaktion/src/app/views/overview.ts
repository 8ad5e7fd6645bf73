import { canCreate } from '../../../../../functions/domain/workflow.ts';
import { ROUTES } from '../../../../../functions/http/routes.ts';
import { ApiError, SignedOut, type ListQuery, type StoryStatus, type StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDay, h, nextId } from '../dom.ts';
import { href } from '../router.ts';
import { noticesSection } from '../releases/notices.ts';
import { storyCard } from './story-card.ts';

interface Group {
  title: string;
  /** Who the group speaks to; shown under the heading. */
  note?: string;
  stories: StoryView[];
  /** A work queue: highlighted and shown even when empty. */
  queue?: boolean;
  empty?: string;
  /** Loads the next page of this group, when there is one. */
  more?: () => Promise<{ items: StoryView[]; more?: Group['more'] }>;
}

const PAGE = 50;
/** A partner's own list is loaded whole to group it; this caps a runaway loop. */
const MAX_PAGES = 20;

async function allPages(ctx: Context, q: ListQuery): Promise<StoryView[]> {
  const items: StoryView[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await ctx.api.listStories({ ...q, limit: 100, cursor });
    items.push(...page.items);
    cursor = page.next;
    if (!cursor) break;
  }
  return items;
}

/** One status across partners, page by page ("Weitere laden"). */
async function statusPage(ctx: Context, status: StoryStatus, cursor?: string): Promise<{ items: StoryView[]; more?: Group['more'] }> {
  const page = await ctx.api.listStories({ status, scope: 'all', limit: PAGE, cursor });
  return { items: page.items, more: page.next ? () => statusPage(ctx, status, page.next) : undefined };
}

const inStatus = (stories: StoryView[], ...statuses: StoryStatus[]) => stories.filter((s) => statuses.includes(s.status));

/** Managers and partner leads: their organisation's stories, grouped by where they stand. */
async function partnerGroups(ctx: Context): Promise<Group[]> {
  const stories = await allPages(ctx, { scope: 'partner' });
  const isLead = ctx.me.roles.includes('partner-lead');
  const mine = (s: StoryView) => s.actions.includes('approve');
  const submitted = inStatus(stories, 'submitted');
  return [
    ...(isLead ? [{
      title: 'Wartet auf Ihre Freigabe', queue: true, stories: submitted.filter(mine),
      note: 'Eingereichte Geschichten Ihres Trägers, die Sie prüfen und freigeben oder zurückgeben können.',
      empty: 'Zurzeit wartet keine Geschichte auf Ihre Freigabe.',
    }] : []),
    { title: 'Zurückgegeben', note: 'Bitte überarbeiten und erneut einreichen.', stories: inStatus(stories, 'returned') },
    { title: 'Entwürfe', stories: inStatus(stories, 'draft') },
    { title: 'Eingereicht, wartet auf Freigabe', stories: isLead ? submitted.filter((s) => !mine(s)) : submitted },
    { title: 'Freigegeben', note: 'Vom Träger oder schon von der Pressestelle freigegeben.', stories: inStatus(stories, 'partner-approved', 'press-approved') },
    { title: 'Veröffentlicht', stories: inStatus(stories, 'published') },
    { title: 'Von der Website genommen', stories: inStatus(stories, 'unpublished') },
    { title: 'Einwilligung widerrufen', note: 'Abgeschlossen: Diese Geschichten erscheinen nirgends mehr.', stories: inStatus(stories, 'withdrawn') },
  ];
}

/** "Einwilligungen laufen bald ab": consents that run out within the API's warning period, or already have. */
async function expiringGroup(ctx: Context): Promise<Group | undefined> {
  const route = ROUTES.find((r) => r.method === 'GET' && r.path === '/consents/expiring');
  if (!route || (route.roles !== 'public' && !ctx.me.roles.some((r) => route.roles.includes(r)))) return undefined;
  const { until, items } = await ctx.api.expiringConsents();
  return {
    title: 'Einwilligungen laufen bald ab',
    note: `Einwilligungen, die bis ${formatDay(until)} enden oder schon abgelaufen sind. Ohne neue Einwilligung wird eine veröffentlichte Geschichte automatisch von der Website genommen.`,
    stories: items,
  };
}

/** The press office (and administrators): the queues across all partners, plus their own drafts. */
async function pressGroups(ctx: Context): Promise<Group[]> {
  const [waiting, approved, published, unpublished, own] = await Promise.all([
    statusPage(ctx, 'partner-approved'),
    statusPage(ctx, 'press-approved'),
    statusPage(ctx, 'published'),
    statusPage(ctx, 'unpublished'),
    allPages(ctx, { scope: 'partner' }),
  ]);
  return [
    { title: 'Wartet auf Freigabe der Pressestelle', queue: true, stories: waiting.items, more: waiting.more,
      note: 'Vom Träger freigegeben; bitte prüfen und freigeben oder zurückgeben.', empty: 'Zurzeit wartet keine Geschichte auf die Pressestelle.' },
    { title: 'Freigegeben, bereit zur Veröffentlichung', queue: true, stories: approved.items, more: approved.more,
      empty: 'Keine freigegebene Geschichte wartet auf Veröffentlichung.' },
    { title: 'Veröffentlicht', stories: published.items, more: published.more, empty: 'Noch nichts veröffentlicht.' },
    { title: 'Von der Website genommen', stories: unpublished.items, more: unpublished.more },
    { title: 'Eigene Geschichten des Landratsamts', note: 'Entwürfe und eingereichte Geschichten Ihrer Organisation.',
      stories: inStatus(own, 'draft', 'returned', 'submitted') },
  ];
}

function section(ctx: Context, group: Group): HTMLElement | undefined {
  if (!group.stories.length && !group.queue && !group.empty) return undefined;
  const headingId = nextId('group');
  const count = h('span', { class: 'count' }, `(${group.stories.length}${group.more ? '+' : ''})`);
  const list = h('ul', { class: 'cards' }, group.stories.map((s) => storyCard(ctx, s)));
  const el = h('section', { class: group.queue ? 'group queue' : 'group', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, group.title, ' ', count),
    group.note && h('p', { class: 'hint' }, group.note),
    group.stories.length ? list : h('p', { class: 'empty' }, group.empty ?? 'Keine Geschichten.'));
  let more = group.more;
  if (more) {
    const button = h('button', { type: 'button', class: 'secondary' }, 'Weitere laden');
    button.addEventListener('click', async () => {
      if (!more) return;
      button.disabled = true;
      let page;
      try {
        page = await more();
      } catch (err) {
        button.disabled = false;
        if (!(err instanceof SignedOut)) ctx.announce(err instanceof ApiError ? err.message : 'Weitere Geschichten konnten nicht geladen werden.');
        return;
      }
      const cards = page.items.map((s) => storyCard(ctx, s));
      list.append(...cards);
      group.stories.push(...page.items);
      more = page.more;
      count.textContent = `(${group.stories.length}${more ? '+' : ''})`;
      if (more) button.disabled = false;
      else button.remove();
      cards[0]?.querySelector('a')?.focus();
    });
    el.append(h('p', {}, button));
  }
  return el;
}

export async function overview(ctx: Context): Promise<void> {
  const crossPartner = ctx.me.roles.includes('press') || ctx.me.roles.includes('admin');
  const [main, expiring, notices] = await Promise.all([crossPartner ? pressGroups(ctx) : partnerGroups(ctx), expiringGroup(ctx), noticesSection(ctx)]);
  // The expiry warning comes right after the person's own work queue.
  const firstQueue = main.findIndex((g) => !g.queue);
  const at = firstQueue < 0 ? main.length : firstQueue;
  const groups = expiring ? [...main.slice(0, at), expiring, ...main.slice(at)] : main;
  const sections = groups.map((g) => section(ctx, g)).filter((s): s is HTMLElement => s !== undefined);
  const nothing = groups.every((g) => g.stories.length === 0);
  const mayCreate = !canCreate(ctx.me);
  ctx.show('Übersicht',
    mayCreate && h('p', { class: 'page-actions' }, h('a', { href: href({ name: 'new' }), class: 'button' }, 'Neue Geschichte')),
    notices,
    nothing && !crossPartner ? h('p', { class: 'empty' }, 'Ihr Träger hat noch keine Geschichten. Legen Sie mit „Neue Geschichte“ die erste an.') : undefined,
    ...sections);
}
