import type { Municipality } from '@newsroom/domain/municipalities.ts';
import { COUNT_KEYS, type CountKey, countProblems, figure, type PartialCounts, parseCountText } from '@newsroom/domain/statistics.ts';
import { defaultRules, MIN_REASON_LENGTH, type PlausibilityFlag, plausibilityFlags } from '@newsroom/domain/statistics-plausibility.ts';
import { SignedOut } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { errorSummary, showSummary } from '../views/errors.ts';
import type { PartnerGrid, StatisticsApi } from './api.ts';
import { dayHref, fmtCount, germanDay, submissionBadge } from './common.ts';

/**
 * One grid per reporting date for a partner: a row per municipality, a column per
 * counted figure, the previous reporting date's value beside each cell. It behaves like
 * a spreadsheet (arrow keys and Enter move between cells; tab-separated rows pasted from
 * Excel or LibreOffice are shown as understood before they are taken over), checks each
 * cell in German as it is typed, and asks for a reason wherever a figure moved more than
 * the threshold since the previous reporting date. Loaded only on this screen.
 */

type Row = PartnerGrid['rows'][number];

interface CellState {
  input: HTMLInputElement;
  error: HTMLElement;
}

const editable = (r: Row) => !r.submission || r.submission.status === 'draft' || r.submission.status === 'returned';

export async function gridScreen(ctx: Context, sapi: StatisticsApi, date: string): Promise<void> {
  const grid = await sapi.grid(date);
  if (!ctx.isCurrent()) return;
  render(ctx, sapi, grid);
}

