import type { Municipality } from '@newsroom/domain/municipalities.ts';
import { partnerShort } from '@newsroom/domain/partners.ts';
import {
  ADULT_FIGURES,
  adultsOf,
  COUNT_KEYS,
  type CountKey,
  countProblems,
  countyToday,
  figure,
  type PartialCounts,
  parseCountText,
  percentOf,
  submissionId,
} from '@newsroom/domain/statistics.ts';
import {
  canCreateSubmission,
  canEditSubmission,
  latestAccepted,
  SUBMISSION_ACTION_LABELS,
  type SubmissionAction,
} from '@newsroom/domain/statistics-workflow.ts';
import { ApiError, SignedOut } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { errorSummary, showSummary } from '../views/errors.ts';
import type { StatisticsApi, SubmissionView } from './api.ts';
import {
  askDialog,
  auditList,
  dayHref,
  dayTitle,
  fmtCount,
  fmtPercent,
  germanDay,
  isCounty,
  section,
  statHref,
  submissionBadge,
  submissionHref,
  time,
} from './common.ts';

const ORDER: SubmissionAction[] = ['submit', 'approve', 'accept', 'return', 'correct', 'discard'];
const FORWARD = new Set<SubmissionAction>(['submit', 'approve', 'accept']);

const DONE: Record<SubmissionAction, string> = {
  submit: 'Die Meldung wurde zur Freigabe eingereicht.',
  approve: 'Die Meldung ist freigegeben und liegt jetzt bei der Pressestelle.',
  accept: 'Die Meldung ist angenommen; ihre Zahlen zählen jetzt für den Landkreis.',
  return: 'Die Meldung wurde mit Ihrem Kommentar zurückgegeben.',
  correct: 'Die Korrektur ist begonnen. Bis sie angenommen ist, gelten die bisherigen Zahlen.',
  discard: 'Die Korrektur wurde verworfen; es gelten wieder die angenommenen Zahlen.',
};

const AUDIT: Record<string, string> = {
  create: 'Angelegt',
  edit: 'Zahlen geändert',
  submit: 'Zur Freigabe eingereicht',
  approve: 'Vom Träger freigegeben',
  accept: 'Von der Pressestelle angenommen',
  return: 'Zurückgegeben',
  correct: 'Korrektur begonnen',
  discard: 'Korrektur verworfen',
};

/** What the derived line under a field says: adults for minors, shares for the parts. */
function derivedText(key: CountKey, c: PartialCounts): string {
  const adults = c.clients !== undefined && c.minors !== undefined && c.minors <= c.clients ? adultsOf({ clients: c.clients, minors: c.minors }) : undefined;
  switch (key) {
    case 'minors':
      return adults === undefined
        ? 'Erwachsene werden berechnet, sobald beide Zahlen eingetragen sind.'
        : `Erwachsene (berechnet): ${fmtCount(adults)} · Minderjährige: ${fmtPercent(percentOf(c.minors, c.clients))} der Klient:innen`;
    case 'germanB1':
    case 'employed':
    case 'training':
      // No share while the figure breaks a rule: the error next to the field says why.
      return c[key] === undefined || adults === undefined || c[key]! > adults
        ? 'Anteil an den Erwachsenen: wird berechnet.'
        : `Das sind ${fmtPercent(percentOf(c[key], adults))} der ${fmtCount(adults)} Erwachsenen.`;
    case 'rental':
      return c.rental === undefined || c.ended === undefined || c.rental > c.ended
        ? 'Anteil an den beendeten Beratungen: wird berechnet.'
        : `Das sind ${fmtPercent(percentOf(c.rental, c.ended))} der beendeten Beratungen.`;
    default:
      return '';
  }
}

interface CountsForm {
  el: HTMLElement;
  /** The typed counts; undefined for a field that is empty or not a valid number. */
  read(): { counts: PartialCounts; problems: { field: CountKey; message: string }[] };
  fill(c: PartialCounts): void;
  /** Shows problems next to their fields (all others cleared). */
  showProblems(problems: { field: string; message: string }[]): void;
  focus(field: string): HTMLElement | undefined;
  isDirty(): boolean;
  markSaved(): void;
}

