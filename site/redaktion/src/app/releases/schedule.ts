import { fromBerlinLocal, germanDateTime, toBerlinLocal } from '@newsroom/domain/berlin-time.ts';
import { ApiError, type Problem } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { errorSummary, showSummary } from '../views/errors.ts';
import { assignProblems, type Field } from '../views/fields.ts';
import { type ReleaseView, releasesApi } from './api.ts';
import { berlinTime, isPress, releaseHref } from './common.ts';

const utcTime = new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Whether the clocks change on this Berlin day (the offset at its start and end differ). */
function isChangeDay(day: string): boolean {
  const start = fromBerlinLocal(`${day}T00:00`);
  const end = fromBerlinLocal(`${day}T23:59`);
  if (!start.ok || !end.ok) return false;
  const offset = (local: string, at: Date) => Date.parse(`${local}:00Z`) - at.getTime();
  return offset(`${day}T00:00`, start.at) !== offset(`${day}T23:59`, end.at);
}

/**
 * What a Berlin wall-clock time means: the UTC instant and the offset, a warning on the
 * nights the clocks change, and the API's own German refusal for a time that does not exist.
 */
export function describeLocal(local: string): { ok: boolean; text: string } {
  const r = fromBerlinLocal(local);
  if (!r.ok) return { ok: false, text: r.message };
  const offsetHours = Math.round((Date.parse(`${local}:00Z`) - r.at.getTime()) / 3_600_000);
  const zone = offsetHours === 2 ? 'Sommerzeit (MESZ, UTC+2)' : 'Winterzeit (MEZ, UTC+1)';
  let text = `Entspricht ${utcTime.format(r.at)} Uhr UTC; in Deutschland gilt dann ${zone}.`;
  // The hour that occurs twice when the clocks go back: the earlier one (still summer time) is meant.
  const later = new Date(r.at.getTime() + 3_600_000);
  if (toBerlinLocal(later) === local) text += ` Diese Uhrzeit gibt es in der Nacht der Zeitumstellung zweimal; gemeint ist die erste, noch in der Sommerzeit.`;
  else if (isChangeDay(local.slice(0, 10))) text += ' An diesem Tag wird die Uhr umgestellt; bitte die Uhrzeit genau prüfen.';
  return { ok: true, text };
}

export interface When {
  el: HTMLElement;
  field: Field;
  /** `YYYY-MM-DDTHH:mm`, undefined when empty, or a problem when half filled. */
  value(): { local?: string; problem?: string };
  set(iso: string | undefined): void;
}

