import { h, nextId } from '../dom.ts';

/**
 * Form fields with their label, hint and error wired up the same way everywhere: the
 * error sits between label and control (read before typing), and the control's
 * aria-describedby names the hint, any extra description and, when shown, the error.
 */
export interface Field {
  /** Where focus goes when the person follows an error link. */
  focusTarget: HTMLElement;
  setError(messages: string[]): void;
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function errorSlot(id: string): HTMLElement {
  return h('p', { id, class: 'field-error', hidden: true });
}

function showError(slot: HTMLElement, messages: string[]): boolean {
  const has = messages.length > 0;
  slot.replaceChildren(...(has ? [h('span', { class: 'visually-hidden' }, 'Fehler: '), messages.join(' ')] : []));
  slot.hidden = !has;
  return has;
}

/** A text input, textarea or select with its label. */
export function controlField(opts: { label: string; hint?: string; control: Control; describedBy?: string[]; after?: Node[] }): {
  el: HTMLElement;
  field: Field;
} {
  const id = opts.control.id || nextId('f');
  opts.control.id = id;
  const hintId = `${id}-hint`;
  const error = errorSlot(`${id}-error`);
  const described = [...(opts.hint ? [hintId] : []), ...(opts.describedBy ?? [])];
  const describe = (withError: boolean) => {
    const ids = withError ? [...described, error.id] : described;
    if (ids.length) opts.control.setAttribute('aria-describedby', ids.join(' '));
    else opts.control.removeAttribute('aria-describedby');
  };
  describe(false);
  const el = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, opts.label),
    opts.hint && h('p', { id: hintId, class: 'hint' }, opts.hint),
    error,
    opts.control,
    ...(opts.after ?? []),
  );
  return {
    el,
    field: {
      focusTarget: opts.control,
      setError(messages) {
        const has = showError(error, messages);
        el.classList.toggle('has-error', has);
        if (has) opts.control.setAttribute('aria-invalid', 'true');
        else opts.control.removeAttribute('aria-invalid');
        describe(has);
      },
    },
  };
}

export interface Choice {
  id: string;
  label: string;
}

/** A group of checkboxes or radio buttons in a fieldset with a legend. */
export function choiceGroup(opts: { legend: string; hint?: string; type: 'checkbox' | 'radio'; options: readonly Choice[]; columns?: boolean }) {
  const id = nextId('group');
  const hintId = `${id}-hint`;
  const error = errorSlot(`${id}-error`);
  const inputs = opts.options.map((o) => {
    const input = h('input', { type: opts.type, name: id, value: o.id, id: `${id}-${o.id}` });
    return { input, el: h('div', { class: 'checkbox' }, input, h('label', { for: input.id }, o.label)) };
  });
  const fieldset = h(
    'fieldset',
    { class: 'field', ...(opts.hint ? { 'aria-describedby': hintId } : {}) },
    h('legend', {}, opts.legend),
    opts.hint && h('p', { id: hintId, class: 'hint' }, opts.hint),
    error,
    h(
      'div',
      { class: opts.columns === false ? 'checkboxes single' : 'checkboxes' },
      inputs.map((i) => i.el),
    ),
  );
  const field: Field = {
    focusTarget: inputs[0]!.input,
    setError(messages) {
      const has = showError(error, messages);
      fieldset.classList.toggle('has-error', has);
      const ids = [...(opts.hint ? [hintId] : []), ...(has ? [error.id] : [])];
      if (ids.length) fieldset.setAttribute('aria-describedby', ids.join(' '));
      else fieldset.removeAttribute('aria-describedby');
    },
  };
  return {
    el: fieldset,
    field,
    inputs: inputs.map((i) => i.input),
    values: () => inputs.filter((i) => i.input.checked).map((i) => i.input.value),
    set(values: readonly string[] | undefined) {
      for (const i of inputs) i.input.checked = values?.includes(i.input.value) ?? false;
    },
  };
}

/** One checkbox that is a field of its own (a yes/no question). */
export function checkboxField(opts: { label: string; hint?: string }) {
  const input = h('input', { type: 'checkbox', id: nextId('check') });
  const hintId = `${input.id}-hint`;
  const error = errorSlot(`${input.id}-error`);
  if (opts.hint) input.setAttribute('aria-describedby', hintId);
  const el = h(
    'div',
    { class: 'field' },
    error,
    h('div', { class: 'checkbox' }, input, h('label', { for: input.id }, opts.label)),
    opts.hint && h('p', { id: hintId, class: 'hint indented' }, opts.hint),
  );
  const field: Field = {
    focusTarget: input,
    setError(messages) {
      const has = showError(error, messages);
      el.classList.toggle('has-error', has);
      const ids = [...(opts.hint ? [hintId] : []), ...(has ? [error.id] : [])];
      if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
      if (has) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
  return { el, field, input };
}

export const select = (choices: readonly Choice[], empty?: string) =>
  h(
    'select',
    {},
    empty !== undefined && h('option', { value: '' }, empty),
    choices.map((c) => h('option', { value: c.id }, c.label)),
  );

/**
 * Finds the field for an API problem path such as `story.persons.0.shows.naming`:
 * the most specific registered path wins (`persons.0.shows.naming`, then `persons.0.shows`, …).
 */
export function fieldFinder(lookup: (path: string) => Field | undefined, prefix: string) {
  return (path: string): Field | undefined => {
    const parts = path.replace(new RegExp(`^${prefix}\\.`), '').split('.');
    for (let n = parts.length; n > 0; n--) {
      const found = lookup(parts.slice(0, n).join('.'));
      if (found) return found;
    }
    return undefined;
  };
}

/** Clears every field's error, then puts each problem's message on its field. */
export function assignProblems(problems: { field?: string; message: string }[], find: (path: string) => Field | undefined, all: Iterable<Field>): void {
  for (const f of all) f.setError([]);
  const byField = new Map<Field, string[]>();
  for (const p of problems) {
    const f = p.field ? find(p.field) : undefined;
    if (f) byField.set(f, [...(byField.get(f) ?? []), p.message]);
  }
  for (const [f, messages] of byField) f.setError(messages);
}