/**
 * The seven counts with inline validation and the derived figures shown as you type.
 * Validation uses the domain's own rules (the API checks the same again).
 */
function countsForm(initial: PartialCounts): CountsForm {
  const fields = COUNT_KEYS.map((key) => {
    const id = nextId(`count-${key}`);
    const def = figure(key);
    const input = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', id, name: key, class: 'count-input', spellcheck: 'false' });
    const hintId = `${id}-hint`;
    const derivedId = `${id}-derived`;
    const errorId = `${id}-error`;
    const error = h('p', { id: errorId, class: 'field-error', hidden: true });
    const derived = ['minors', ...ADULT_FIGURES, 'rental'].includes(key) ? h('p', { id: derivedId, class: 'derived' }) : undefined;
    const describedBy = [def.hint ? hintId : '', derived ? derivedId : ''].filter(Boolean);
    const el = h(
      'div',
      { class: 'field count-field' },
      h('label', { for: id }, def.label),
      def.hint && h('p', { id: hintId, class: 'hint' }, def.hint),
      error,
      input,
      derived,
    );
    const setError = (messages: string[]) => {
      const has = messages.length > 0;
      error.replaceChildren(...(has ? [h('span', { class: 'visually-hidden' }, 'Fehler: '), messages.join(' ')] : []));
      error.hidden = !has;
      el.classList.toggle('has-error', has);
      if (has) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      const ids = has ? [...describedBy, errorId] : describedBy;
      if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
      else input.removeAttribute('aria-describedby');
    };
    setError([]);
    return { key, input, el, derived, setError };
  });

  const read = () => {
    const counts: PartialCounts = {};
    const problems: { field: CountKey; message: string }[] = [];
    for (const f of fields) {
      const parsed = parseCountText(f.input.value);
      if (parsed.error) problems.push({ field: f.key, message: parsed.error });
      else if (parsed.value !== undefined) counts[f.key] = parsed.value;
    }
    return { counts, problems: [...problems, ...countProblems(counts)] };
  };
  const showProblems = (problems: { field: string; message: string }[]) => {
    for (const f of fields) f.setError(problems.filter((p) => p.field.replace(/^counts\./, '') === f.key).map((p) => p.message));
  };
  const update = () => {
    const { counts } = read();
    for (const f of fields) if (f.derived) f.derived.textContent = derivedText(f.key, counts);
  };
  /** Errors appear when a field is left and disappear as soon as they are fixed. */
  const touched = new Set<string>();
  const validate = () => {
    const { problems } = read();
    showProblems(problems.filter((p) => touched.has(p.field)));
  };
  for (const f of fields) {
    f.input.addEventListener('input', () => {
      update();
      if (touched.has(f.key)) validate();
    });
    f.input.addEventListener('blur', () => {
      if (f.input.value.trim()) touched.add(f.key);
      validate();
    });
  }
  let saved = '';
  const fill = (c: PartialCounts) => {
    for (const f of fields) f.input.value = c[f.key] === undefined ? '' : String(c[f.key]);
    update();
  };
  fill(initial);
  saved = JSON.stringify(read().counts);
  const groups = h(
    'div',
    { class: 'counts-grid' },
    h(
      'fieldset',
      { class: 'count-group' },
      h('legend', {}, 'Im Programm am Stichtag'),
      fields.filter((f) => ['clients', 'minors'].includes(f.key)).map((f) => f.el),
    ),
    h(
      'fieldset',
      { class: 'count-group' },
      h('legend', {}, 'Davon Erwachsene'),
      fields.filter((f) => (ADULT_FIGURES as readonly string[]).includes(f.key)).map((f) => f.el),
    ),
    h(
      'fieldset',
      { class: 'count-group' },
      h('legend', {}, 'Seit dem vorigen Stichtag'),
      fields.filter((f) => ['ended', 'rental'].includes(f.key)).map((f) => f.el),
    ),
  );
  return {
    el: groups,
    read,
    fill: (c) => {
      fill(c);
      saved = JSON.stringify(read().counts);
    },
    showProblems: (p) => {
      for (const x of p) touched.add(x.field.replace(/^counts\./, ''));
      showProblems(p);
    },
    focus: (field) => fields.find((f) => f.key === field.replace(/^counts\./, ''))?.input,
    isDirty: () => JSON.stringify(read().counts) !== saved,
    markSaved: () => {
      saved = JSON.stringify(read().counts);
    },
  };
}

