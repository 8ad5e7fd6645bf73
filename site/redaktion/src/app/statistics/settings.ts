import { MUNICIPALITIES } from '@newsroom/domain/municipalities.ts';
import { PARTNERS } from '@newsroom/domain/partners.ts';
import { type Assignment, MIN_THRESHOLD } from '@newsroom/domain/statistics.ts';
import { DEFAULT_CHANGE_THRESHOLD } from '@newsroom/domain/statistics-plausibility.ts';
import { ApiError, SignedOut } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { errorSummary, showSummary } from '../views/errors.ts';
import type { StatisticsApi } from './api.ts';
import { auditList, section, statHref } from './common.ts';

/**
 * Which partner reports for which municipality, and the threshold for small counts.
 * Administrators edit; everyone else reads. A matrix of checkboxes: one row per
 * municipality, one column per partner; each checkbox is named "AWO: Asperg".
 */
export async function settingsScreen(ctx: Context, sapi: StatisticsApi): Promise<void> {
  const settings = await sapi.settings();
  const admin = ctx.me.roles.includes('admin');
  const boxes = new Map<string, HTMLInputElement>();
  const key = (p: string, m: string) => `${p}|${m}`;
  const count = (m: string) => PARTNERS.filter((p) => settings.assignment[p.id]?.includes(m as never)).length;
  const rows = MUNICIPALITIES.map((m) => {
    const note = h('td', { class: 'hint' }, count(m) === 0 ? 'kein Träger' : '');
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, m),
      PARTNERS.map((p) => {
        const box = h('input', { type: 'checkbox', id: nextId('assign'), 'aria-label': `${p.short}: ${m}`, disabled: !admin });
        box.checked = settings.assignment[p.id]?.includes(m) ?? false;
        box.addEventListener('change', () => {
          note.textContent = PARTNERS.some((x) => boxes.get(key(x.id, m))!.checked) ? '' : 'kein Träger';
        });
        boxes.set(key(p.id, m), box);
        return h('td', { class: 'center' }, box);
      }),
      note,
    );
  });

  const thresholdId = nextId('threshold');
  const threshold = h('input', {
    type: 'text',
    inputmode: 'numeric',
    id: thresholdId,
    value: String(settings.threshold),
    disabled: !admin,
    'aria-describedby': `${thresholdId}-hint`,
    class: 'count-input',
  });
  const thresholdError = h('p', { id: `${thresholdId}-error`, class: 'field-error', hidden: true });
  const changeId = nextId('change-threshold');
  const change = h('input', {
    type: 'text',
    inputmode: 'numeric',
    id: changeId,
    value: String(settings.changeThreshold ?? DEFAULT_CHANGE_THRESHOLD),
    disabled: !admin,
    'aria-describedby': `${changeId}-hint`,
    class: 'count-input',
  });
  const summarySlot = h('div', {});
  const save = h('button', { type: 'submit' }, 'Speichern');
  const form = h(
    'form',
    { class: 'stat-form', novalidate: true },
    summarySlot,
    h(
      'div',
      { class: 'field' },
      h('label', { for: thresholdId }, 'Mindestfallzahl für veröffentlichte Aufschlüsselungen'),
      h(
        'p',
        { id: `${thresholdId}-hint`, class: 'hint' },
        `Kleinere Zahlen je Stadt, Gemeinde oder Träger werden nicht veröffentlicht. Mindestens ${MIN_THRESHOLD}; üblich sind 5. Gilt für künftige Veröffentlichungen.`,
      ),
      thresholdError,
      threshold,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: changeId }, 'Schwelle für auffällige Änderungen (in Prozent)'),
      h(
        'p',
        { id: `${changeId}-hint`, class: 'hint' },
        'Weicht eine gemeldete Zahl um mehr als diesen Anteil vom vorigen Stichtag ab, muss der Träger die Änderung begründen. Üblich sind 30.',
      ),
      change,
    ),
    h(
      'div',
      { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': 'Zuordnung der Städte und Gemeinden' },
      h(
        'table',
        { class: 'stat-list assignment' },
        h('caption', {}, 'Welcher Träger meldet für welche Stadt oder Gemeinde'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Stadt oder Gemeinde'),
            PARTNERS.map((p) => h('th', { scope: 'col', class: 'center' }, p.short)),
            h('th', { scope: 'col' }, 'Hinweis'),
          ),
        ),
        h('tbody', {}, rows),
      ),
    ),
    admin && h('div', { class: 'form-actions' }, save, h('a', { href: statHref(), class: 'button secondary' }, 'Abbrechen')),
  );

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const t = Number(threshold.value.trim());
    if (!Number.isInteger(t) || t < MIN_THRESHOLD) {
      thresholdError.replaceChildren(h('span', { class: 'visually-hidden' }, 'Fehler: '), `Die Mindestfallzahl muss eine ganze Zahl ab ${MIN_THRESHOLD} sein.`);
      thresholdError.hidden = false;
      threshold.setAttribute('aria-invalid', 'true');
      threshold.setAttribute('aria-describedby', `${thresholdId}-hint ${thresholdError.id}`);
      return threshold.focus();
    }
    const assignment = Object.fromEntries(PARTNERS.map((p) => [p.id, MUNICIPALITIES.filter((m) => boxes.get(key(p.id, m))!.checked)])) as Assignment;
    save.disabled = true;
    try {
      const c = change.value.trim();
      await sapi.saveSettings(settings.version, { assignment, threshold: t, ...(c ? { changeThreshold: /^\d+$/.test(c) ? Number(c) : Number.NaN } : {}) });
      ctx.announce('Die Zuordnung wurde gespeichert.', { next: true });
      ctx.go({ name: 'statistics', path: '/zuordnung' }, { replace: true });
    } catch (err) {
      if (err instanceof SignedOut || !ctx.isCurrent()) return;
      save.disabled = false;
      const reload =
        err instanceof ApiError && err.status === 409
          ? [
              h(
                'p',
                {},
                h(
                  'button',
                  { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'statistics', path: '/zuordnung' }, { replace: true }) },
                  'Aktuellen Stand laden',
                ),
              ),
            ]
          : [];
      showSummary(
        summarySlot,
        errorSummary(err, (field) => (field === 'changeThreshold' ? change : undefined), ...reload),
      );
    }
  });

  const assigned = new Set(PARTNERS.flatMap((p) => settings.assignment[p.id] ?? []));
  ctx.show(
    'Zuordnung und Mindestfallzahl',
    h('p', { class: 'lead' }, `${assigned.size} von ${MUNICIPALITIES.length} Städten und Gemeinden haben einen Träger.`),
    settings.demo &&
      h(
        'p',
        { class: 'notice' },
        h('strong', {}, 'Demo-Zuordnung: '),
        'Diese Zuordnung ist für die lokale Entwicklung erfunden. Bitte durch die tatsächliche ersetzen.',
      ),
    !admin && h('p', { class: 'hint' }, 'Nur die Administration kann die Zuordnung ändern.'),
    form,
    settings.audit.length > 0 &&
      section(
        'Verlauf',
        auditList(settings.audit, () => 'Einstellungen geändert'),
      ),
  );
}
