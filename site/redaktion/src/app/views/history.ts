import { renderMarkdown } from '@newsroom/domain/markdown.ts';
import { type VersionGroup, versionGroups, versionLabels } from '@newsroom/domain/story-history.ts';
import { headWords, tailWords } from '@newsroom/domain/word-cut.ts';
import { canEdit } from '@newsroom/domain/workflow.ts';
import { ApiError, SignedOut, type StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDateTime, h, nextId, time } from '../dom.ts';
import { editorialApi, type FieldDiff, type StoryDiff, type VersionInfo } from '../editorial-api.ts';
import { confirmDialog } from './confirm-dialog.ts';
import { errorSummary, showSummary } from './errors.ts';
import { controlField } from './fields.ts';
import '../../styles/editorial.css';

/** How many versions the list shows before „Alle Fassungen zeigen“. */
const FIRST = 8;
/** Unchanged stretches longer than this are shortened to their start and end, so the changes stand out. */
const LONG = 360;
const KEEP = 120;
const STEPS_NOTE =
  'Jedes Speichern legt eine Fassung an. Was die Redaktion beim Schreiben von selbst speichert, steht als Zwischenstand bei der Fassung, zu der es geführt hat.';
const short = new Intl.DateTimeFormat('de-DE', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Berlin' });

/** Who may see the versions: the API's roles (administrators do not review content). */
export const maySeeHistory = (ctx: Context) => ctx.me.roles.some((r) => r === 'manager' || r === 'partner-lead' || r === 'press');

/** A long unchanged stretch as its start and end, each cut between words. */
function unchanged(value: string): Node[] {
  if (value.length <= LONG) return [document.createTextNode(value)];
  const head = headWords(value, KEEP);
  const tail = tailWords(value, KEEP);
  const omitted = value.length - head.length - tail.length;
  if (omitted <= 0) return [document.createTextNode(value)];
  return [
    document.createTextNode(head),
    h('span', { class: 'diff-gap' }, ` [… ${omitted.toLocaleString('de-DE')} Zeichen unverändert …] `),
    document.createTextNode(tail),
  ];
}

/**
 * One field's changes as text: removed words in `<del>`, added ones in `<ins>`. Screen
 * readers do not announce those elements, and colour alone says nothing, so each change
 * carries its kind in words (hidden) and is struck through or underlined (visible).
 */
export function diffText(diff: FieldDiff): HTMLElement {
  return h(
    'p',
    { class: 'diff-text' },
    diff.parts.flatMap((p): Node[] => {
      if (p.removed) return [h('del', {}, h('span', { class: 'visually-hidden' }, '[entfernt: '), p.value, h('span', { class: 'visually-hidden' }, ']'))];
      if (p.added) return [h('ins', {}, h('span', { class: 'visually-hidden' }, '[eingefügt: '), p.value, h('span', { class: 'visually-hidden' }, ']'))];
      return unchanged(p.value);
    }),
  );
}

/** „2 Stellen entfernt, 1 eingefügt“: the size of a field's change in words. */
function changeSummary(diff: FieldDiff): string {
  const removed = diff.parts.filter((p) => p.removed && p.value.trim()).length;
  const added = diff.parts.filter((p) => p.added && p.value.trim()).length;
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  return (
    [removed && `${n(removed, 'Stelle', 'Stellen')} entfernt`, added && `${n(added, 'Stelle', 'Stellen')} eingefügt`].filter(Boolean).join(', ') ||
    'Leerzeichen geändert'
  );
}

export function diffView(result: StoryDiff, versions: VersionInfo[], headingId: string): HTMLElement {
  const labels = versionLabels(versions);
  const label = (n: number) => labels.get(n) ?? 'der jetzigen Fassung';
  const name = (n: number) => {
    const v = versions.find((x) => x.version === n);
    return v ? `${label(n)} (${formatDateTime(v.at)}, ${v.byName})` : label(n);
  };
  return h(
    'div',
    { class: 'diff' },
    h('h3', { id: headingId, tabindex: '-1' }, `Unterschiede von ${label(result.from)} zu ${label(result.to)}`),
    h('p', { class: 'hint' }, `Von ${name(result.from)} zu ${name(result.to)}.`),
    h(
      'p',
      { class: 'diff-legend' },
      'So sind die Änderungen markiert: ',
      h('del', {}, 'durchgestrichen'),
      ' = entfernt, ',
      h('ins', {}, 'unterstrichen'),
      ' = eingefügt.',
    ),
    result.fields.length === 0
      ? h('p', { class: 'empty' }, 'Die beiden Fassungen haben denselben Inhalt.')
      : h(
          'div',
          {},
          result.fields.map((f) =>
            h('div', { class: 'diff-field' }, h('h4', {}, f.label, ' ', h('span', { class: 'diff-count' }, `(${changeSummary(f)})`)), diffText(f)),
          ),
        ),
  );
}

/** One version's content, as the preview shows it (the public renderer, raw HTML off). */
async function versionContent(ctx: Context, storyId: string, n: number): Promise<HTMLElement> {
  const v = await editorialApi(ctx.api).version(storyId, n);
  const body = h('div', { class: 'prose' });
  body.innerHTML = v.content.body ? renderMarkdown(v.content.body) : '<p><em>Kein Text.</em></p>';
  return h(
    'div',
    { class: 'version-content' },
    h('p', { class: 'strong' }, v.content.title),
    h('p', { class: 'teaser' }, v.content.teaser ?? h('em', {}, 'Kein Anreißer.')),
    h('p', { class: 'hint' }, `Ort: ${v.content.municipality ?? 'nicht gewählt'} · Themen: ${v.content.topics?.map(ctx.labels.topic).join(', ') || 'keine'}`),
    body,
  );
}

/**
 * The story's saved versions: who saved which when, a word-level comparison of any two,
 * and (for whoever may edit the story now) restoring an earlier one as a new version.
 */
export function historySection(ctx: Context, story: StoryView): HTMLElement | undefined {
  if (!maySeeHistory(ctx)) return undefined;
  const api = editorialApi(ctx.api);
  const mayRestore = canEdit(ctx.me, story) === undefined;
  const headingId = nextId('history');
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'hint' }, 'Die Fassungen werden geladen …'));
  const summarySlot = h('div', {});

  async function restore(v: VersionInfo, label: string, button: HTMLButtonElement) {
    const answer = await confirmDialog({
      title: `${label} wiederherstellen?`,
      text:
        `Der Inhalt von ${label} (${formatDateTime(v.at)}, ${v.byName}) wird als neue Fassung gespeichert. ` +
        'Die jetzige Fassung bleibt in der Liste erhalten und lässt sich ebenso zurückholen.' +
        (story.status === 'published' ? ' Die Geschichte ist veröffentlicht: Die Website zeigt danach den wiederhergestellten Text.' : ''),
      confirm: 'Ja, wiederherstellen',
    });
    if (!answer) return button.focus();
    button.disabled = true;
    try {
      const saved = await api.restore(story.id, v.version, story.version);
      if (!ctx.isCurrent()) return;
      ctx.announce(`${label} wurde wiederhergestellt und als neue Fassung gespeichert.`, { next: true });
      ctx.go({ name: 'story', id: saved.id }, { replace: true });
    } catch (err) {
      if (err instanceof SignedOut || !ctx.isCurrent()) return;
      button.disabled = false;
      const reload =
        err instanceof ApiError && err.status === 409
          ? [
              h(
                'p',
                {},
                h(
                  'button',
                  { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'story', id: story.id }, { replace: true }) },
                  'Aktuelle Fassung laden',
                ),
              ),
            ]
          : [];
      showSummary(summarySlot, errorSummary(err, undefined, ...reload));
    }
  }

  /** A version a person saved (or the one in work), with the automatic saves that led to it folded beneath its name. */
  function row(group: VersionGroup, labels: Map<number, string>, newest: boolean): HTMLElement {
    const v = group.head;
    const label = labels.get(v.version)!;
    const view = h('details', { class: 'version-view' }, h('summary', {}, 'Inhalt ansehen', h('span', { class: 'visually-hidden' }, ` (${label})`)));
    let loaded = false;
    view.addEventListener('toggle', async () => {
      if (!view.open || loaded) return;
      loaded = true;
      const slot = h('div', { 'aria-busy': 'true' }, h('p', { class: 'hint' }, 'Wird geladen …'));
      view.append(slot);
      try {
        slot.replaceChildren(await versionContent(ctx, story.id, v.version));
      } catch (err) {
        loaded = false;
        if (err instanceof SignedOut) return;
        slot.replaceChildren(h('p', { class: 'field-error' }, err instanceof ApiError ? err.message : 'Die Fassung konnte nicht geladen werden.'));
      }
      slot.removeAttribute('aria-busy');
    });
    const restoreButton = mayRestore && !newest ? h('button', { type: 'button', class: 'secondary' }, `${label} wiederherstellen`) : undefined;
    restoreButton?.addEventListener('click', () => void restore(v, label, restoreButton));
    const steps =
      group.steps.length > 0 &&
      h(
        'details',
        { class: 'version-steps' },
        h('summary', {}, group.steps.length === 1 ? '1 automatischer Zwischenstand' : `${group.steps.length} automatische Zwischenstände`),
        h(
          'ul',
          { class: 'plain' },
          group.steps.map((step) => h('li', {}, `${labels.get(step.version)}: `, time(step.at), `, ${step.byName}`)),
        ),
      );
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, label, newest ? h('span', { class: 'badge current-version' }, 'aktuell') : '', steps || ''),
      h('td', {}, time(v.at)),
      h('td', {}, v.byName),
      h('td', {}, view, restoreButton ?? ''),
    );
  }

  /** Any two versions, automatic saves too; preselected: the two newest a person saved. */
  function compareForm(versions: VersionInfo[], groups: VersionGroup[], labels: Map<number, string>): HTMLElement {
    const options = (selected: number) =>
      versions.map((v) =>
        h('option', { value: String(v.version), selected: v.version === selected }, `${labels.get(v.version)} · ${short.format(new Date(v.at))} · ${v.byName}`),
      );
    const heads = groups.map((g) => g.head.version);
    const from = h('select', {}, options(heads[1] ?? versions[1]!.version));
    const to = h('select', {}, options(heads[0]!));
    const fromField = controlField({ label: 'Ältere Fassung', control: from });
    const toField = controlField({ label: 'Neuere Fassung', control: to });
    const result = h('div', { class: 'diff-result' });
    const show = h('button', { type: 'submit' }, 'Unterschiede anzeigen');
    const form = h(
      'form',
      { class: 'compare-form', novalidate: true, 'aria-label': 'Zwei Fassungen vergleichen' },
      h('div', { class: 'compare-fields' }, fromField.el, toField.el),
      h('div', { class: 'form-actions' }, show),
      result,
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      let a = Number(from.value);
      let b = Number(to.value);
      if (a === b) {
        fromField.field.setError(['Bitte zwei verschiedene Fassungen wählen.']);
        return from.focus();
      }
      fromField.field.setError([]);
      // The older one is always "from", whichever way round they were chosen.
      if (a > b) [a, b] = [b, a];
      show.disabled = true;
      result.setAttribute('aria-busy', 'true');
      try {
        const diff = await api.diff(story.id, a, b);
        if (!ctx.isCurrent()) return;
        const resultId = nextId('diff');
        result.replaceChildren(diffView(diff, versions, resultId));
        document.getElementById(resultId)?.focus();
      } catch (err) {
        if (err instanceof SignedOut || !ctx.isCurrent()) return;
        result.replaceChildren(errorSummary(err));
      } finally {
        show.disabled = false;
        result.removeAttribute('aria-busy');
      }
    });
    return form;
  }

  function render(versions: VersionInfo[]) {
    body.removeAttribute('aria-busy');
    if (versions.length === 0) {
      return body.replaceChildren(
        h('p', { class: 'empty' }, 'Für diese Geschichte sind keine Fassungen gespeichert (angelegt, bevor es den Fassungsverlauf gab).'),
      );
    }
    const labels = versionLabels(versions);
    const groups = versionGroups(versions).reverse();
    const rows = groups.map((g, i) => row(g, labels, i === 0));
    const tbody = h('tbody', {}, rows.slice(0, FIRST));
    const table = h(
      'table',
      { class: 'versions' },
      h('caption', { class: 'visually-hidden' }, 'Gespeicherte Fassungen, neueste zuerst'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Fassung'),
          h('th', { scope: 'col' }, 'Gespeichert'),
          h('th', { scope: 'col' }, 'Von'),
          h('th', { scope: 'col' }, 'Inhalt'),
        ),
      ),
      tbody,
    );
    const all = rows.length > FIRST ? h('button', { type: 'button', class: 'secondary' }, `Alle ${rows.length} Fassungen zeigen`) : undefined;
    all?.addEventListener('click', () => {
      tbody.append(...rows.slice(FIRST));
      all.remove();
      rows[FIRST]?.querySelector<HTMLElement>('summary')?.focus();
    });
    body.replaceChildren(
      h('div', { class: 'table-scroll' }, table),
      all ? h('p', {}, all) : '',
      versions.length > 1
        ? compareForm(versions, groups, labels)
        : h('p', { class: 'hint' }, 'Es gibt erst eine Fassung; sobald die Geschichte wieder gespeichert wird, lassen sich zwei vergleichen.'),
    );
  }

  const load = async () => {
    try {
      const { items } = await api.versions(story.id);
      if (ctx.isCurrent()) render(items);
    } catch (err) {
      if (err instanceof SignedOut || !ctx.isCurrent()) return;
      body.removeAttribute('aria-busy');
      body.replaceChildren(
        h('p', { class: 'field-error' }, 'Die Fassungen konnten nicht geladen werden. ', err instanceof ApiError ? err.message : ''),
        h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => void load() }, 'Fassungen noch einmal laden')),
      );
    }
  };
  void load();

  return h(
    'section',
    { class: 'history-section', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Fassungen'),
    h(
      'p',
      { class: 'hint' },
      mayRestore
        ? `${STEPS_NOTE} Vergleichen Sie zwei Fassungen oder holen Sie eine frühere zurück; das Zurückholen speichert sie als neue Fassung, nichts geht verloren.`
        : `${STEPS_NOTE} Wählen Sie zwei Fassungen, um zu sehen, was sich geändert hat.`,
    ),
    summarySlot,
    body,
  );
}