/** A read-only table of counts with their derived shares. */
export function countsTable(c: PartialCounts, caption: string): HTMLElement {
  const adults = c.clients !== undefined && c.minors !== undefined ? adultsOf({ clients: c.clients, minors: c.minors }) : undefined;
  const share = (key: CountKey | 'adults') => {
    const base = figure(key).base;
    const baseValue = base === 'adults' ? adults : base ? c[base] : undefined;
    return percentOf(key === 'adults' ? adults : c[key], baseValue);
  };
  const rows = (['clients', 'minors', 'adults', 'germanB1', 'employed', 'training', 'ended', 'rental'] as const).map((key) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, figure(key).label),
      h('td', { class: 'num' }, fmtCount(key === 'adults' ? adults : c[key])),
      h('td', { class: 'num' }, fmtPercent(share(key))),
    ),
  );
  // Its own scroll box (named by the caption), so the page never grows wider than a phone.
  return h(
    'div',
    { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': caption },
    h(
      'table',
      { class: 'counts-table' },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Kennzahl'),
          h('th', { scope: 'col', class: 'num' }, 'Anzahl'),
          h('th', { scope: 'col', class: 'num' }, 'Anteil'),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

async function ask(action: SubmissionAction) {
  if (action === 'return') {
    return askDialog({
      title: 'Meldung zurückgeben',
      text: 'Die Meldung geht an den Träger zurück und kann dort geändert und erneut eingereicht werden.',
      confirm: 'Mit Kommentar zurückgeben',
      field: {
        label: 'Kommentar (Pflichtfeld)',
        hint: 'Was soll geprüft oder geändert werden?',
        missing: 'Bitte einen Kommentar angeben, damit der Träger weiß, was zu ändern ist.',
      },
    });
  }
  if (action === 'correct') {
    return askDialog({
      title: 'Korrektur beginnen',
      text: 'Die Zahlen werden wieder bearbeitbar. Bis die Pressestelle die korrigierten Zahlen annimmt, gelten die bisherigen.',
      confirm: 'Korrektur beginnen',
      field: {
        label: 'Grund der Korrektur (Pflichtfeld)',
        hint: 'Wird mit den korrigierten Zahlen gespeichert, mindestens 10 Zeichen.',
        missing: 'Bitte den Grund der Korrektur in mindestens 10 Zeichen angeben.',
        minLength: 10,
      },
    });
  }
  if (action === 'accept') {
    return askDialog({
      title: 'Meldung annehmen?',
      text: 'Die Zahlen zählen danach für die Statistik des Landkreises und gehen in die nächste Veröffentlichung ein. Ändern lassen sie sich dann nur noch mit einer begründeten Korrektur und beiden Freigaben.',
      confirm: 'Ja, annehmen',
    });
  }
  if (action === 'discard') {
    return askDialog({
      title: 'Korrektur verwerfen?',
      text: 'Ihre Änderungen seit Beginn der Korrektur gehen verloren; es gelten wieder die angenommenen Zahlen.',
      confirm: 'Ja, Korrektur verwerfen',
      danger: true,
    });
  }
  return {};
}

/** The new-submission form, or one submission: its figures (editable in draft), next steps, history. */
export async function submissionScreen(ctx: Context, sapi: StatisticsApi, id?: string, prefill: { date?: string; municipality?: string } = {}): Promise<void> {
  let s: SubmissionView | undefined;
  let choose: { date: HTMLSelectElement; municipality: HTMLSelectElement } | undefined;
  if (id) {
    s = await sapi.submission(id);
  } else {
    const refusal = canCreateSubmission(ctx.me);
    if (refusal) return ctx.show('Neue Meldung', h('p', {}, refusal), h('p', {}, h('a', { href: statHref() }, 'Zur Statistik')));
    const [snapshots, settings] = await Promise.all([sapi.snapshots(), sapi.settings()]);
    const today = countyToday(new Date());
    const dates = snapshots.items.filter((x) => x.origin === 'submissions' && x.date <= today);
    const mine = settings.assignment[ctx.me.partner] ?? [];
    if (!dates.length || !mine.length) {
      return ctx.show(
        'Neue Meldung',
        h(
          'p',
          {},
          !dates.length
            ? 'Die Pressestelle hat noch keinen Stichtag angelegt, zu dem gemeldet werden kann.'
            : 'Ihrem Träger sind noch keine Städte und Gemeinden zugeordnet. Bitte wenden Sie sich an die Administration.',
        ),
        h('p', {}, h('a', { href: statHref() }, 'Zur Statistik')),
      );
    }
    choose = {
      date: h(
        'select',
        { name: 'date', id: nextId('date') },
        dates.map((d) => h('option', { value: d.date }, dayTitle(d))),
      ),
      municipality: h(
        'select',
        { name: 'municipality', id: nextId('municipality') },
        h('option', { value: '' }, 'Bitte wählen'),
        mine.map((m) => h('option', { value: m }, m)),
      ),
    };
    if (prefill.date && dates.some((d) => d.date === prefill.date)) choose.date.value = prefill.date;
    if (prefill.municipality && mine.includes(prefill.municipality as never)) choose.municipality.value = prefill.municipality;
  }

  const editable = !s || !canEditSubmission(ctx.me, s);
  const form = editable ? countsForm(s?.counts ?? {}) : undefined;
  if (form) ctx.router.guardLeaving(() => form.isDirty());
  const summarySlot = h('div', {});
  const chooseError = h('p', { class: 'field-error', hidden: true, id: nextId('municipality-error') });

  const save = async (): Promise<SubmissionView | undefined> => {
    const { counts, problems } = form!.read();
    const chooseProblem = choose && !choose.municipality.value ? [{ field: 'municipality', message: 'Bitte eine Stadt oder Gemeinde wählen.' }] : [];
    if (problems.length || chooseProblem.length) {
      form!.showProblems(problems);
      if (chooseProblem.length) {
        chooseError.replaceChildren(h('span', { class: 'visually-hidden' }, 'Fehler: '), chooseProblem[0]!.message);
        chooseError.hidden = false;
        choose!.municipality.setAttribute('aria-invalid', 'true');
        choose!.municipality.setAttribute('aria-describedby', chooseError.id);
      }
      const all = [...chooseProblem, ...problems];
      showSummary(
        summarySlot,
        errorSummary(new ApiError(400, 'Ungültig', 'Bitte prüfen Sie die markierten Zahlen.', all), (f) =>
          f === 'municipality' ? choose?.municipality : form!.focus(f),
        ),
      );
      return undefined;
    }
    try {
      const result = s
        ? await sapi.updateSubmission(s.id, s.version, counts)
        : await sapi.createSubmission(choose!.date.value, choose!.municipality.value, counts);
      form!.markSaved();
      return result;
    } catch (err) {
      if (err instanceof SignedOut || !ctx.isCurrent()) return undefined;
      const problems = err instanceof ApiError ? err.problems.filter((p) => p.field) : [];
      form!.showProblems(problems.map((p) => ({ field: p.field!, message: p.message })));
      // A second submission for the same place and date: the id is known by construction.
      const existing =
        err instanceof ApiError && err.status === 409 && !s
          ? submissionId(choose!.date.value, ctx.me.partner, choose!.municipality.value as Municipality)
          : undefined;
      const extra: Node[] = [];
      if (err instanceof ApiError && err.status === 409 && s) {
        extra.push(
          h(
            'p',
            {},
            h(
              'button',
              { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'statistics', path: `/meldungen/${s!.id}` }, { replace: true }) },
              'Aktuelle Fassung laden',
            ),
          ),
        );
      }
      if (existing) extra.push(h('p', {}, h('a', { href: submissionHref(existing) }, 'Zur vorhandenen Meldung')));
      showSummary(
        summarySlot,
        errorSummary(err, (f) => (f === 'municipality' || f === 'date' ? choose?.[f] : form!.focus(f)), ...extra),
      );
      return undefined;
    }
  };

  const actions = (s?.actions ?? []).slice().sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  const buttons = actions.map((action) => {
    const b = h(
      'button',
      { type: 'button', class: FORWARD.has(action) ? '' : action === 'discard' ? 'danger' : 'secondary' },
      SUBMISSION_ACTION_LABELS[action],
    );
    b.addEventListener('click', async () => {
      const answer = await ask(action);
      if (!answer) return b.focus();
      for (const x of buttons) x.disabled = true;
      ctx.announce('Wird ausgeführt …');
      try {
        let current = s!;
        // Unsaved figures go with the step, so "Zur Freigabe einreichen" right after typing does what it says.
        if (form?.isDirty() && action === 'submit') {
          const saved = await save();
          if (!saved) {
            for (const x of buttons) x.disabled = false;
            ctx.announce('');
            return;
          }
          current = saved;
        }
        await sapi.transition(current.id, action, current.version, answer.text);
        if (!ctx.isCurrent()) return;
        ctx.announce(DONE[action], { next: true });
        ctx.go({ name: 'statistics', path: `/meldungen/${current.id}` }, { replace: true });
      } catch (err) {
        if (err instanceof SignedOut || !ctx.isCurrent()) return;
        for (const x of buttons) x.disabled = false;
        ctx.announce('');
        const reload =
          err instanceof ApiError && err.status === 409
            ? [
                h(
                  'p',
                  {},
                  h(
                    'button',
                    { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'statistics', path: `/meldungen/${s!.id}` }, { replace: true }) },
                    'Aktuelle Fassung laden',
                  ),
                ),
              ]
            : [];
        showSummary(
          summarySlot,
          errorSummary(err, (f) => form?.focus(f), ...reload),
        );
      }
    });
    return b;
  });

  const saveButton = form && h('button', { type: 'submit', class: s ? 'secondary' : '' }, s ? 'Zahlen speichern' : 'Meldung anlegen');
  const formEl =
    form &&
    h(
      'form',
      { class: 'stat-form', novalidate: true },
      choose &&
        h(
          'div',
          { class: 'choose' },
          h('div', { class: 'field' }, h('label', { for: choose.date.id }, 'Stichtag'), choose.date),
          h(
            'div',
            { class: 'field' },
            h('label', { for: choose.municipality.id }, 'Stadt oder Gemeinde'),
            h('p', { class: 'hint' }, `Nur die Ihrem Träger (${partnerShort(ctx.me.partner)}) zugeordneten.`),
            chooseError,
            choose.municipality,
          ),
        ),
      h(
        'p',
        { class: 'hint' },
        'Nur ganze Zahlen. Eine Meldung darf unvollständig gespeichert werden; zum Einreichen braucht sie alle sieben Zahlen. Anteile werden berechnet, nie eingegeben.',
      ),
      form.el,
      h('div', { class: 'form-actions' }, saveButton, !s && h('a', { href: statHref(), class: 'button secondary' }, 'Abbrechen')),
    );
  formEl?.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (saveButton!.disabled) return;
    saveButton!.disabled = true;
    ctx.announce('Wird gespeichert …');
    const result = await save();
    saveButton!.disabled = false;
    if (!result) return ctx.announce('');
    ctx.announce('Die Zahlen wurden gespeichert.', { next: true });
    ctx.go({ name: 'statistics', path: `/meldungen/${result.id}` }, { replace: true });
  });

  if (!s) {
    return ctx.show('Neue Meldung', summarySlot, formEl);
  }

  const acc = latestAccepted(s);
  const hint = guidance(ctx, s);
  const nextId_ = nextId('next');
  ctx.show(
    `Meldung ${s.municipality}`,
    h(
      'p',
      { class: 'lead' },
      `${ctx.labels.partnerName(s.partner)} · `,
      h('a', { href: dayHref(s.date) }, `Stichtag ${germanDay(s.date)}`),
      ' · ',
      submissionBadge(s.status),
      s.revision > 1 ? ` · Fassung ${s.revision}` : '',
      s.demo ? ' · Demo-Daten' : '',
    ),
    s.status === 'returned' &&
      s.returnComment &&
      h(
        'section',
        { class: 'return-comment prominent', 'aria-labelledby': 'stat-return' },
        h('h2', { id: 'stat-return' }, 'Rückmeldung'),
        h('blockquote', {}, s.returnComment),
      ),
    s.correctionReason &&
      h(
        'div',
        { class: 'notice' },
        h('h2', {}, 'Korrektur in Arbeit'),
        h('p', {}, `Grund: ${s.correctionReason}`),
        acc && h('p', {}, `Bis die Korrektur angenommen ist, gelten die Zahlen vom ${germanDay(acc.at.slice(0, 10))} (Fassung ${acc.revision}).`),
      ),
    s.correctionInProgress && h('div', { class: 'notice' }, h('p', {}, 'Der Träger korrigiert diese Zahlen gerade. Angezeigt sind die angenommenen Zahlen.')),
    h(
      'section',
      { class: 'actions', 'aria-labelledby': nextId_ },
      h('h2', { id: nextId_ }, 'Nächste Schritte'),
      !formEl && summarySlot,
      hint && h('p', { class: 'hint' }, hint),
      buttons.length > 0 && h('div', { class: 'button-row' }, ...buttons),
    ),
    formEl ? section('Zahlen', summarySlot, formEl) : section('Zahlen', countsTable(s.counts, `Zahlen der Meldung (Fassung ${s.revision})`)),
    s.accepted.length > 0 &&
      section(
        'Angenommene Fassungen',
        h(
          'ol',
          { class: 'revisions' },
          [...s.accepted]
            .reverse()
            .map((a) =>
              h(
                'li',
                {},
                h(
                  'p',
                  {},
                  h('strong', {}, `Fassung ${a.revision}`),
                  ' · angenommen am ',
                  time(a.at),
                  ` von ${a.byName}`,
                  a.revision > 1 ? ' · korrigiert' : '',
                ),
                a.reason && h('p', {}, `Grund der Korrektur: ${a.reason}`),
                h(
                  'p',
                  {},
                  `Klient:innen ${fmtCount(a.counts.clients)}, Minderjährige ${fmtCount(a.counts.minors)}, beendete Beratungen ${fmtCount(a.counts.ended)}.`,
                ),
              ),
            ),
        ),
      ),
    section(
      'Verlauf',
      auditList(s.audit, (a) => AUDIT[a] ?? a),
    ),
  );
}

