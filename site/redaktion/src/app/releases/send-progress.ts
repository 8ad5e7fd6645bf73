/**
 * While a send is under way, the release's page asks for its progress (GET
 * /releases/{id}/sends) this long after each answer. Its own module, without the page's
 * imports, so the mail benchmark (test/bench/mail.ts) asks at the same interval.
 */
export const SEND_PROGRESS_POLL_MS = 1500;
