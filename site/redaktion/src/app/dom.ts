type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | EventListener | undefined | null>;

/**
 * Builds an element. Strings become text nodes, never HTML, so text from the API
 * cannot inject markup; `on…` attributes given as functions become listeners.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

let uid = 0;
/** A document-unique id for label/description wiring. */
export const nextId = (prefix: string) => `${prefix}-${++uid}`;

const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Berlin' });

/** „3. März 2026 um 14:05“ — German, in the county's time zone whatever the laptop says. */
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

/** A `<time>` element with the machine-readable value. */
export const time = (iso: string) => h('time', { datetime: iso }, formatDateTime(iso));

const dayOnly = new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'UTC' });

/** A calendar day `YYYY-MM-DD` (consent dates) as „31. Dezember 2099“. */
export const formatDay = (day: string) => dayOnly.format(new Date(`${day}T00:00:00Z`));
