import { ApiError, type Problem } from '../api.ts';
import { h } from '../dom.ts';

const TITLES: Record<number, string> = {
  0: 'Keine Verbindung',
  400: 'Bitte prüfen Sie Ihre Eingaben',
  403: 'Keine Berechtigung',
  404: 'Nicht gefunden',
  409: 'Das ist jetzt nicht möglich',
  422: 'Das ist noch nicht möglich',
};

/**
 * The error summary: a heading, the API's German detail and its problems as a list.
 * Problems that belong to a form field become links that move focus to that field.
 * `role=alert` announces it; it takes focus so keyboard users land on it.
 */
export function errorSummary(err: unknown, fieldTarget: (field: string) => HTMLElement | undefined = () => undefined, ...extra: Node[]): HTMLElement {
  const apiError = err instanceof ApiError ? err : undefined;
  // A conflict with a newer version names what changed (the API's title: a story, a press release, …).
  const changedMeanwhile = apiError?.status === 409 && apiError.current !== undefined;
  const title = apiError ? (changedMeanwhile ? apiError.title : (TITLES[apiError.status] ?? apiError.title)) : 'Das hat nicht geklappt';
  const detail = apiError ? apiError.message : 'Es ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es noch einmal.';
  const problems = (apiError?.problems ?? []).filter((p) => p.message !== detail);
  return h(
    'div',
    { class: 'error-summary', role: 'alert', tabindex: '-1' },
    h('h2', {}, title),
    h('p', {}, detail),
    problems.length > 0 &&
      h(
        'ul',
        {},
        problems.map((p) => h('li', {}, problemItem(p, fieldTarget))),
      ),
    ...extra,
  );
}

function problemItem(p: Problem, fieldTarget: (field: string) => HTMLElement | undefined): Node | string {
  const target = p.field ? fieldTarget(p.field) : undefined;
  if (!target) return p.message;
  // A real link for the affordance; the hash router ignores `#id` jumps, and focus moves by script.
  return h(
    'a',
    {
      href: `#${target.id}`,
      onclick: (e: Event) => {
        e.preventDefault();
        target.focus();
      },
    },
    p.message,
  );
}

/** Puts the summary in its slot and focuses it. */
export function showSummary(slot: HTMLElement, summary: HTMLElement | undefined): void {
  slot.replaceChildren(...(summary ? [summary] : []));
  summary?.focus();
}
