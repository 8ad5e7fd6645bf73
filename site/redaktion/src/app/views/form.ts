import { renderMarkdown } from '../../../../../functions/domain/markdown.ts';
import { canCreate, canEdit } from '../../../../../functions/domain/workflow.ts';
import type { StoryDraftInput, StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { href } from '../router.ts';
import { errorSummary, showSummary } from './errors.ts';

interface Field {
  /** Where focus goes when the person follows an error link. */
  focusTarget: HTMLElement;
  setError(messages: string[]): void;
}

/**
 * Wires a control to its label, hint and error message. The error sits between the
 * label and the control (read before typing) and is named in aria-describedby.
 */
function field(opts: { id: string; label: string; hint?: string; control: HTMLElement; describedBy?: string[]; after?: Node[] }): { el: HTMLElement; field: Field } {
  const hintId = `${opts.id}-hint`;
  const errorId = `${opts.id}-error`;
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const described = [...(opts.hint ? [hintId] : []), ...(opts.describedBy ?? [])];
  const setDescribed = (withError: boolean) => {
    const ids = withError ? [...described, errorId] : described;
    if (ids.length) opts.control.setAttribute('aria-describedby', ids.join(' '));
  };
  setDescribed(false);
  opts.control.id = opts.id;
  const el = h('div', { class: 'field' },
    h('label', { for: opts.id }, opts.label),
    opts.hint && h('p', { id: hintId, class: 'hint' }, opts.hint),
    error,
    opts.control,
    ...(opts.after ?? []));
  return {
    el,
    field: {
      focusTarget: opts.control,
      setError(messages) {
        const has = messages.length > 0;
        error.replaceChildren(...(has ? [h('span', { class: 'visually-hidden' }, 'Fehler: '), messages.join(' ')] : []));
        error.hidden = !has;
        el.classList.toggle('has-error', has);
        if (has) opts.control.setAttribute('aria-invalid', 'true');
        else opts.control.removeAttribute('aria-invalid');
        setDescribed(has);
      },
    },
  };
}

/** `story.topics.0` (PUT) and `topics` (POST) both name the topics field. */
const fieldName = (path: string) => path.replace(/^story\./, '').split('.')[0]!;

/** The new-story form (`id` absent) or the edit form of one story. */
export async function storyForm(ctx: Context, id?: string): Promise<void> {
  const { meta, api, me } = ctx;
  let story: StoryView | undefined;
  if (id) {
    story = await api.getStory(id);
    const refusal = canEdit(me, story);
    if (refusal) {
      return ctx.show('Geschichte bearbeiten', h('p', {}, refusal),
        h('p', {}, h('a', { href: href({ name: 'story', id }) }, 'Zurück zur Geschichte')));
    }
  } else {
    const refusal = canCreate(me);
    if (refusal) return ctx.show('Neue Geschichte', h('p', {}, refusal), h('p', {}, h('a', { href: href({ name: 'overview' }) }, 'Zur Übersicht')));
  }
  let version = story?.version;

  const title = h('input', { type: 'text', name: 'title', autocomplete: 'off', spellcheck: 'true', 'aria-required': 'true' });
  const teaser = h('textarea', { name: 'teaser', rows: 3, spellcheck: 'true' });
  const municipality = h('select', { name: 'municipality' },
    h('option', { value: '' }, 'Bitte wählen'),
    meta.municipalities.map((m) => h('option', { value: m }, m)));
  const body = h('textarea', { name: 'body', rows: 16, spellcheck: 'true', class: 'body-input' });

  // Teaser counter: always visible; read out with the field, and announced politely after a pause in typing.
  const counterId = nextId('teaser-count');
  const counter = h('p', { id: counterId, class: 'counter' });
  const counterLive = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  let counterTimer: number | undefined;
  const updateCounter = (announce: boolean) => {
    const used = teaser.value.trim().length;
    const left = meta.teaserMax - used;
    const text = left >= 0
      ? `${used} von ${meta.teaserMax} Zeichen, noch ${left} frei`
      : `${used} von ${meta.teaserMax} Zeichen – ${-left} zu viel`;
    counter.textContent = text;
    counter.classList.toggle('over', left < 0);
    window.clearTimeout(counterTimer);
    if (announce) counterTimer = window.setTimeout(() => { counterLive.textContent = text; }, 1000);
  };
  teaser.addEventListener('input', () => updateCounter(true));

  const topicsId = nextId('topics');
  const topicsHint = `${topicsId}-hint`;
  const topicsError = h('p', { id: `${topicsId}-error`, class: 'field-error', hidden: true });
  const topicBoxes = meta.topics.map((t) => {
    const box = h('input', { type: 'checkbox', name: 'topics', value: t.id, id: `${topicsId}-${t.id}` });
    return { box, el: h('div', { class: 'checkbox' }, box, h('label', { for: box.id }, t.label)) };
  });
  const topicsFieldset = h('fieldset', { class: 'field', 'aria-describedby': topicsHint },
    h('legend', {}, 'Themen'),
    h('p', { id: topicsHint, class: 'hint' }, 'Ein bis vier Themen, unter denen die Geschichte erscheint.'),
    topicsError,
    h('div', { class: 'checkboxes' }, topicBoxes.map((t) => t.el)));
  const topicsField: Field = {
    focusTarget: topicBoxes[0]!.box,
    setError(messages) {
      const has = messages.length > 0;
      topicsError.replaceChildren(...(has ? [h('span', { class: 'visually-hidden' }, 'Fehler: '), messages.join(' ')] : []));
      topicsError.hidden = !has;
      topicsFieldset.classList.toggle('has-error', has);
      topicsFieldset.setAttribute('aria-describedby', has ? `${topicsHint} ${topicsError.id}` : topicsHint);
    },
  };

  const preview = h('div', { class: 'prose preview-body' });
  const previewBox = h('details', { class: 'preview' }, h('summary', {}, 'Vorschau des Textes'), preview);
  let previewTimer: number | undefined;
  const updatePreview = () => {
    // The same renderer as the public site: Markdown with raw HTML off.
    preview.innerHTML = body.value.trim() ? renderMarkdown(body.value) : '<p>Noch kein Text.</p>';
  };
  previewBox.addEventListener('toggle', () => { if (previewBox.open) updatePreview(); });
  body.addEventListener('input', () => {
    window.clearTimeout(previewTimer);
    if (previewBox.open) previewTimer = window.setTimeout(updatePreview, 300);
  });

  const markdownHelp = h('details', { class: 'help' },
    h('summary', {}, 'Hilfe zur Formatierung (Markdown)'),
    h('ul', {},
      h('li', {}, 'Eine Leerzeile beginnt einen neuen Absatz.'),
      h('li', {}, h('code', {}, '## Zwischenüberschrift'), ' am Zeilenanfang für eine Zwischenüberschrift.'),
      h('li', {}, h('code', {}, '**fett**'), ' und ', h('code', {}, '*kursiv*'), ' zum Hervorheben.'),
      h('li', {}, h('code', {}, '- Punkt'), ' am Zeilenanfang für eine Aufzählung, ', h('code', {}, '1. Punkt'), ' für eine nummerierte Liste.'),
      h('li', {}, h('code', {}, '[Linktext](https://www.landkreis-ludwigsburg.de)'), ' für einen Link.'),
      h('li', {}, h('code', {}, '> Zitat'), ' am Zeilenanfang für ein Zitat.'),
      h('li', {}, 'HTML wird nicht übernommen, sondern als Text angezeigt.')));

  const f = {
    title: field({ id: nextId('title'), label: 'Titel', hint: 'Kurz und konkret, 5 bis 120 Zeichen.', control: title }),
    teaser: field({ id: nextId('teaser'), label: 'Anreißer', hint: `Zwei, drei Sätze für Übersichten und den Feed, 20 bis ${meta.teaserMax} Zeichen.`, control: teaser, describedBy: [counterId], after: [counter, counterLive] }),
    municipality: field({ id: nextId('municipality'), label: 'Stadt oder Gemeinde', hint: 'Wo die Geschichte spielt.', control: municipality }),
    body: field({ id: nextId('body'), label: 'Text', hint: 'Mindestens 50 Zeichen. Formatierung mit Markdown, Hilfe unter dem Feld.', control: body, after: [markdownHelp, previewBox] }),
  };
  const fields: Record<string, Field> = {
    title: f.title.field, teaser: f.teaser.field, municipality: f.municipality.field, topics: topicsField, body: f.body.field,
  };

  const fill = (s: Partial<StoryView>) => {
    title.value = s.title ?? '';
    teaser.value = s.teaser ?? '';
    municipality.value = s.municipality ?? '';
    for (const t of topicBoxes) t.box.checked = s.topics?.includes(t.box.value as never) ?? false;
    body.value = s.body ?? '';
    updateCounter(false);
    if (previewBox.open) updatePreview();
  };

  /** Empty fields are left out: a draft may be incomplete, and what is sent must be well-formed. */
  const collect = (): StoryDraftInput => {
    const input: StoryDraftInput = { title: title.value };
    if (teaser.value.trim()) input.teaser = teaser.value;
    if (municipality.value) input.municipality = municipality.value as StoryDraftInput['municipality'];
    const topics = topicBoxes.filter((t) => t.box.checked).map((t) => t.box.value);
    if (topics.length) input.topics = topics as StoryDraftInput['topics'];
    if (body.value.trim()) input.body = body.value;
    return input;
  };

  fill(story ?? {});
  let saved = JSON.stringify(collect());
  ctx.router.guardLeaving(() => JSON.stringify(collect()) !== saved);

  const summarySlot = h('div', {});
  const save = h('button', { type: 'submit' }, 'Speichern');
  const cancelHref = id ? href({ name: 'story', id }) : href({ name: 'overview' });
  const form = h('form', { class: 'story-form', novalidate: true },
    summarySlot,
    f.title.el, f.teaser.el, f.municipality.el, topicsFieldset, f.body.el,
    h('div', { class: 'form-actions' }, save, h('a', { href: cancelHref, class: 'button secondary' }, 'Abbrechen')));

  const clearErrors = () => { for (const x of Object.values(fields)) x.setError([]); };

  const showProblems = (err: unknown) => {
    clearErrors();
    const byField = new Map<string, string[]>();
    for (const p of (err as { problems?: { field?: string; message: string }[] }).problems ?? []) {
      if (!p.field) continue;
      const name = fieldName(p.field);
      if (fields[name]) byField.set(name, [...(byField.get(name) ?? []), p.message]);
    }
    for (const [name, messages] of byField) fields[name]!.setError(messages);
    const extra = conflictOffer(err);
    showSummary(summarySlot, errorSummary(err, (path) => fields[fieldName(path)]?.focusTarget, ...extra));
  };

  /** On 409: offer the current version; keep what the person typed visible so nothing is lost. */
  const conflictOffer = (err: unknown): Node[] => {
    if ((err as { status?: number }).status !== 409 || !id) return [];
    const load = h('button', { type: 'button', class: 'secondary' }, 'Aktuelle Fassung laden');
    load.addEventListener('click', async () => {
      const mine = collect();
      const current = (err as { current?: StoryView }).current ?? await api.getStory(id);
      version = current.version;
      fill(current);
      saved = JSON.stringify(collect());
      clearErrors();
      summarySlot.replaceChildren(h('div', { class: 'notice' },
        h('h2', {}, 'Aktuelle Fassung geladen'),
        h('p', {}, `Das Formular zeigt jetzt die Fassung von ${current.audit.at(-1)?.byName ?? 'jemand anderem'}. Ihre eigenen Eingaben stehen hier zum Übernehmen:`),
        h('details', { open: true }, h('summary', {}, 'Ihre nicht gespeicherten Eingaben'),
          h('dl', { class: 'mine' },
            h('dt', {}, 'Titel'), h('dd', {}, mine.title),
            h('dt', {}, 'Anreißer'), h('dd', {}, mine.teaser ?? '—'),
            h('dt', {}, 'Text'), h('dd', {}, h('pre', {}, mine.body ?? '—'))))));
      ctx.announce('Die aktuelle Fassung ist geladen. Ihre eigenen Eingaben stehen über dem Formular.');
      title.focus();
    });
    return [h('p', {}, load)];
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    save.disabled = true;
    ctx.announce('Wird gespeichert …');
    try {
      const input = collect();
      const result = id && version !== undefined ? await api.updateStory(id, version, input) : await api.createStory(input);
      saved = JSON.stringify(input);
      ctx.announce('Die Geschichte wurde gespeichert.', { next: true });
      ctx.go({ name: 'story', id: result.id }, { replace: true });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      ctx.announce('');
      showProblems(err);
    } finally {
      save.disabled = false;
    }
  });

  ctx.show(id ? 'Geschichte bearbeiten' : 'Neue Geschichte',
    story && h('p', { class: 'lead' }, `„${story.title}“ · ${ctx.labels.status(story.status)}`),
    h('p', { class: 'hint' }, 'Ein Entwurf darf unvollständig sein; nur der Titel ist nötig. Vollständig muss die Geschichte erst beim Einreichen sein.'),
    form);
}
