/**
 * The signed-in session, kept in sessionStorage: it ends with the browser tab and is
 * not shared with other tabs or sites. Only the ID token is kept, never a password.
 */
export interface Session {
  idToken: string;
  /** Epoch milliseconds; a little before the token's own expiry. */
  expiresAt: number;
}

const KEY = 'redaktion.session';
/** Treat the token as expired a minute early so a request never races its expiry. */
const SKEW_MS = 60_000;

export function readSession(now = Date.now()): Session | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    if (s && typeof s.idToken === 'string' && typeof s.expiresAt === 'number' && s.expiresAt > now) return s;
  } catch {
    // A damaged entry is the same as none.
  }
  sessionStorage.removeItem(KEY);
  return undefined;
}

export function writeSession(idToken: string, expiresInSeconds: number, now = Date.now()): void {
  const session: Session = { idToken, expiresAt: now + expiresInSeconds * 1000 - SKEW_MS };
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
