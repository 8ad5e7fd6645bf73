import type { CreatedPreviewLink, PreviewLinkList, PreviewLinkView } from '@newsroom/domain/api/previews.ts';
import { ApiError, SignedOut } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDateTime, h, nextId, time } from '../dom.ts';

const STATE_LABELS: Record<PreviewLinkView['state'], string> = { active: 'gültig', expired: 'abgelaufen', revoked: 'widerrufen' };

/**
 * „Vorschau-Link erstellen“: a link to the item's page exactly as the public site would
 * show it now, for people without an editor account (a client at the read-back, a
 * partner lead on the phone). The address holds a secret shown only right after it is
 * made; the list shows each link's expiry and revokes it. Loaded only when a detail
 * screen is drawn, so the editor's first page stays small.
 */
export function previewLinksSection(ctx: Context, kind: 'story' | 'release', id: string): HTMLElement {
  const base = `/${kind === 'story' ? 'stories' : 'releases'}/${encodeURIComponent(id)}/previews`;
  const headingId = nextId('preview-links');
  const created = h('div', { class: 'preview-link-created', 'aria-live': 'polite' });
  const list = h('div', { 'aria-busy': 'true' }, h('p', { class: 'hint' }, 'Die Vorschau-Links werden geladen …'));
  const create = h('button', { type: 'button' }, 'Vorschau-Link erstellen');
  let items: PreviewLinkView[] = [];

  const problem = (err: unknown, what: string) =>
    h('p', { class: 'field-error', role: 'alert' }, `${what} `, err instanceof ApiError ? err.message : 'Bitte versuchen Sie es noch einmal.');

  const render = () => {
    list.removeAttribute('aria-busy');
    if (!items.length) return list.replaceChildren(h('p', { class: 'empty' }, 'Noch keine Vorschau-Links.'));
    list.replaceChildren(
      h(
        'ul',
        { class: 'preview-links' },
        items.map((link) => {
          const revoke =
            link.state === 'active' &&
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                // The visible words first (WCAG 2.5.3), then which of the links it is.
                'aria-label': `Link widerrufen (erstellt ${formatDateTime(link.createdAt)})`,
              },
              'Link widerrufen',
            );
          const slot = h('span', {});
          if (revoke)
            revoke.addEventListener('click', async () => {
              revoke.disabled = true;
              try {
                const done = await ctx.api.request<PreviewLinkView>('DELETE', `${base}/${link.id}`);
                items = items.map((l) => (l.id === done.id ? done : l));
                render();
                ctx.announce('Der Vorschau-Link ist widerrufen; er öffnet die Seite nicht mehr.');
                create.focus();
              } catch (err) {
                if (err instanceof SignedOut) return;
                revoke.disabled = false;
                slot.replaceChildren(problem(err, 'Der Link konnte nicht widerrufen werden.'));
              }
            });
          return h(
            'li',
            { class: `preview-link ${link.state}` },
            h('span', {}, 'Erstellt von ', h('strong', {}, link.createdByName), ' am ', time(link.createdAt), ' · '),
            link.state === 'active'
              ? h('span', {}, 'gültig bis ', time(link.expiresAt))
              : link.state === 'revoked' && link.revokedAt
                ? h('span', {}, 'widerrufen am ', time(link.revokedAt), link.revokedByName ? ` von ${link.revokedByName}` : '')
                : h('span', {}, `${STATE_LABELS[link.state]} seit `, time(link.expiresAt)),
            revoke && ' ',
            revoke,
            slot,
          );
        }),
      ),
    );
  };

  const load = async () => {
    try {
      items = (await ctx.api.request<PreviewLinkList>('GET', base)).items;
      if (ctx.isCurrent()) render();
    } catch (err) {
      if (err instanceof SignedOut || !ctx.isCurrent()) return;
      list.removeAttribute('aria-busy');
      list.replaceChildren(problem(err, 'Die Vorschau-Links konnten nicht geladen werden.'));
    }
  };

  create.addEventListener('click', async () => {
    create.disabled = true;
    try {
      const link = await ctx.api.request<CreatedPreviewLink>('POST', base, {});
      const url = `${ctx.config.publicSiteUrl}${link.path}`;
      const field = h('input', { type: 'text', readonly: true, value: url, id: nextId('preview-url'), class: 'preview-url' });
      const copy = h('button', { type: 'button', class: 'secondary' }, 'Link kopieren');
      const copied = h('span', { class: 'hint', role: 'status' });
      copy.addEventListener('click', async () => {
        field.select();
        try {
          await navigator.clipboard.writeText(url);
          copied.textContent = 'Link kopiert.';
        } catch {
          copied.textContent = 'Bitte den markierten Link mit Strg+C kopieren.';
        }
      });
      created.replaceChildren(
        h('label', { for: field.id }, 'Neuer Vorschau-Link (nur jetzt sichtbar; gültig bis ', time(link.expiresAt), ')'),
        field,
        h(
          'div',
          { class: 'button-row' },
          copy,
          h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'button secondary' }, 'Vorschau in neuem Tab öffnen'),
          copied,
        ),
      );
      items = [link, ...items];
      render();
      field.focus();
      field.select();
    } catch (err) {
      if (err instanceof SignedOut) return;
      created.replaceChildren(problem(err, 'Der Vorschau-Link konnte nicht erstellt werden.'));
    } finally {
      create.disabled = false;
    }
  });

  void load();
  return h(
    'section',
    { class: 'preview-links-section', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Vorschau-Link'),
    h(
      'p',
      { class: 'hint' },
      'Zeigt die Seite genau so, wie die Website sie jetzt zeigen würde, mit dem Hinweis „Vorschau – nicht veröffentlicht“: auch für Menschen ohne Zugang zur Redaktion, etwa bei der Rückbestätigung. Jeder Link gilt 7 Tage und lässt sich widerrufen. Zu sehen ist nur, was die Einwilligungen für die Website abdecken.',
    ),
    h('div', { class: 'button-row' }, create),
    created,
    list,
  );
}
