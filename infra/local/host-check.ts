import type { IncomingMessage } from 'node:http';

/**
 * The Host headers a local server answers: its own port under the loopback names it is
 * reached by (and `host` when it listens elsewhere). A web page that points its own domain
 * at 127.0.0.1 (DNS rebinding) reaches the same socket, but the browser then sends that
 * domain as Host; refusing it keeps such a page away from tokens, users and consents.
 */
export function loopbackHosts(port: number, host?: string): Set<string> {
  return new Set(['localhost', '127.0.0.1', ...(host ? [host] : [])].map((name) => `${name}:${port}`));
}

export function hostAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  return allowed.has((req.headers.host ?? '').toLowerCase());
}

/** German detail of the refusal, naming the addresses that do work. */
export function wrongHostDetail(allowed: Set<string>): string {
  return `Dieser lokale Dienst antwortet nur unter ${[...allowed].map((h) => `http://${h}`).join(' oder ')}.`;
}
