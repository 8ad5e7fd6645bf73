import * as z from 'zod/mini';
import { h, nextId } from '../dom.ts';
import { clearSession, readSession, writeSession } from './session.ts';
import type { AuthModule } from './types.ts';

const DevUser = z.object({
  username: z.string(),
  name: z.string(),
  role: z.string(),
  roleLabel: z.string(),
  partner: z.string(),
  partnerName: z.string(),
});
type DevUser = z.infer<typeof DevUser>;

const TokenResponse = z.object({ id_token: z.string().check(z.minLength(1)), expires_in: z.number().check(z.positive()) });

async function getJson(url: string, init?: RequestInit): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new Error('Der Entwicklungs-Login ist nicht erreichbar. Läuft die lokale Umgebung (npm start)?');
  }
  const body = (await res.json().catch(() => undefined)) as { detail?: string } | undefined;
  if (!res.ok) throw new Error(body?.detail ?? `Der Entwicklungs-Login antwortet mit Fehler ${res.status}.`);
  return body;
}

/** Groups the demo users by organisation, in the order the identity provider lists them. */
function byPartner(users: DevUser[]): Map<string, DevUser[]> {
  const groups = new Map<string, DevUser[]>();
  for (const u of users) groups.set(u.partnerName, [...(groups.get(u.partnerName) ?? []), u]);
  return groups;
}

/**
 * Sign-in against the local development identity provider: pick a demo person,
 * receive a signed ID token with the same claims Cognito would issue.
 */
export function devAuth(idpUrl: string): AuthModule {
  return {
    init: async () => undefined,
    token: () => readSession()?.idToken,
    signOut: clearSession,

    async mountSignIn(container, signedIn) {
      const errorId = nextId('login-error');
      const error = h('div', { id: errorId, class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
      const list = h('div', { class: 'login-groups', 'aria-busy': 'true' }, h('p', {}, 'Demo-Personen werden geladen …'));
      container.append(
        h(
          'p',
          { class: 'lead' },
          'Diese Anmeldung gibt es nur in der lokalen Entwicklungsumgebung. Wählen Sie eine Demo-Person; Sie arbeiten dann mit deren Rolle und Organisation.',
        ),
        error,
        list,
      );

      const fail = (message: string) => {
        error.replaceChildren(h('h2', {}, 'Anmeldung nicht möglich'), h('p', {}, message));
        error.hidden = false;
        error.focus();
      };

      let users: DevUser[];
      try {
        users = z.array(DevUser).parse(await getJson(`${idpUrl}/users`));
      } catch (err) {
        list.replaceChildren();
        list.removeAttribute('aria-busy');
        return fail(err instanceof z.core.$ZodError ? 'Der Entwicklungs-Login liefert eine unerwartete Liste.' : (err as Error).message);
      }

      const signIn = async (user: DevUser, button: HTMLButtonElement) => {
        error.hidden = true;
        for (const b of list.querySelectorAll('button')) b.disabled = true;
        button.setAttribute('aria-busy', 'true');
        try {
          const token = TokenResponse.parse(
            await getJson(`${idpUrl}/token`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ username: user.username }),
            }),
          );
          writeSession(token.id_token, token.expires_in);
          signedIn();
        } catch (err) {
          for (const b of list.querySelectorAll('button')) b.disabled = false;
          button.removeAttribute('aria-busy');
          fail(err instanceof z.core.$ZodError ? 'Der Entwicklungs-Login liefert kein gültiges Token.' : (err as Error).message);
        }
      };

      list.replaceChildren(
        ...[...byPartner(users)].map(([partnerName, members]) => {
          const headingId = nextId('partner');
          return h(
            'section',
            { class: 'login-group', 'aria-labelledby': headingId },
            h('h2', { id: headingId }, partnerName),
            h(
              'ul',
              { class: 'plain' },
              members.map((u) => {
                const button = h(
                  'button',
                  { type: 'button', class: 'login-user' },
                  h('span', { class: 'login-name' }, u.name),
                  h('span', { class: 'visually-hidden' }, ', '),
                  h('span', { class: 'login-role' }, u.roleLabel),
                );
                button.addEventListener('click', () => void signIn(u, button));
                return h('li', {}, button);
              }),
            ),
          );
        }),
      );
      list.removeAttribute('aria-busy');
    },
  };
}
