import { h, nextId } from '../dom.ts';

/**
 * A modal dialog for the steps that need a second thought: returning (with a comment), taking
 * offline, restoring a version, locking an account. A module of its own, so screens that only
 * need to ask do not pull in the story page and its Markdown renderer.
 */
export function confirmDialog(opts: {
  title: string;
  text: string;
  /** What the consequence rests on, e.g. the re-identification warnings, listed under the text. */
  list?: readonly string[];
  confirm: string;
  danger?: boolean;
  comment?: { label: string; hint: string; missing: string };
  /** A statement the person must tick before confirming (e.g. republishing a release held back for a withdrawal). */
  statement?: { label: string; missing: string };
}): Promise<{ comment?: string } | undefined> {
  return new Promise((resolve) => {
    const titleId = nextId('dialog-title');
    const textId = nextId('dialog-text');
    const commentId = nextId('comment');
    const errorId = `${commentId}-error`;
    const textarea = opts.comment && h('textarea', { id: commentId, rows: 5, 'aria-required': 'true', 'aria-describedby': `${commentId}-hint` });
    const error = h('p', { id: errorId, class: 'field-error', hidden: true });
    const statementId = nextId('statement');
    const statementError = h('p', { id: `${statementId}-error`, class: 'field-error', hidden: true });
    const checkbox = opts.statement && h('input', { type: 'checkbox', id: statementId, 'aria-required': 'true' });
    const ok = h('button', { type: 'submit', class: opts.danger ? 'danger' : '' }, opts.confirm);
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Abbrechen');
    const dialog = h(
      'dialog',
      { 'aria-labelledby': titleId, 'aria-describedby': textId },
      h(
        'form',
        { method: 'dialog', novalidate: true },
        h('h2', { id: titleId }, opts.title),
        h('div', { id: textId }, h('p', {}, opts.text), opts.list?.length ? h('ul', {}, ...opts.list.map((item) => h('li', {}, item))) : undefined),
        textarea &&
          h(
            'div',
            { class: 'field' },
            h('label', { for: commentId }, opts.comment!.label),
            h('p', { id: `${commentId}-hint`, class: 'hint' }, opts.comment!.hint),
            error,
            textarea,
          ),
        checkbox &&
          h('div', { class: 'field' }, statementError, h('div', { class: 'checkbox' }, checkbox, h('label', { for: statementId }, opts.statement!.label))),
        h('div', { class: 'form-actions' }, ok, cancel),
      ),
    );
    let result: { comment?: string } | undefined;
    dialog.querySelector('form')!.addEventListener('submit', (e) => {
      if (textarea && !textarea.value.trim()) {
        e.preventDefault();
        error.replaceChildren(h('span', { class: 'visually-hidden' }, 'Fehler: '), opts.comment!.missing);
        error.hidden = false;
        textarea.setAttribute('aria-invalid', 'true');
        textarea.setAttribute('aria-describedby', `${commentId}-hint ${errorId}`);
        textarea.focus();
        return;
      }
      if (checkbox && !checkbox.checked) {
        e.preventDefault();
        statementError.replaceChildren(h('span', { class: 'visually-hidden' }, 'Fehler: '), opts.statement!.missing);
        statementError.hidden = false;
        checkbox.setAttribute('aria-invalid', 'true');
        checkbox.setAttribute('aria-describedby', `${statementId}-error`);
        checkbox.focus();
        return;
      }
      result = textarea ? { comment: textarea.value.trim() } : {};
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    (textarea ?? checkbox ?? cancel).focus();
  });
}
