import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevIdp } from '@newsroom/infra-local/dev-idp.ts';
import { type EmbeddedStore, startDynalite, useEmbeddedStore } from '@newsroom/infra-local/dynalite.ts';
import { type Gateway, startGateway } from '@newsroom/infra-local/gateway.ts';
import { seedUsers } from '@newsroom/infra-local/seed.ts';
import { configure } from '@newsroom/runtime/config.ts';
import { listUsers } from '@newsroom/store/users.ts';

/**
 * An API on an in-memory dynalite behind the local gateway, as `npm start` runs it,
 * with a helper to call it as a demo user.
 */
export interface Api {
  store: EmbeddedStore;
  gateway: Gateway;
  /** The photo store's folder (raw uploads and processed files), a fresh temporary one per API. */
  photoDir: string;
  token(username: string): Promise<string>;
  call(
    username: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startApi(): Promise<Api> {
  const store = await startDynalite({ tableName: `test-${Math.random().toString(36).slice(2, 8)}` });
  useEmbeddedStore(store);
  const photoDir = mkdtempSync(join(tmpdir(), 'photos-'));
  configure({ photos: { dir: photoDir } });
  await seedUsers(store.db);
  const gateway = await startGateway({
    port: 0,
    allowedOrigins: ['http://localhost:4322'],
    idp: (url) => createDevIdp({ issuer: `${url}/dev-idp`, users: () => listUsers(store.db) }),
  });
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    if (!tokens.has(username)) tokens.set(username, await gateway.idp.issue(username));
    return tokens.get(username)!;
  };
  return {
    store,
    gateway,
    photoDir,
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
      rmSync(photoDir, { recursive: true, force: true });
    },
  };
}

export const completeStory = {
  title: 'Neue Arbeit in Asperg',
  teaser: 'Wie eine Klientin mit Unterstützung des Integrationsmanagements eine Stelle in der Pflege gefunden hat.',
  municipality: 'Asperg',
  topics: ['arbeit'],
  body: 'Frau C. hat nach einem Praktikum eine Stelle in der Pflege gefunden. Der Weg dorthin war lang, aber sie hat nie aufgegeben.',
  channels: ['website', 'press'],
  persons: [{ id: 'A', role: 'Klientin', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: ['employer'] } }],
};

/** A consent form's data covering `completeStory`'s person A. */
export const coveringConsent = {
  personId: 'A',
  givenBy: 'person',
  date: '2026-01-10',
  language: 'Arabisch',
  interpreter: true,
  formReference: 'EW-2026-017',
  validUntil: '2099-12-31',
  scope: { channels: ['website', 'press'], naming: 'pseudonym', photos: 'none', details: ['employer', 'municipality'], specialCategories: false },
};

/** Creates `completeStory` as `user`, records a covering consent and the read-back: ready to submit. */
export async function createConsentedStory(api: Api, user = 'caritas-manager', story: object = completeStory) {
  const created = await api.call(user, 'POST', '/stories', story);
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const withConsent = await api.call(user, 'POST', `/stories/${created.body.id}/consents`, { version: created.body.version, consent: coveringConsent });
  if (withConsent.status !== 200) throw new Error(`consent failed: ${JSON.stringify(withConsent.body)}`);
  return recordReadBack(api, withConsent.body, user);
}

/** The manager records that the people confirmed the current text (read-back approval). */
export async function recordReadBack(api: Api, story: { id: string; version: number; persons: { id: string }[] }, user = 'caritas-manager') {
  const res = await api.call(user, 'POST', `/stories/${story.id}/read-back`, {
    version: story.version,
    readBack: { date: '2026-01-15', how: 'translated', language: 'Arabisch', personIds: story.persons.map((p) => p.id) },
  });
  if (res.status !== 200) throw new Error(`read-back failed: ${JSON.stringify(res.body)}`);
  return res.body;
}
