import * as z from 'zod/mini';
import { h, nextId } from '../dom.ts';
import { href } from '../router.ts';
import { clearSession, readSession, writeSession } from './session.ts';
import type { AuthModule } from './types.ts';

/** What this module needs of `auth` in `/config.json` (`RuntimeConfig` with `mode: 'cognito'`). */
export interface CognitoConfig {
  /** Managed-login base URL, `https://<prefix>.auth.<region>.amazoncognito.com`, without trailing slash. */
  domain: string;
  clientId: string;
  /** Exactly as registered as callback URL of the app client. */
  redirectUri: string;
  /** Exactly as registered as sign-out URL; defaults to `redirectUri`. */
  logoutUri?: string;
}

/**
 * What the sign-in leaves behind in sessionStorage while the browser is at Cognito:
 * the PKCE verifier (RFC 7636), and `state` and `nonce` to bind the answer to this
 * request. Same tab only, gone once used.
 */
const PENDING_KEY = 'redaktion.oauth';
const Pending = z.object({ state: z.string(), verifier: z.string(), nonce: z.string() });
type Pending = z.infer<typeof Pending>;

const TokenResponse = z.object({
  id_token: z.string().check(z.minLength(1)),
  expires_in: z.number().check(z.positive()),
  token_type: z.optional(z.string()),
});
const TokenError = z.object({ error: z.string() });

/** RFC 4648 §5 base64url without padding, as PKCE and JWTs use it. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const randomString = (bytes = 32) => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** A fresh verifier (43 characters, 256 bits), state and nonce. */
export function newPending(): Pending {
  return { verifier: randomString(), state: randomString(16), nonce: randomString(16) };
}

/** Managed login's authorize endpoint for the code grant with PKCE, in German. */
export async function authorizeUrl(config: CognitoConfig, pending: Pending): Promise<string> {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    lang: 'de',
  });
  return `${config.domain}/oauth2/authorize?${params}`;
}

/** Ends the Cognito session too, so the next person at this computer has to sign in again. */
export function logoutUrl(config: CognitoConfig): string {
  const params = new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri ?? config.redirectUri });
  return `${config.domain}/logout?${params}`;
}

/** The payload of a JWT, unverified: the API's authorizer verifies the signature, this only reads `nonce`. */
function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

export class SignInError extends Error {}

/**
 * Exchanges the authorization code at `/oauth2/token` with the verifier that only this
 * tab knows, and checks that the ID token answers this very request (nonce).
 */