function render(ctx: Context, sapi: StatisticsApi, grid: PartnerGrid): void {
  const rules = defaultRules(grid.changeThreshold);
  const cells = new Map<string, CellState>();
  const key = (m: string, k: CountKey) => `${m}|${k}`;
  const reasons = new Map<string, string>();
  for (const r of grid.rows) for (const [k, v] of Object.entries(r.submission?.reasons ?? {})) reasons.set(key(r.municipality, k as CountKey), v);
  const summarySlot = h('div', {});
  const previewSlot = h('div', {});
  const flagsSlot = h('div', {});
  const totals = new Map<CountKey, HTMLElement>();
  let dirty = false;
  ctx.router.guardLeaving(() => dirty);

  const values = (m: string): { counts: PartialCounts; invalid: boolean } => {
    const counts: PartialCounts = {};
    let invalid = false;
    for (const k of COUNT_KEYS) {
      const parsed = parseCountText(cells.get(key(m, k))!.input.value);
      if (parsed.error) invalid = true;
      else if (parsed.value !== undefined) counts[k] = parsed.value;
    }
    return { counts, invalid };
  };

  /** Checks one row: each cell's own text, then the rules between the row's figures. */
  const checkRow = (m: string) => {
    const { counts } = values(m);
    const cross = new Map(countProblems(counts).map((p) => [p.field, p.message]));
    for (const k of COUNT_KEYS) {
      const c = cells.get(key(m, k))!;
      const message = parseCountText(c.input.value).error ?? cross.get(k);
      c.error.textContent = message ?? '';
      c.error.hidden = !message;
      if (message) c.input.setAttribute('aria-invalid', 'true');
      else c.input.removeAttribute('aria-invalid');
    }
  };

  const updateTotals = () => {
    for (const k of COUNT_KEYS) {
      const sum = grid.rows.reduce((s, r) => s + (values(r.municipality).counts[k] ?? 0), 0);
      totals.get(k)!.textContent = fmtCount(sum);
    }
  };

  const currentFlags = (): { row: Row; flag: PlausibilityFlag }[] =>
    grid.rows.flatMap((row) => plausibilityFlags(values(row.municipality).counts, row.previous, rules).map((flag) => ({ row, flag })));

  const renderFlags = () => {
    const flags = currentFlags();
    for (const c of cells.values()) c.input.closest('td')!.classList.remove('flagged');
    for (const { row, flag } of flags) cells.get(key(row.municipality, flag.field))!.input.closest('td')!.classList.add('flagged');
    const focused = document.activeElement instanceof HTMLTextAreaElement ? document.activeElement.dataset.reason : undefined;
    flagsSlot.replaceChildren(
      h('h2', { id: 'auffaellig' }, 'Auffällige Änderungen'),
      flags.length === 0
        ? h('p', {}, `Keine: Keine Zahl weicht um mehr als ±${grid.changeThreshold} % vom vorigen Stichtag ab.`)
        : h(
            'div',
            {},
            h(
              'p',
              { class: 'hint' },
              `Diese Zahlen weichen um mehr als ±${grid.changeThreshold} % vom vorigen Stichtag ab. Bitte begründen Sie jede Änderung (mindestens ${MIN_REASON_LENGTH} Zeichen); die Partnerleitung liest die Begründung vor der Freigabe.`,
            ),
            ...flags.map(({ row, flag }) => {
              const id = `reason-${row.municipality}-${flag.field}`.replace(/[^A-Za-z0-9_-]/g, '_');
              const k = key(row.municipality, flag.field);
              const area = h('textarea', { id, rows: 2, 'data-reason': k, readonly: !editable(row) }) as HTMLTextAreaElement;
              area.value = reasons.get(k) ?? '';
              area.addEventListener('input', () => {
                reasons.set(k, area.value);
                dirty = true;
              });
              return h('div', { class: 'field reason' }, h('label', { for: id }, `${row.municipality}: ${flag.message}`), area);
            }),
          ),
    );
    if (focused) (flagsSlot.querySelector(`[data-reason="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  };

  const inputs = () => [...cells.values()].map((c) => c.input);
  const moveFocus = (from: HTMLInputElement, dRow: number, dCol: number) => {
    const r = Number(from.dataset.row) + dRow;
    const c = Number(from.dataset.col) + dCol;
    const target = inputs().find((i) => Number(i.dataset.row) === r && Number(i.dataset.col) === c);
    if (target) {
      target.focus();
      target.select();
    }
  };

  const onKey = (e: KeyboardEvent) => {
    const input = e.target as HTMLInputElement;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    if (e.key === 'ArrowUp') moveFocus(input, -1, 0);
    else if (e.key === 'ArrowDown') moveFocus(input, 1, 0);
    else if (e.key === 'Enter') moveFocus(input, e.shiftKey ? -1 : 1, 0);
    else if (e.key === 'ArrowLeft' && (atStart || input.readOnly)) moveFocus(input, 0, -1);
    else if (e.key === 'ArrowRight' && (atEnd || input.readOnly)) moveFocus(input, 0, 1);
    else return;
    e.preventDefault();
  };

  const changed = (m: string) => {
    dirty = true;
    checkRow(m);
    updateTotals();
    renderFlags();
  };

  const onPaste = (e: ClipboardEvent) => {
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (!/[\t\n]/.test(text.trim())) return;
    e.preventDefault();
    const from = e.target as HTMLInputElement;
    showPreview(understand(text, grid.rows, Number(from.dataset.row), Number(from.dataset.col)));
  };

  const showPreview = (plan: PastePlan) => {
    const apply = h('button', { type: 'button' }, 'Übernehmen');
    const discard = h('button', { type: 'button', class: 'secondary' }, 'Verwerfen');
    const headingId = nextId('paste');
    const region = h(
      'section',
      { class: 'paste-preview', 'aria-labelledby': headingId },
      h('h2', { id: headingId, tabindex: '-1' }, 'Eingefügte Zahlen prüfen'),
      h(
        'p',
        {},
        plan.cells.length
          ? `So wurden ${plan.cells.length} Werte verstanden. Erst mit „Übernehmen“ stehen sie in der Tabelle.`
          : 'In der Zwischenablage wurden keine Werte für Ihre Gemeinden erkannt.',
      ),
      plan.skipped.length > 0 && h('p', { class: 'hint' }, `Nicht übernommen: ${plan.skipped.join('; ')}.`),
      plan.cells.length > 0 &&
        h(
          'div',
          { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': 'Vorschau der eingefügten Werte' },
          h(
            'table',
            { class: 'stat-list' },
            h('caption', { class: 'visually-hidden' }, 'Vorschau der eingefügten Werte'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'Gemeinde'),
                h('th', { scope: 'col' }, 'Zahl'),
                h('th', { scope: 'col' }, 'Eingefügt'),
                h('th', { scope: 'col' }, 'Verstanden als'),
              ),
            ),
            h(
              'tbody',
              {},
              plan.cells.map((c) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, c.municipality),
                  h('td', {}, figure(c.field).short),
                  h('td', {}, c.text),
                  h('td', { class: c.error ? 'field-error' : 'num' }, c.error ?? fmtCount(c.value)),
                ),
              ),
            ),
          ),
        ),
      h('div', { class: 'button-row' }, plan.cells.length > 0 && apply, discard),
    );
    const close = (focusBack: boolean) => {
      previewSlot.replaceChildren();
      if (focusBack) inputs()[0]?.focus();
    };
    apply.addEventListener('click', () => {
      const touched = new Set<string>();
      for (const c of plan.cells) {
        const cell = cells.get(key(c.municipality, c.field))!;
        cell.input.value = c.text;
        touched.add(c.municipality);
      }
      for (const m of touched) checkRow(m);
      dirty = true;
      updateTotals();
      renderFlags();
      close(false);
      ctx.announce(`${plan.cells.length} eingefügte Werte übernommen.`);
      cells.get(key(plan.cells[0]!.municipality, plan.cells[0]!.field))!.input.focus();
    });
    discard.addEventListener('click', () => {
      close(true);
      ctx.announce('Einfügen verworfen.');
    });
    previewSlot.replaceChildren(region);
    (region.querySelector('h2') as HTMLElement).focus();
  };

  const captionId = nextId('grid-caption');
  const hintId = nextId('grid-hint');
  const table = h(
    'table',
    { class: 'stat-grid', 'aria-describedby': hintId },
    h('caption', { class: 'visually-hidden' }, `Zahlen Ihres Trägers zum Stichtag ${grid.dateLabel}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Stadt oder Gemeinde'),
        COUNT_KEYS.map((k) => h('th', { scope: 'col', class: 'num' }, h('abbr', { title: figure(k).label }, figure(k).short))),
        h('th', { scope: 'col' }, 'Stand'),
      ),
    ),
    h(
      'tbody',
      {},
      grid.rows.map((row, r) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, row.municipality),
          COUNT_KEYS.map((k, c) => {
            const errorId = nextId('cell-error');
            const prevId = nextId('cell-prev');
            const before = row.previous?.[k];
            const input = h('input', {
              type: 'text',
              inputmode: 'numeric',
              autocomplete: 'off',
              class: 'grid-input',
              'aria-label': `${figure(k).label}, ${row.municipality}`,
              'aria-describedby': `${prevId} ${errorId}`,
              'data-row': String(r),
              'data-col': String(c),
              readonly: !editable(row),
            }) as HTMLInputElement;
            const stored = row.submission?.counts[k];
            input.value = stored === undefined ? '' : String(stored);
            input.addEventListener('keydown', onKey);
            input.addEventListener('paste', onPaste);
            input.addEventListener('input', () => changed(row.municipality));
            const error = h('span', { id: errorId, class: 'cell-error', hidden: true });
            cells.set(key(row.municipality, k), { input, error });
            return h(
              'td',
              { class: 'grid-cell' },
              input,
              h('span', { id: prevId, class: 'previous' }, before === undefined ? 'vorher: –' : `vorher: ${fmtCount(before)}`),
              error,
            );
          }),
          h('td', {}, submissionBadge(row.submission ? row.submission.status : 'none', 'Noch nicht gespeichert')),
        ),
      ),
    ),
    h(
      'tfoot',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, 'Summe'),
        COUNT_KEYS.map((k) => {
          const cell = h('td', { class: 'num' });
          totals.set(k, cell);
          return cell;
        }),
        h('td', {}),
      ),
    ),
  );

  const rowsToSave = () =>
    grid.rows.filter(editable).map((row) => {
      const flagged = plausibilityFlags(values(row.municipality).counts, row.previous, rules);
      const rowReasons = Object.fromEntries(flagged.map((f) => [f.field, reasons.get(key(row.municipality, f.field))?.trim() ?? '']).filter(([, v]) => v));
      return {
        municipality: row.municipality as Municipality,
        ...(row.submission ? { version: row.submission.version } : {}),
        counts: values(row.municipality).counts,
        ...(Object.keys(rowReasons).length ? { reasons: rowReasons } : {}),
      };
    });

  const fieldTarget = (field: string) => {
    const [m, k] = field.split('.');
    if (k)
      return (
        (flagsSlot.querySelector(`[data-reason="${CSS.escape(key(m!, k as CountKey))}"]`) as HTMLElement | null) ?? cells.get(key(m!, k as CountKey))?.input
      );
    return cells.get(key(field, 'clients'))?.input;
  };

  const anyEditable = grid.rows.some(editable);
  const save = h('button', { type: 'button' }, 'Entwurf speichern');
  const submit = h('button', { type: 'button' }, 'Stichtag einreichen');
  const approve = h('button', { type: 'button' }, 'Alle eingereichten freigeben');
  const canApprove = ctx.me.roles.includes('partner-lead') && grid.rows.some((r) => r.submission?.status === 'submitted');
  const buttons = [save, submit, approve];

  const run = async (work: () => Promise<string>) => {
    if (grid.rows.some((r) => editable(r) && values(r.municipality).invalid)) {
      for (const r of grid.rows) checkRow(r.municipality);
      showSummary(
        summarySlot,
        h(
          'div',
          { class: 'error-summary', role: 'alert', tabindex: '-1' },
          h('h2', {}, 'Bitte prüfen Sie Ihre Eingaben'),
          h('p', {}, 'Einige Zellen enthalten keine gültige Zahl; sie sind markiert.'),
        ),
      );
      return;
    }
    for (const b of buttons) b.disabled = true;
    ctx.announce('Wird gespeichert …');
    try {
      const message = await work();
      if (!ctx.isCurrent()) return;
      dirty = false;
      ctx.announce(message, { next: true });
      ctx.go({ name: 'statistics', path: `/stichtage/${grid.date}/tabelle` }, { replace: true });
    } catch (err) {
      if (err instanceof SignedOut || !ctx.isCurrent()) return;
      for (const b of buttons) b.disabled = false;
      ctx.announce('');
      showSummary(summarySlot, errorSummary(err, fieldTarget));
    }
  };

  save.addEventListener('click', () =>
    run(async () => {
      await sapi.saveGrid(grid.date, rowsToSave());
      return 'Der Entwurf ist gespeichert.';
    }),
  );
  submit.addEventListener('click', () =>
    run(async () => {
      await sapi.saveGrid(grid.date, rowsToSave());
      const { results } = await sapi.dateAction(grid.date, 'submit');
      return `Der Stichtag ist eingereicht: ${results.length} ${results.length === 1 ? 'Meldung wartet' : 'Meldungen warten'} auf die Freigabe der Partnerleitung.`;
    }),
  );
  approve.addEventListener('click', () =>
    run(async () => {
      const { results } = await sapi.dateAction(grid.date, 'approve');
      const done = results.filter((r) => r.ok).map((r) => r.municipality);
      const refused = results.filter((r) => !r.ok).map((r) => `${r.municipality}: ${r.message}`);
      return [done.length ? `Freigegeben: ${done.join(', ')}.` : 'Nichts freigegeben.', ...refused].join(' ');
    }),
  );

  ctx.show(
    `Zahlen zum Stichtag ${grid.dateLabel}`,
    h(
      'p',
      { class: 'lead' },
      grid.previousDate
        ? `Neben jeder Zelle steht die angenommene Zahl vom vorigen Stichtag (${germanDay(grid.previousDate)}).`
        : 'Zum vorigen Stichtag liegen keine angenommenen Zahlen vor; es gibt nichts zu vergleichen.',
    ),
    h(
      'p',
      { id: hintId, class: 'hint' },
      'Bedienung wie in einer Tabellenkalkulation: Pfeiltasten und Enter wechseln die Zelle. Zeilen aus Excel oder LibreOffice können Sie einfügen (Strg+V); Sie sehen vorher, was erkannt wurde. Beginnt eine eingefügte Zeile mit dem Namen einer Gemeinde, landet sie in deren Zeile.',
    ),
    summarySlot,
    previewSlot,
    // The title stays whole above the scroll box on a phone; the caption names the table for screen readers.
    h('p', { id: captionId, class: 'grid-title', 'aria-hidden': 'true' }, `Zahlen Ihres Trägers zum Stichtag ${grid.dateLabel}`),
    h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': `Zahlen Ihres Trägers zum Stichtag ${grid.dateLabel}` }, table),
    h('section', { class: 'stat-section', 'aria-labelledby': 'auffaellig' }, flagsSlot),
    h('div', { class: 'button-row' }, anyEditable && save, anyEditable && submit, canApprove && approve),
    h('p', {}, h('a', { href: dayHref(grid.date) }, 'Zurück zum Stichtag')),
  );
  for (const r of grid.rows) checkRow(r.municipality);
  updateTotals();
  renderFlags();
}

