import { germanDay } from '@newsroom/domain/statistics.ts';
import { dateLabelOf, SNAPSHOT_STATUSES, type Snapshot } from '@newsroom/domain/statistics-snapshot.ts';
import { type SubmissionStatus, submissionStatusLabel } from '@newsroom/domain/statistics-workflow.ts';
import type { Context } from '../context.ts';
import { h, nextId, time } from '../dom.ts';
import '../../styles/statistics.css';

/** Address of a statistics screen: `#/statistik`, `#/statistik/meldungen/<id>`, … */
export const statHref = (path = '') => `#/statistik${path}`;
export const submissionHref = (id: string) => statHref(`/meldungen/${encodeURIComponent(id)}`);
export const dayHref = (date: string) => statHref(`/stichtage/${date}`);
export const gridHref = (date: string) => statHref(`/stichtage/${date}/tabelle`);
export const newSubmissionHref = (date?: string, municipality?: string) => {
  const q = new URLSearchParams();
  if (date) q.set('stichtag', date);
  if (municipality) q.set('gemeinde', municipality);
  const qs = q.toString();
  return statHref(`/neu${qs ? `?${qs}` : ''}`);
};

export const isCounty = (ctx: Context) => ctx.me.roles.includes('press') || ctx.me.roles.includes('admin');
export const isPress = (ctx: Context) => ctx.me.roles.includes('press');
export const isPartnerStaff = (ctx: Context) => ctx.me.roles.includes('manager') || ctx.me.roles.includes('partner-lead');

const BADGE: Record<SubmissionStatus, string> = {
  draft: 'status-draft',
  submitted: 'status-submitted',
  returned: 'status-returned',
  approved: 'status-partner-approved',
  accepted: 'status-published',
};
export function submissionBadge(status: SubmissionStatus | 'none', noneLabel = 'Noch keine Meldung'): HTMLElement {
  if (status === 'none') return h('span', { class: 'badge status-none' }, noneLabel);
  return h('span', { class: `badge ${BADGE[status]}` }, submissionStatusLabel(status));
}

export function snapshotBadge(s: Pick<Snapshot, 'status'>): HTMLElement {
  const cls = s.status === 'published' ? 'status-published' : s.status === 'withdrawn' ? 'status-unpublished' : 'status-submitted';
  return h('span', { class: `badge ${cls}` }, SNAPSHOT_STATUSES.find((x) => x.id === s.status)!.label);
}

export const dayTitle = (s: Pick<Snapshot, 'date' | 'dateLabel'>) => `Stichtag ${dateLabelOf(s)}`;
export { germanDay, time };

const count = new Intl.NumberFormat('de-DE');
const pct = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });
export const fmtCount = (n: number | undefined | null) => (n === undefined || n === null ? '—' : count.format(n));
export const fmtPercent = (n: number | undefined) => (n === undefined ? '—' : `${pct.format(n)} %`);

/** A section with a heading and content; the heading names the region for screen readers. */
export function section(title: string, ...content: (Node | string | false | undefined | null)[]): HTMLElement {
  const id = nextId('sec');
  return h('section', { class: 'stat-section', 'aria-labelledby': id }, h('h2', { id }, title), ...content.filter((c): c is Node | string => Boolean(c)));
}

/** The audit trail, newest first, like the stories'. */
export function auditList(entries: { at: string; byName: string; action: string; comment?: string }[], label: (action: string) => string): HTMLElement {
  return h(
    'ol',
    { class: 'audit' },
    [...entries]
      .reverse()
      .map((e) => h('li', {}, h('p', {}, time(e.at), ' · ', h('strong', {}, e.byName), ' · ', label(e.action)), e.comment && h('blockquote', {}, e.comment))),
  );
}

export interface DialogField {
  label: string;
  hint: string;
  missing: string;
  minLength?: number;
}

/**
 * A modal dialog asking for confirmation, optionally with a required text (a comment or
 * reason) and a required checkbox. Resolves with the answers, or undefined on cancel.
 */
export function askDialog(opts: {
  title: string;
  text: string;
  confirm: string;
  danger?: boolean;
  field?: DialogField;
  check?: string;
}): Promise<{ text?: string } | undefined> {
  return new Promise((resolve) => {
    const titleId = nextId('dialog-title');
    const textId = nextId('dialog-text');
    const fieldId = nextId('dialog-field');
    const errorId = `${fieldId}-error`;
    const area = opts.field ? h('textarea', { id: fieldId, rows: 4, 'aria-required': 'true', 'aria-describedby': `${fieldId}-hint` }) : undefined;
    const error = h('p', { id: errorId, class: 'field-error', hidden: true });
    const checkId = nextId('dialog-check');
    const checkbox = opts.check ? h('input', { type: 'checkbox', id: checkId, 'aria-required': 'true' }) : undefined;
    const checkError = h('p', { id: `${checkId}-error`, class: 'field-error', hidden: true });
    const ok = h('button', { type: 'submit', class: opts.danger ? 'danger' : '' }, opts.confirm);
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Abbrechen');
    const dialog = h(
      'dialog',
      { 'aria-labelledby': titleId, 'aria-describedby': textId },
      h(
        'form',
        { method: 'dialog', novalidate: true },
        h('h2', { id: titleId }, opts.title),
        h('p', { id: textId }, opts.text),
        area &&
          h(
            'div',
            { class: 'field' },
            h('label', { for: fieldId }, opts.field!.label),
            h('p', { id: `${fieldId}-hint`, class: 'hint' }, opts.field!.hint),
            error,
            area,
          ),
        checkbox && h('div', { class: 'field' }, checkError, h('div', { class: 'checkbox' }, checkbox, h('label', { for: checkId }, opts.check!))),
        h('div', { class: 'form-actions' }, ok, cancel),
      ),
    );
    let result: { text?: string } | undefined;
    const fail = (el: HTMLElement, target: HTMLElement, message: string, describedBy: string) => {
      el.replaceChildren(h('span', { class: 'visually-hidden' }, 'Fehler: '), message);
      el.hidden = false;
      target.setAttribute('aria-invalid', 'true');
      target.setAttribute('aria-describedby', describedBy);
      target.focus();
    };
    dialog.querySelector('form')!.addEventListener('submit', (e) => {
      const value = area?.value.trim() ?? '';
      if (area && value.length < (opts.field!.minLength ?? 1)) {
        e.preventDefault();
        return fail(error, area, opts.field!.missing, `${fieldId}-hint ${errorId}`);
      }
      if (checkbox && !checkbox.checked) {
        e.preventDefault();
        return fail(checkError, checkbox, 'Bitte bestätigen Sie das, um fortzufahren.', checkError.id);
      }
      result = area ? { text: value } : {};
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    (area || checkbox || cancel).focus();
  });
}
