import { ApiError, SignedOut } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId, time } from '../dom.ts';
import { type AuditLine, editorialApi } from '../editorial-api.ts';
import { href } from '../router.ts';
import { actionText, type EntityKind, entityCell, entityOf, statusChange, titleResolver } from './audit-entries.ts';
import '../../styles/editorial.css';

/** How far back the month list reaches; older months stay reachable by address (#/protokoll/2023-04). */
const MONTHS_BACK = 36;

const monthName = new Intl.DateTimeFormat('de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** „März 2026“ for `2026-03`. */
export const monthLabel = (month: string) => monthName.format(new Date(`${month}-01T00:00:00Z`));

/** The month of a Berlin calendar day, and its neighbours. */
const currentMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date()).slice(0, 7);
function shift(month: string, by: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + by);
  return d.toISOString().slice(0, 7);
}

const KINDS: { id: '' | EntityKind | 'statistics' | 'administration'; label: string }[] = [
  { id: '', label: 'Alle' },
  { id: 'story', label: 'Geschichten' },
  { id: 'release', label: 'Pressemitteilungen' },
  { id: 'statistics', label: 'Statistik' },
  { id: 'administration', label: 'Verwaltung' },
];
const kindMatches = (kind: string, e: AuditLine) => {
  if (!kind) return true;
  const k = entityOf(e.entity).kind;
  if (kind === 'statistics') return k === 'submission' || k === 'snapshot' || k === 'settings';
  if (kind === 'administration') return k === 'user' || k === 'organisation';
  return k === kind;
};

/**
 * The global audit trail („Protokoll“), month by month and newest first: who changed what
 * and when, across stories, press releases and statistics. Read-only for everyone.
 */
export async function auditPage(ctx: Context, requested?: string): Promise<void> {
  if (!ctx.me.roles.includes('press') && !ctx.me.roles.includes('admin')) {
    return ctx.show(
      'Protokoll',
      h(
        'p',
        {},
        'Das Protokoll aller Änderungen sehen die Pressestelle und die Administration. Den Verlauf einer einzelnen Geschichte finden Sie auf ihrer Seite unter „Verlauf“.',
      ),
      h('p', {}, h('a', { href: href({ name: 'overview' }) }, 'Zur Übersicht')),
    );
  }
  const now = currentMonth();
  const month = requested && requested <= now ? requested : now;
  const api = editorialApi(ctx.api);
  const first = await api.audit(month);
  let items = first.items;
  let next = first.next;
  const resolve = titleResolver(ctx);

  // Month picker: a list of months and an explicit „Anzeigen“, so choosing never navigates by itself.
  const monthId = nextId('month');
  const months = Array.from({ length: MONTHS_BACK }, (_, i) => shift(now, -i));
  if (!months.includes(month)) months.push(month);
  const picker = h(
    'select',
    { id: monthId },
    months.map((m) => h('option', { value: m, selected: m === month }, monthLabel(m))),
  );
  const kindId = nextId('kind');
  const kind = h(
    'select',
    { id: kindId },
    KINDS.map((k) => h('option', { value: k.id }, k.label)),
  );
  const monthForm = h(
    'form',
    { class: 'month-form', novalidate: true, 'aria-label': 'Monat wählen' },
    h('div', { class: 'field' }, h('label', { for: monthId }, 'Monat'), picker),
    h('button', { type: 'submit' }, 'Anzeigen'),
  );
  // Narrows what is loaded at once; unlike the month it fetches nothing.
  const kindField = h('div', { class: 'field kind-filter' }, h('label', { for: kindId }, 'Art der Einträge'), kind);
  monthForm.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.go({ name: 'audit', month: picker.value });
  });

  const older = shift(month, -1);
  const newer = shift(month, 1);
  const nav = h(
    'nav',
    { class: 'month-nav', 'aria-label': 'Monate blättern' },
    h('a', { href: href({ name: 'audit', month: older }) }, `← ${monthLabel(older)}`),
    newer <= now && h('a', { href: href({ name: 'audit', month: newer }) }, `${monthLabel(newer)} →`),
  );

  const tbody = h('tbody', {});
  const countLine = h('p', { class: 'filter-result' });
  const empty = h('p', { class: 'empty' });
  const table = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'audit-table' },
      h('caption', { class: 'visually-hidden' }, `Protokoll ${monthLabel(month)}, neueste zuerst`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Zeitpunkt'),
          h('th', { scope: 'col' }, 'Person'),
          h('th', { scope: 'col' }, 'Was'),
          h('th', { scope: 'col' }, 'Status'),
          h('th', { scope: 'col' }, 'Eintrag'),
        ),
      ),
      tbody,
    ),
  );
  const more = h('button', { type: 'button', class: 'secondary' }, 'Weitere laden');
  const moreRow = h('p', {}, more);

  const row = (e: AuditLine) =>
    h(
      'tr',
      {},
      h('td', {}, time(e.at)),
      h('td', {}, e.byName),
      h('td', {}, actionText(ctx, e)),
      h('td', { class: 'change' }, statusChange(ctx, e) ?? '—'),
      h('td', {}, entityCell(ctx, e.entity, resolve)),
    );

  const render = () => {
    const shown = items.filter((e) => kindMatches(kind.value, e));
    tbody.replaceChildren(...shown.map(row));
    table.hidden = shown.length === 0;
    empty.hidden = shown.length > 0;
    empty.textContent = items.length ? 'Keine Einträge dieser Art unter den geladenen.' : `Im ${monthLabel(month)} gibt es keine Einträge.`;
    countLine.textContent = `${shown.length} ${shown.length === 1 ? 'Eintrag' : 'Einträge'}${kind.value ? ` (von ${items.length} geladenen)` : ''}${next ? '; ältere dieses Monats mit „Weitere laden“' : ''}.`;
    moreRow.hidden = !next;
    return shown;
  };
  kind.addEventListener('change', () => {
    const shown = render();
    ctx.announce(`${shown.length} Einträge angezeigt.`);
  });

  more.addEventListener('click', async () => {
    if (!next) return;
    more.disabled = true;
    const before = tbody.children.length;
    try {
      const page = await api.audit(month, next);
      if (!ctx.isCurrent()) return;
      items = [...items, ...page.items];
      next = page.next;
      render();
      ctx.announce(`${page.items.length} weitere Einträge geladen${next ? '' : '; das sind alle dieses Monats'}.`);
      (tbody.children[before]?.querySelector('a') ?? (next ? more : picker)).focus();
    } catch (err) {
      if (err instanceof SignedOut) return;
      ctx.announce(err instanceof ApiError ? err.message : 'Weitere Einträge konnten nicht geladen werden.');
    } finally {
      more.disabled = false;
    }
  });

  render();
  ctx.show(
    `Protokoll: ${monthLabel(month)}`,
    h(
      'p',
      { class: 'lead' },
      'Wer wann was geändert hat: Status, Einwilligungen, Veröffentlichungen, Rücknahmen, Statistik. Das Protokoll lässt sich nicht bearbeiten.',
    ),
    monthForm,
    nav,
    kindField,
    countLine,
    table,
    empty,
    moreRow,
  );
}