export async function exchangeCode(
  config: CognitoConfig,
  code: string,
  pending: Pending,
  fetchFn: typeof fetch = fetch,
): Promise<{ idToken: string; expiresIn: number }> {
  let res: Response;
  try {
    res = await fetchFn(`${config.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.clientId,
        code,
        redirect_uri: config.redirectUri,
        code_verifier: pending.verifier,
      }),
    });
  } catch {
    throw new SignInError('Die Anmeldung ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.');
  }
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = TokenError.safeParse(body);
    if (error.success && error.data.error === 'invalid_grant') {
      throw new SignInError('Der Anmeldecode ist abgelaufen oder wurde schon verwendet. Bitte melden Sie sich erneut an.');
    }
    throw new SignInError(`Die Anmeldung ist fehlgeschlagen (Fehler ${res.status}). Bitte versuchen Sie es erneut.`);
  }
  const tokens = TokenResponse.safeParse(body);
  if (!tokens.success) throw new SignInError('Die Anmeldung hat kein gültiges Token geliefert. Bitte versuchen Sie es erneut.');
  let nonce: unknown;
  try {
    nonce = jwtPayload(tokens.data.id_token).nonce;
  } catch {
    nonce = undefined;
  }
  if (nonce !== pending.nonce) throw new SignInError('Die Anmeldung gehört nicht zu dieser Anfrage. Bitte melden Sie sich erneut an.');
  return { idToken: tokens.data.id_token, expiresIn: tokens.data.expires_in };
}

function readPending(): Pending | undefined {
  try {
    const parsed = Pending.safeParse(JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What Cognito sent back to the redirect URI, taken off the address bar at start-up. */
interface Returned {
  code?: string;
  state?: string;
  error?: string;
}

/**
 * Sign-in with Cognito's managed login: the authorization code grant with PKCE (S256).
 * The sign-in screen sends the browser to Cognito (password, then the code from the
 * authenticator app); Cognito returns to the editor with `?code=…&state=…`. `init` takes
 * that off the address bar and moves to the sign-in route, so the app's own sign-in flow
 * (including the return to where the person was) finishes it: the code is exchanged for
 * tokens, and only the ID token is kept, in sessionStorage like the dev mode's. No refresh
 * token is stored: after 15 minutes (the stack's token lifetime) the person signs in again,
 * which Cognito's own session cookie usually makes a single click.
 */
export function cognitoAuth(config: CognitoConfig): AuthModule {
  let returned: Returned | undefined;

  const startSignIn = async () => {
    const pending = newPending();
    sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    location.assign(await authorizeUrl(config, pending));
  };

  return {
    async init() {
      const params = new URLSearchParams(location.search);
      if (!params.has('code') && !params.has('error')) return;
      returned = {
        code: params.get('code') ?? undefined,
        state: params.get('state') ?? undefined,
        error: params.get('error') ?? undefined,
      };
      // The code must not stay in the address bar, the history or a bookmark.
      history.replaceState(null, '', `${location.pathname}${href({ name: 'login' })}`);
    },

    token: () => readSession()?.idToken,

    signOut() {
      clearSession();
      sessionStorage.removeItem(PENDING_KEY);
      location.assign(logoutUrl(config));
    },

    async mountSignIn(container, signedIn) {
      // The app titles this screen for its development sign-in; this is the real one.
      const heading = container.querySelector('h1');
      if (heading) heading.textContent = 'Anmelden';
      document.title = document.title.replace(/^[^–]*–/, 'Anmelden –');

      const errorId = nextId('login-error');
      const error = h('div', { id: errorId, class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
      const button = h('button', { type: 'button' }, 'Anmelden');
      button.addEventListener('click', () => {
        button.disabled = true;
        button.setAttribute('aria-busy', 'true');
        void startSignIn();
      });
      const lead = h(
        'p',
        { class: 'lead' },
        'Sie werden zur gesicherten Anmeldeseite weitergeleitet. Dort geben Sie Ihre E-Mail-Adresse, Ihr Passwort ' +
          'und den Code aus Ihrer Authenticator-App ein und kommen danach hierher zurück.',
      );
      const fail = (message: string) => {
        error.replaceChildren(h('h2', {}, 'Anmeldung nicht möglich'), h('p', {}, message));
        error.hidden = false;
        error.focus();
      };

      const answer = returned;
      returned = undefined;
      if (!answer) {
        container.append(lead, error, h('p', {}, button));
        return;
      }

      const status = h('p', { 'aria-live': 'polite' }, 'Die Anmeldung wird abgeschlossen …');
      container.append(status, error);
      const pending = readPending();
      sessionStorage.removeItem(PENDING_KEY);
      const retry = () => container.append(h('p', {}, button));
      if (answer.error) {
        status.remove();
        fail(
          answer.error === 'access_denied'
            ? 'Die Anmeldung wurde abgebrochen oder abgelehnt.'
            : 'Die Anmeldeseite hat die Anmeldung nicht abgeschlossen. Bitte versuchen Sie es erneut.',
        );
        return retry();
      }
      if (!pending || !answer.code || answer.state !== pending.state) {
        status.remove();
        fail('Die Anmeldung konnte nicht zugeordnet werden: Sie wurde in einem anderen Fenster begonnen oder ist veraltet. Bitte melden Sie sich erneut an.');
        return retry();
      }
      try {
        const { idToken, expiresIn } = await exchangeCode(config, answer.code, pending);
        writeSession(idToken, expiresIn);
        signedIn();
      } catch (err) {
        status.remove();
        fail(err instanceof SignInError ? err.message : 'Bei der Anmeldung ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es erneut.');
        retry();
      }
    },
  };
}
