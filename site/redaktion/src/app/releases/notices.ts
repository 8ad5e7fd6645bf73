import { ApiError, SignedOut } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { type PressNotice, releasesApi } from './api.ts';
import { berlinTime, isPress, releaseHref } from './common.ts';

/**
 * The press office's notices (e.g. a featured story was taken down and out of a
 * release), each until someone acknowledges it with „Zur Kenntnis genommen“, and its
 * tasks (a release held back for a withdrawal), each until the release is republished in
 * a corrected version. Undefined for everyone else, and when there is nothing to say.
 * `loaded`: the notices when they came with another answer (the overview's).
 */
export async function noticesSection(ctx: Context, loaded?: PressNotice[]): Promise<HTMLElement | undefined> {
  if (!isPress(ctx)) return undefined;
  const rapi = releasesApi(ctx.api);
  const items = loaded ?? (await rapi.notices()).items;
  if (items.length === 0) return undefined;

  const headingId = nextId('notices');
  const count = h('span', { class: 'count' }, `(${items.length})`);
  const heading = h('h2', { id: headingId, tabindex: '-1' }, 'Hinweise für die Pressestelle ', count);
  const list = h('ul', { class: 'notices' });
  const section = h(
    'section',
    { class: 'group queue notices-section', 'aria-labelledby': headingId },
    heading,
    h(
      'p',
      { class: 'hint' },
      'Das System hat etwas geändert, das Sie wissen sollten. Bitte prüfen und dann als zur Kenntnis genommen markieren. Aufgaben bleiben offen, bis sie erledigt sind.',
    ),
    list,
  );

  const task = (n: PressNotice): HTMLElement =>
    h(
      'li',
      { class: 'card' },
      h('p', {}, h('strong', {}, 'Aufgabe: '), berlinTime(n.at), ': ', n.message),
      h('p', { class: 'button-row' }, n.releaseId && h('a', { href: releaseHref(n.releaseId) }, 'Pressemitteilung überarbeiten')),
    );

  const item = (n: PressNotice): HTMLElement => {
    if (n.task) return task(n);
    const messageId = nextId('notice');
    const button = h('button', { type: 'button', class: 'secondary', 'aria-describedby': messageId }, 'Zur Kenntnis genommen');
    const li = h(
      'li',
      { class: 'card' },
      h('p', { id: messageId }, berlinTime(n.at), ': ', n.message),
      h('p', { class: 'button-row' }, n.releaseId && h('a', { href: releaseHref(n.releaseId) }, 'Zur Pressemitteilung'), button),
    );
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await rapi.acknowledge(n);
      } catch (err) {
        button.disabled = false;
        // Someone else acknowledged it meanwhile: it is gone either way.
        if (!(err instanceof ApiError && err.status === 404)) {
          if (!(err instanceof SignedOut)) ctx.announce(err instanceof ApiError ? err.message : 'Der Hinweis konnte nicht als gelesen markiert werden.');
          return;
        }
      }
      const next = [li.nextElementSibling, li.previousElementSibling].map((x) => x?.querySelector('button')).find(Boolean);
      li.remove();
      const left = list.children.length;
      count.textContent = `(${left})`;
      if (left === 0) list.replaceWith(h('p', { class: 'empty' }, 'Keine offenen Hinweise mehr.'));
      ctx.announce('Der Hinweis ist als zur Kenntnis genommen markiert.');
      (next ?? heading).focus();
    });
    return li;
  };
  list.append(...items.map(item));
  return section;
}
