/**
 * The status area under the header: a polite live region, so screen readers announce
 * what happened ("Gespeichert") without moving focus. A message can be carried over
 * to the next screen, because most actions end by showing another one.
 */
export function createStatus(region: HTMLElement) {
  let pending: string | undefined;
  const set = (message: string | undefined) => {
    region.textContent = message ?? '';
    region.classList.toggle('has-message', Boolean(message));
  };
  return {
    announce(message: string, opts: { next?: boolean } = {}) {
      if (opts.next) pending = message;
      else set(message);
    },
    /** Called on every screen change: shows the carried message, or clears the old one. */
    screenChanged() {
      set(pending);
      pending = undefined;
    },
  };
}
