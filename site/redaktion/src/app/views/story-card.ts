import type { StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDay, h, time } from '../dom.ts';
import { href } from '../router.ts';
import { consentBadge } from './consent-section.ts';

/** Who returned the story (or with `revision-return`, its revision) last, for "Rückmeldung von …". */
export const returnedBy = (story: StoryView, action: 'return' | 'revision-return' = 'return') => story.audit.findLast((e) => e.action === action)?.byName;

export function statusBadge(ctx: Context, story: Pick<StoryView, 'status'>): HTMLElement {
  return h('span', { class: `badge status-${story.status}` }, ctx.labels.status(story.status));
}

/**
 * One entry of a list: title (the link), organisation, place, status, last change; the return
 * comment when returned. A story with a pending change is marked „Überarbeitung“ beside its
 * title, so in a work queue nobody takes it for a new story, and the revision's state and
 * return comment are shown.
 */
export function storyCard(ctx: Context, story: StoryView): HTMLElement {
  const returned =
    story.revision?.status === 'returned'
      ? { comment: story.revision.returnComment, by: returnedBy(story, 'revision-return') }
      : story.status === 'returned'
        ? { comment: story.returnComment, by: returnedBy(story) }
        : undefined;
  return h(
    'li',
    { class: 'card' },
    h(
      'h3',
      {},
      h('a', { href: href({ name: 'story', id: story.id }) }, story.title),
      story.revision && [' ', h('span', { class: 'badge revision-marker' }, 'Überarbeitung')],
    ),
    h(
      'dl',
      { class: 'facts' },
      h('div', {}, h('dt', {}, 'Träger'), h('dd', {}, ctx.labels.partnerShort(story.partner))),
      h('div', {}, h('dt', {}, 'Ort'), h('dd', {}, story.municipality ?? 'noch nicht gewählt')),
      h('div', {}, h('dt', {}, 'Status'), h('dd', {}, statusBadge(ctx, story))),
      story.revision && h('div', {}, h('dt', {}, 'Überarbeitung'), h('dd', {}, statusBadge(ctx, story.revision))),
      story.publishAt && h('div', {}, h('dt', {}, 'Geplant für'), h('dd', {}, time(story.publishAt))),
      h(
        'div',
        {},
        h('dt', {}, 'Einwilligung'),
        h(
          'dd',
          {},
          consentBadge(story),
          story.consentExpires && ['expiring', 'expired'].includes(story.consentStatus) ? ` (bis ${formatDay(story.consentExpires)})` : '',
        ),
      ),
      h('div', {}, h('dt', {}, 'Zuletzt geändert'), h('dd', {}, time(story.updatedAt))),
      h('div', {}, h('dt', {}, 'Von'), h('dd', {}, story.authorName)),
    ),
    returned?.comment &&
      h(
        'div',
        { class: 'return-comment' },
        h('p', { class: 'return-by' }, `Rückmeldung${returned.by ? ` von ${returned.by}` : ''}${story.revision ? ' zur Überarbeitung' : ''}:`),
        h('p', {}, returned.comment),
      ),
  );
}