function guidance(ctx: Context, s: SubmissionView): string | undefined {
  const acts = s.actions;
  if (acts.includes('submit'))
    return 'Wenn alle Zahlen stimmen, reichen Sie die Meldung ein. Die Partnerleitung prüft sie, bevor sie an die Pressestelle geht.';
  if (acts.includes('approve')) return 'Bitte prüfen Sie die Zahlen und geben Sie sie frei oder mit einem Kommentar zurück.';
  if (acts.includes('accept')) return 'Mit der Annahme zählen die Zahlen für die Statistik des Landkreises.';
  if (s.status === 'submitted')
    return 'Die Meldung wartet auf die Freigabe durch die Partnerleitung. Wer die Zahlen erfasst oder eingereicht hat, kann sie nicht selbst freigeben.';
  if (s.status === 'approved') return 'Die Meldung wartet auf die Annahme durch die Pressestelle.';
  if (s.status === 'accepted' && acts.includes('correct'))
    return 'Die Zahlen sind angenommen. Wenn sich ein Fehler zeigt, beginnen Sie eine Korrektur; sie braucht einen Grund und wieder beide Freigaben.';
  if (s.status === 'accepted') return isCounty(ctx) ? 'Die Zahlen sind angenommen und zählen für den Landkreis.' : undefined;
  return undefined;
}