interface PasteCell {
  municipality: string;
  field: CountKey;
  text: string;
  value?: number;
  error?: string;
}
interface PastePlan {
  cells: PasteCell[];
  skipped: string[];
}

const normalise = (s: string) => s.trim().toLocaleLowerCase('de');

/**
 * What a tab-separated paste means: a line that starts with one of the partner's
 * municipalities fills that row from the first figure on; other lines fill from the
 * focused cell down and to the right. A header line (no number in it) is skipped.
 */
export function understand(text: string, rows: readonly Pick<Row, 'municipality'>[], startRow: number, startCol: number): PastePlan {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const cells: PasteCell[] = [];
  const skipped: string[] = [];
  let next = startRow;
  for (const line of lines) {
    const parts = line.split('\t');
    const named = rows.findIndex((r) => normalise(r.municipality) === normalise(parts[0] ?? ''));
    const values = named >= 0 ? parts.slice(1) : parts;
    if (named < 0 && /[A-Za-zÄÖÜäöüß]/.test(parts[0] ?? '') && !values.some((v) => /\d/.test(v))) {
      skipped.push(`Überschrift „${line.replace(/\t/g, ' | ').slice(0, 60)}“`);
      continue;
    }
    if (named < 0 && /[A-Za-zÄÖÜäöüß]/.test(parts[0] ?? '')) {
      skipped.push(`„${parts[0]}“ ist keine Ihrer Gemeinden`);
      continue;
    }
    const r = named >= 0 ? named : next;
    const col = named >= 0 ? 0 : startCol;
    next = r + 1;
    const row = rows[r];
    if (!row) {
      skipped.push(`Zeile „${line.replace(/\t/g, ' | ').slice(0, 40)}“ hat keinen Platz mehr in der Tabelle`);
      continue;
    }
    values.forEach((v, i) => {
      const field = COUNT_KEYS[col + i];
      if (!field) {
        if (v.trim()) skipped.push(`${row.municipality}: „${v.trim()}“ nach der letzten Spalte`);
        return;
      }
      const parsed = parseCountText(v);
      cells.push({ municipality: row.municipality, field, text: v.trim(), ...parsed });
    });
  }
  return { cells, skipped };
}
