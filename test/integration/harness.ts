import { demoUsers } from '../../content/seed/users.ts';
import { createDevIdp } from '../../infra/local/dev-idp.ts';
import { startDynalite, type EmbeddedStore } from '../../infra/local/dynalite.ts';
import { startGateway, type Gateway } from '../../infra/local/gateway.ts';

/**
 * An API on an in-memory dynalite behind the local gateway, as `npm start` runs it,
 * with a helper to call it as a demo user.
 */
export interface Api {
  store: EmbeddedStore;
  gateway: Gateway;
  token(username: string): Promise<string>;
  call(username: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startApi(): Promise<Api> {
  const store = await startDynalite({ tableName: `test-${Math.random().toString(36).slice(2, 8)}` });
  process.env.DYNAMODB_ENDPOINT = store.endpoint;
  process.env.TABLE_NAME = store.db.tableName;
  const gateway = await startGateway({
    port: 0,
    allowedOrigins: ['http://localhost:4322'],
    idp: (url) => createDevIdp({ issuer: `${url}/dev-idp`, users: demoUsers() }),
  });
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    if (!tokens.has(username)) tokens.set(username, await gateway.idp.issue(username));
    return tokens.get(username)!;
  };
  return {
    store,
    gateway,
    token,
    async call(username, method, path, body, headers = {}) {
      const res = await fetch(`${gateway.url}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(username ? { authorization: `Bearer ${await token(username)}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await gateway.close();
      await store.close();
    },
  };
}

export const completeStory = {
  title: 'Neue Arbeit in Asperg',
  teaser: 'Wie eine Klientin mit Unterstützung des Integrationsmanagements eine Stelle in der Pflege gefunden hat.',
  municipality: 'Asperg',
  topics: ['arbeit'],
  body: 'Frau C. hat nach einem Praktikum eine Stelle in der Pflege gefunden. Der Weg dorthin war lang, aber sie hat nie aufgegeben.',
};
