import { h, nextId } from '../dom.ts';
import type { Field } from '../views/fields.ts';

/** One entry of a repeatable group (a quote, a contact, a photo). */
export interface Row<T> {
  el: HTMLElement;
  value(): T;
  /** `text`, `name`, … → field, for the API's problem paths `quotes.0.text`. */
  fields: Map<string, Field>;
  /** Called when the row's number changes (after a removal). */
  renumber(n: number): void;
}

/**
 * A repeatable group in a fieldset: its rows, an add button, and an error slot for
 * problems about the whole list ("Bitte mindestens eine Ansprechperson …").
 */
export function repeatable<T>(opts: {
  legend: string;
  hint?: string;
  addLabel: string;
  max: number;
  make: (n: number, value: T | undefined, remove: () => void) => Row<T>;
  /** Announced after a removal, e.g. „Zitat 2 entfernt.“ */
  removed: (n: number) => string;
  announce: (message: string) => void;
}) {
  const id = nextId('repeat');
  const error = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const list = h('div', { class: 'repeat-rows' });
  const add = h('button', { type: 'button', class: 'secondary' }, opts.addLabel);
  let rows: Row<T>[] = [];
  const fieldset = h(
    'fieldset',
    { class: 'field repeat', 'aria-labelledby': `${id}-legend` },
    h('legend', { id: `${id}-legend` }, opts.legend),
    opts.hint && h('p', { id: `${id}-hint`, class: 'hint' }, opts.hint),
    error,
    list,
    h('p', {}, add),
  );
  if (opts.hint) fieldset.setAttribute('aria-describedby', `${id}-hint`);

  const refreshAdd = () => {
    add.hidden = rows.length >= opts.max;
  };
  const push = (value: T | undefined) => {
    const row: Row<T> = opts.make(rows.length + 1, value, () => {
      const index = rows.indexOf(row);
      rows = rows.filter((r) => r !== row);
      row.el.remove();
      for (const [i, r] of rows.entries()) r.renumber(i + 1);
      refreshAdd();
      opts.announce(opts.removed(index + 1));
      (rows[index]?.el.querySelector<HTMLElement>('input, textarea, select') ?? add).focus();
    });
    rows.push(row);
    list.append(row.el);
    refreshAdd();
    return row;
  };
  add.addEventListener('click', () => {
    const row = push(undefined);
    row.el.querySelector<HTMLElement>('input, textarea, select')?.focus();
  });

  const field: Field = {
    focusTarget: add,
    setError(messages) {
      error.replaceChildren(...(messages.length ? [h('span', { class: 'visually-hidden' }, 'Fehler: '), messages.join(' ')] : []));
      error.hidden = messages.length === 0;
      fieldset.classList.toggle('has-error', messages.length > 0);
    },
  };
  return {
    el: fieldset,
    field,
    set(values: readonly T[]) {
      rows = [];
      list.replaceChildren();
      for (const v of values) push(v);
      refreshAdd();
    },
    values: () => rows.map((r) => r.value()),
    rows: () => rows,
    /** `0.text` → the field of row 0; `0` → its first field. */
    find(path: string): Field | undefined {
      const [index, ...rest] = path.split('.');
      const row = rows[Number(index)];
      if (!row) return undefined;
      return rest.length ? (row.fields.get(rest.join('.')) ?? row.fields.values().next().value) : row.fields.values().next().value;
    },
    allFields: () => [field, ...rows.flatMap((r) => [...r.fields.values()])],
  };
}
