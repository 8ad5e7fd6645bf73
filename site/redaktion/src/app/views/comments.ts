import { ApiError, SignedOut, type StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId, time } from '../dom.ts';
import { type Comment, editorialApi } from '../editorial-api.ts';
import { controlField } from './fields.ts';
import '../../styles/editorial.css';

const MIN = 2;
const MAX = 2000;

/** Who may read a story's review comments: its own partner and the press office (the API says the same). */
export function mayComment(ctx: Context, story: Pick<StoryView, 'partner'>): boolean {
  const { roles, partner } = ctx.me;
  const staff = roles.includes('manager') || roles.includes('partner-lead') || roles.includes('press');
  return staff && (story.partner === partner || roles.includes('press'));
}

function commentItem(ctx: Context, c: Comment): HTMLElement {
  return h(
    'li',
    { class: 'comment' },
    h('p', { class: 'comment-meta' }, h('strong', {}, c.byName), ` · ${ctx.labels.partnerShort(c.partner)} · `, time(c.at)),
    h('p', { class: 'comment-text' }, c.text),
  );
}

/**
 * Review comments on a story: the conversation, oldest first, with the form below it.
 * The section is drawn at once and fills itself, so a slow list never holds up the story.
 */
export function commentsSection(ctx: Context, story: StoryView): HTMLElement | undefined {
  if (!mayComment(ctx, story)) return undefined;
  const api = editorialApi(ctx.api);
  const headingId = nextId('comments');
  const count = h('span', { class: 'count' });
  const list = h('ol', { class: 'comments' });
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'hint' }, 'Die Kommentare werden geladen …'));

  const text = h('textarea', { rows: 4, spellcheck: 'true', 'aria-required': 'true' });
  const field = controlField({
    label: 'Ihr Kommentar',
    hint: `Sichtbar für ${ctx.labels.partnerName(story.partner)} und die Pressestelle, nie öffentlich. ${MIN} bis 2.000 Zeichen.`,
    control: text,
  });
  const send = h('button', { type: 'submit' }, 'Kommentar hinzufügen');
  const form = h('form', { class: 'comment-form', novalidate: true, 'aria-label': 'Kommentar schreiben' }, field.el, h('div', { class: 'form-actions' }, send));

  let items: Comment[] = [];
  const render = () => {
    count.textContent = `(${items.length})`;
    list.replaceChildren(...items.map((c) => commentItem(ctx, c)));
    body.replaceChildren(items.length ? list : h('p', { class: 'empty' }, 'Noch keine Kommentare.'));
  };

  const load = async () => {
    try {
      items = (await api.comments(story.id)).items;
      if (!ctx.isCurrent()) return;
      body.removeAttribute('aria-busy');
      render();
    } catch (err) {
      if (err instanceof SignedOut || !ctx.isCurrent()) return;
      body.removeAttribute('aria-busy');
      body.replaceChildren(
        h('p', { class: 'field-error' }, 'Die Kommentare konnten nicht geladen werden. ', err instanceof ApiError ? err.message : ''),
        h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => void load() }, 'Kommentare noch einmal laden')),
      );
    }
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (send.disabled) return;
    const value = text.value.trim();
    const problem =
      value.length < MIN
        ? 'Bitte einen Kommentar schreiben.'
        : value.length > MAX
          ? `Der Kommentar darf höchstens 2.000 Zeichen haben; er hat ${value.length}.`
          : undefined;
    field.field.setError(problem ? [problem] : []);
    if (problem) return text.focus();
    send.disabled = true;
    try {
      const added = await api.addComment(story.id, value);
      if (!ctx.isCurrent()) return;
      items = [...items, added];
      render();
      text.value = '';
      // The confirmation goes to the polite live region; focus stays in the field for a follow-up.
      ctx.announce('Ihr Kommentar wurde hinzugefügt.');
      text.focus();
    } catch (err) {
      if (err instanceof SignedOut || !ctx.isCurrent()) return;
      const messages =
        err instanceof ApiError
          ? [err.message, ...err.problems.map((p) => p.message).filter((m) => m !== err.message)]
          : ['Der Kommentar konnte nicht gespeichert werden. Bitte versuchen Sie es noch einmal.'];
      field.field.setError(messages);
      text.focus();
    } finally {
      send.disabled = false;
    }
  });

  void load();
  return h(
    'section',
    { class: 'comments-section', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Kommentare ', count),
    h(
      'p',
      { class: 'hint' },
      'Fragen und Hinweise zur Geschichte zwischen Autor:in, Partnerleitung und Pressestelle. Eine Rückgabe mit Pflichtkommentar geht über „Zurückgeben“.',
    ),
    body,
    form,
  );
}