/** Date and time of one moment (Sperrfrist or end) as two inputs, with the note on what they mean. */
export function whenField(opts: { legend: string; hint: string; clearLabel: string; disabled?: string; announce: (m: string) => void }): When {
  const id = nextId('when');
  const date = h('input', { type: 'date', id: `${id}-date` });
  const clock = h('input', { type: 'time', id: `${id}-time`, step: 60 });
  const note = h('p', { id: `${id}-note`, class: 'hint when-note' });
  const error = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const clear = h('button', { type: 'button', class: 'secondary' }, opts.clearLabel);
  const describe = (withError: boolean) => {
    for (const input of [date, clock]) {
      input.setAttribute('aria-describedby', [`${id}-hint`, `${id}-note`, ...(withError ? [error.id] : [])].join(' '));
      if (withError) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  };
  const fieldset = h(
    'fieldset',
    { class: 'field when' },
    h('legend', {}, opts.legend),
    h('p', { id: `${id}-hint`, class: 'hint' }, opts.hint),
    error,
    h(
      'div',
      { class: 'when-inputs' },
      h('div', {}, h('label', { for: date.id }, 'Datum'), date),
      h('div', {}, h('label', { for: clock.id }, 'Uhrzeit'), clock),
      h('div', { class: 'when-clear' }, clear),
    ),
    note,
  );
  const field: Field = {
    focusTarget: date,
    setError(messages) {
      error.replaceChildren(...(messages.length ? [h('span', { class: 'visually-hidden' }, 'Fehler: '), messages.join(' ')] : []));
      error.hidden = messages.length === 0;
      fieldset.classList.toggle('has-error', messages.length > 0);
      describe(messages.length > 0);
      // The API's refusal of a nonexistent time is the note's own text: say it once.
      note.hidden = messages.includes(note.textContent ?? '');
    },
  };
  const update = () => {
    note.hidden = false;
    if (!date.value || !clock.value) {
      note.textContent = date.value || clock.value ? 'Bitte Datum und Uhrzeit angeben.' : 'Nicht festgelegt.';
      note.classList.remove('when-problem');
      return;
    }
    const d = describeLocal(`${date.value}T${clock.value}`);
    note.textContent = d.text;
    note.classList.toggle('when-problem', !d.ok);
  };
  date.addEventListener('input', update);
  clock.addEventListener('input', update);
  clear.addEventListener('click', () => {
    date.value = '';
    clock.value = '';
    update();
    opts.announce(`${opts.legend}: entfernt.`);
    date.focus();
  });
  if (opts.disabled) {
    date.disabled = true;
    clock.disabled = true;
    clear.hidden = true;
    fieldset.append(h('p', { class: 'hint' }, opts.disabled));
  }
  describe(false);
  update();
  return {
    el: fieldset,
    field,
    value() {
      if (!date.value && !clock.value) return {};
      if (!date.value || !clock.value) return { problem: `${opts.legend}: Bitte Datum und Uhrzeit angeben oder beides leer lassen.` };
      return { local: `${date.value}T${clock.value}` };
    },
    set(iso) {
      const local = iso ? toBerlinLocal(new Date(iso)) : '';
      date.value = local.slice(0, 10);
      clock.value = local.slice(11, 16);
      update();
    },
  };
}

/** The press office sets the Sperrfrist (not public before) and the end of publication, in Berlin time. */
export async function scheduleForm(ctx: Context, id: string): Promise<void> {
  const rapi = releasesApi(ctx.api);
  const r: ReleaseView = await rapi.get(id);
  const back = h('p', {}, h('a', { href: releaseHref(id) }, 'Zurück zur Pressemitteilung'));
  if (!isPress(ctx)) return ctx.show('Zeitplan', h('p', {}, 'Sperrfristen legt nur die Pressestelle fest.'), back);
  if (['draft', 'returned', 'unpublished'].includes(r.status)) {
    return ctx.show('Zeitplan', h('p', {}, 'Eine Sperrfrist wird für vorgeschlagene oder freigegebene Pressemitteilungen festgelegt.'), back);
  }
  const published = r.status === 'published';
  const embargo = whenField({
    legend: 'Sperrfrist',
    clearLabel: 'Sperrfrist entfernen',
    announce: ctx.announce,
    hint: 'Vorher ist die Pressemitteilung nicht öffentlich. Datum und Uhrzeit in deutscher Zeit; leer lassen für keine Sperrfrist.',
    disabled: published ? 'Die Pressemitteilung ist schon veröffentlicht; eine Sperrfrist ist nicht mehr möglich.' : undefined,
  });
  const takedown = whenField({
    legend: 'Ende der Veröffentlichung',
    clearLabel: 'Ende entfernen',
    announce: ctx.announce,
    hint: 'Freiwillig: Dann wird die Pressemitteilung automatisch von der Website genommen. Muss nach der Sperrfrist liegen.',
  });
  embargo.set(r.embargoAt);
  takedown.set(r.takedownAt);

  const fields = new Map<string, Field>([
    ['embargo', embargo.field],
    ['takedown', takedown.field],
  ]);
  const find = (path: string) => fields.get(path.split('.')[0]!);
  const summarySlot = h('div', {});
  const save = h('button', { type: 'submit' }, 'Zeitplan speichern');
  const form = h(
    'form',
    { class: 'story-form', novalidate: true },
    summarySlot,
    embargo.el,
    takedown.el,
    h('div', { class: 'form-actions' }, save, h('a', { href: releaseHref(id), class: 'button secondary' }, 'Abbrechen')),
  );

  const fail = (err: unknown) => {
    const problems = (err as { problems?: Problem[] }).problems ?? [];
    assignProblems(problems, find, fields.values());
    const reload =
      err instanceof ApiError && err.status === 409
        ? [
            h(
              'p',
              {},
              h(
                'button',
                { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'releases', path: `/${id}/zeitplan` }, { replace: true }) },
                'Aktuelle Fassung laden',
              ),
            ),
          ]
        : [];
    showSummary(
      summarySlot,
      errorSummary(err, (path) => find(path)?.focusTarget, ...reload),
    );
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    const em = published ? {} : embargo.value();
    const td = takedown.value();
    const local: Problem[] = [
      ...(em.problem ? [{ field: 'embargo', message: em.problem }] : []),
      ...(td.problem ? [{ field: 'takedown', message: td.problem }] : []),
    ];
    if (local.length) return fail(new ApiError(400, 'Bitte prüfen Sie Ihre Eingaben', 'Die Zeitangaben sind nicht vollständig.', local));
    save.disabled = true;
    ctx.announce('Wird gespeichert …');
    try {
      const saved = await rapi.schedule(id, r.version, { ...(em.local ? { embargo: em.local } : {}), ...(td.local ? { takedown: td.local } : {}) });
      if (!ctx.isCurrent()) return;
      ctx.announce(scheduled(r, saved), { next: true });
      ctx.go({ name: 'releases', path: `/${id}` }, { replace: true });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      ctx.announce('');
      fail(err);
    } finally {
      save.disabled = false;
    }
  });

  ctx.show(
    published ? 'Ende der Veröffentlichung planen' : 'Sperrfrist festlegen',
    h('p', { class: 'lead' }, `„${r.headline}“`),
    h(
      'div',
      { class: 'notice' },
      h(
        'p',
        {},
        'Alle Zeiten gelten in deutscher Zeit (Europe/Berlin); die Seite zeigt unter jedem Feld, welcher Zeitpunkt in UTC gemeint ist. ',
        'Nachts bei der Zeitumstellung gibt es im März die Stunde von 2 bis 3 Uhr nicht, im Oktober gibt es sie zweimal.',
      ),
      r.status === 'approved' &&
        h(
          'p',
          {},
          'Nach dem Speichern einer Sperrfrist auf „Mit Sperrfrist veröffentlichen“ klicken: Dann erscheint die Pressemitteilung automatisch zur Sperrfrist.',
        ),
      r.status === 'scheduled' &&
        r.embargoAt &&
        h(
          'p',
          {},
          'Geplant für ',
          berlinTime(r.embargoAt),
          '. Ohne Sperrfrist ist die Pressemitteilung wieder nur „freigegeben“ und erscheint erst, wenn jemand sie veröffentlicht.',
        ),
    ),
    form,
  );
}

function scheduled(before: ReleaseView, after: ReleaseView): string {
  if (before.status === 'scheduled' && after.status === 'approved') {
    return 'Die Sperrfrist ist entfernt. Die Pressemitteilung ist wieder freigegeben und erscheint erst, wenn sie veröffentlicht wird.';
  }
  if (after.status === 'scheduled' && after.embargoAt)
    return `Der Zeitplan ist gespeichert: Die Pressemitteilung erscheint am ${germanDateTime(new Date(after.embargoAt))}.`;
  if (after.embargoAt)
    return `Die Sperrfrist ${germanDateTime(new Date(after.embargoAt))} ist gespeichert. Mit „Mit Sperrfrist veröffentlichen“ wird die Pressemitteilung geplant.`;
  return 'Der Zeitplan ist gespeichert.';
}
