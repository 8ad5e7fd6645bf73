import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLISH } from '../fixtures/language.ts';
import { type Api, completeStory, coveringConsent, startApi } from './harness.ts';

/**
 * Bad input through the local gateway: a clear German 4xx, never a 5xx, never a reset
 * socket, and nothing stored.
 */

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const release = {
  headline: 'Integrationsmanagement zieht Bilanz für 2026',
  lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg hat auch 2026 viele geflüchtete Menschen auf ihrem Weg begleitet.',
  body: 'Die Integrationsmanagerinnen und -manager der fünf Träger haben gemeinsam mit ihren Klientinnen und Klienten Ziele vereinbart. '.repeat(3),
  contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
  topics: ['arbeit'],
  partners: ['caritas'],
};

type Problem = { status: number; title: string; detail: string; problems: { field?: string; message: string }[] };

/** Everything in a problem a person reads. */
const readable = (p: Problem) => [p.title, p.detail, ...p.problems.map((x) => x.message)];

const titles = async (user = 'caritas-manager') => ((await api.call(user, 'GET', '/stories?limit=100')).body.items as { title: string }[]).map((s) => s.title);
const headlines = async () => ((await api.call('caritas-manager', 'GET', '/releases?limit=100')).body.items as { headline: string }[]).map((r) => r.headline);

async function newStory(title = completeStory.title) {
  const res = await api.call('caritas-manager', 'POST', '/stories', { ...completeStory, title });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; slug: string; title: string; teaser: string };
}

describe('control characters, bidi overrides and lone surrogates', () => {
  it('a title with U+0001 is refused with 400 naming the field in German, and nothing is stored', async () => {
    const res = await api.call('caritas-manager', 'POST', '/stories', { ...completeStory, title: 'Neue Arbeit\u0001 in Asperg' });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      { field: 'title', message: expect.stringMatching(/^Der Titel enthält ein unsichtbares Steuerzeichen \(U\+0001\) an Stelle 12\./) },
    ]);
    expect((await titles()).some((t) => t.includes('\u0001') || t === 'Neue Arbeit in Asperg')).toBe(false);
  });

  it('an edit with a bidi override in the teaser is refused and the story stays as it was', async () => {
    const story = await newStory('Eine Geschichte zum Bearbeiten');
    const res = await api.call('caritas-manager', 'PUT', `/stories/${story.id}`, {
      version: story.version,
      story: { ...completeStory, teaser: `${completeStory.teaser}\u202E` },
    });
    expect(res.status).toBe(400);
    expect(res.body.problems[0]).toMatchObject({
      field: 'story.teaser',
      message: expect.stringMatching(/^Der Anreißer enthält ein unsichtbares Steuerzeichen für die Schreibrichtung \(U\+202E\)/),
    });
    const stored = (await api.call('caritas-manager', 'GET', `/stories/${story.id}`)).body;
    expect(stored).toMatchObject({ version: story.version, teaser: story.teaser });
  });

  it('every kind of text is checked: person roles, consents, comments, releases, users, statistics', async () => {
    const story = await newStory('Eine Geschichte für Einwilligungen');
    const cases: [user: string, method: string, path: string, body: unknown, field: string, label: string][] = [
      [
        'caritas-manager',
        'POST',
        '/stories',
        { ...completeStory, persons: [{ ...completeStory.persons[0], role: 'Klien\u0000tin' }] },
        'persons.0.role',
        'Die Rolle der Person',
      ],
      [
        'caritas-manager',
        'POST',
        `/stories/${story.id}/consents`,
        { version: story.version, consent: { ...coveringConsent, language: 'Arabisch\uD800' } },
        'consent.language',
        'Die Sprache des Gesprächs',
      ],
      [
        'caritas-manager',
        'POST',
        `/stories/${story.id}/consents`,
        { version: story.version, consent: coveringConsent, correctionReason: 'Tippfehler\u2067' },
        'correctionReason',
        'Der Grund der Korrektur',
      ],
      ['caritas-manager', 'POST', `/stories/${story.id}/comments`, { text: 'Bitte \u0007prüfen' }, 'text', 'Der Kommentar'],
      [
        'caritas-manager',
        'POST',
        `/stories/${story.id}/transitions`,
        { action: 'submit', version: story.version, comment: 'ok\u001B' },
        'comment',
        'Der Kommentar',
      ],
      ['caritas-manager', 'POST', '/releases', { ...release, headline: `${release.headline}\u202D` }, 'headline', 'Die Überschrift'],
      [
        'caritas-manager',
        'POST',
        '/releases',
        { ...release, contacts: [{ ...release.contacts[0], name: 'Julia\uFFFF Neumann' }] },
        'contacts.0.name',
        'Der Name der Ansprechperson',
      ],
      [
        'admin',
        'POST',
        '/users',
        { username: 'neu-steuer', name: 'Nora\u0085 Neumann', email: 'nora@example.org', role: 'manager', partner: 'drk' },
        'name',
        'Der Name',
      ],
      ['presse', 'POST', '/statistics/snapshots/2026-06-30/transitions', { action: 'publish', version: 1, note: 'Hinweis\u0002' }, 'note', 'Der Hinweis'],
    ];
    for (const [user, method, path, body, field, label] of cases) {
      const res = await api.call(user, method, path, body);
      expect(res.status, `${method} ${path} ${field}`).toBe(400);
      expect(res.body.problems, `${method} ${path} ${field}`).toContainEqual({ field, message: expect.stringMatching(new RegExp(`^${label} enthält`)) });
    }
    expect((await api.call('caritas-manager', 'GET', `/stories/${story.id}`)).body).toMatchObject({ version: story.version, consents: [] });
    expect((await api.call('caritas-manager', 'GET', `/stories/${story.id}/comments`)).body.items).toEqual([]);
    expect(await headlines()).toEqual([]);
    expect((await api.call('admin', 'GET', '/users')).body.items.map((u: { username: string }) => u.username)).not.toContain('neu-steuer');
  });

  it('line ends are stored as newlines, whatever system sent them', async () => {
    const res = await api.call('caritas-manager', 'POST', '/stories', {
      ...completeStory,
      title: 'Zeilenenden im Text',
      body: `${completeStory.body}\r\nZweiter Absatz.\rDritter.`,
    });
    expect(res.status).toBe(201);
    expect(res.body.body).toBe(`${completeStory.body}\nZweiter Absatz.\nDritter.`);
  });
});

describe('every validation message is German', () => {
  it('wrong types, shapes and values anywhere never answer in English', async () => {
    const story = await newStory('Eine Geschichte für falsche Angaben');
    const bodies: [user: string, method: string, path: string, body: unknown][] = [
      ['caritas-manager', 'POST', '/stories', []],
      ['caritas-manager', 'POST', '/stories', { title: 42 }],
      ['caritas-manager', 'POST', '/stories', { ...completeStory, topics: {}, persons: 'A', channels: [1], showMunicipality: 'ja' }],
      ['caritas-manager', 'POST', '/stories', { ...completeStory, municipality: 'Atlantis', persons: [{ id: 'AB', role: 1, ageGroup: 'alt', shows: [] }] }],
      ['caritas-manager', 'PUT', `/stories/${story.id}`, { version: 'eins', story: [] }],
      ['caritas-manager', 'PUT', `/stories/${story.id}`, { version: 1.5, story: { title: null } }],
      ['caritas-manager', 'POST', `/stories/${story.id}/transitions`, { action: 'fly', version: -1, comment: {} }],
      [
        'caritas-manager',
        'POST',
        `/stories/${story.id}/consents`,
        { version: story.version, consent: { ...coveringConsent, scope: { channels: 'website', naming: 9 }, date: 20260110 } },
      ],
      ['caritas-manager', 'POST', `/stories/${story.id}/read-back`, { version: story.version, readBack: { date: [], how: 'telepathy', personIds: 'A' } }],
      ['caritas-manager', 'POST', `/stories/${story.id}/comments`, { text: ['a'] }],
      ['caritas-manager', 'POST', '/releases', { headline: {}, quotes: {}, contacts: [{ email: 'x' }], photos: [{ file: 1 }] }],
      ['admin', 'POST', '/users', { username: 1, email: [], role: 'king', partner: null }],
      ['admin', 'PUT', '/users/caritas-manager', { enabled: 'nein' }],
      ['caritas-manager', 'POST', '/statistics/submissions', { date: 5, municipality: [], counts: { clients: 'viele' } }],
      ['admin', 'PUT', '/statistics/settings', { version: 'x', assignment: [], threshold: '5' }],
      ['presse', 'PUT', '/releases/abcdefghij/schedule', { version: 1, embargo: 5 }],
    ];
    for (const [user, method, path, body] of bodies) {
      const res = await api.call(user, method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      for (const text of readable(res.body)) expect(text, `${method} ${path} ${JSON.stringify(body)}`).not.toMatch(ENGLISH);
    }
  });
});

describe('unknown fields', () => {
  it('are refused with 400 naming them, for stories, persons, consents, releases and users; nothing is stored', async () => {
    const story = await newStory('Eine Geschichte für unbekannte Felder');
    const cases: [user: string, method: string, path: string, body: unknown, field: string][] = [
      ['caritas-manager', 'POST', '/stories', { ...completeStory, title: 'Mit Tippfehler im Feldnamen', titel: 'x' }, 'titel'],
      [
        'caritas-manager',
        'POST',
        '/stories',
        { ...completeStory, title: 'Mit Klarnamen der Person', persons: [{ ...completeStory.persons[0], realName: 'Fatima M.' }] },
        'persons.0.realName',
      ],
      ['caritas-manager', 'PUT', `/stories/${story.id}`, { version: story.version, story: { ...completeStory, status: 'published' } }, 'story.status'],
      ['caritas-manager', 'PUT', `/stories/${story.id}`, { version: story.version, story: completeStory, partner: 'awo' }, 'partner'],
      [
        'caritas-manager',
        'POST',
        `/stories/${story.id}/consents`,
        { version: story.version, consent: { ...coveringConsent, scope: { ...coveringConsent.scope, everything: true } } },
        'consent.scope.everything',
      ],
      ['caritas-manager', 'POST', '/releases', { ...release, status: 'published' }, 'status'],
      [
        'caritas-manager',
        'POST',
        '/releases',
        { ...release, quotes: [{ text: 'Ein Zitat, lang genug.', name: 'Julia Neumann', function: 'Sprecherin', organisation: 'LRA', approved: true }] },
        'quotes.0.approved',
      ],
      [
        'admin',
        'POST',
        '/users',
        { username: 'neu-feld', name: 'Nora Neumann', email: 'nora@example.org', role: 'manager', partner: 'drk', admin: true },
        'admin',
      ],
      ['admin', 'PUT', '/users/caritas-manager', { name: 'Miriam Keller', groups: ['admin'] }, 'groups'],
    ];
    for (const [user, method, path, body, field] of cases) {
      const res = await api.call(user, method, path, body);
      expect(res.status, `${method} ${path} ${field}`).toBe(400);
      expect(res.body.problems, `${method} ${path} ${field}`).toContainEqual({ field, message: `Unbekanntes Feld „${field}“.` });
    }
    const all = await titles();
    expect(all).not.toContain('Mit Tippfehler im Feldnamen');
    expect(all).not.toContain('Mit Klarnamen der Person');
    expect((await api.call('caritas-manager', 'GET', `/stories/${story.id}`)).body).toMatchObject({
      version: story.version,
      status: 'draft',
      partner: 'caritas',
      consents: [],
    });
    expect(await headlines()).toEqual([]);
    expect((await api.call('admin', 'GET', '/users')).body.items.map((u: { username: string }) => u.username)).not.toContain('neu-feld');
    expect((await api.call('caritas-manager', 'GET', '/me')).body.name).toBe('Miriam Keller');
  });
});

describe('list filters and cursors', () => {
  it('a bad filter is 400 on every list', async () => {
    for (const path of ['/stories?status=verschollen', '/stories?limit=1000', '/releases?status=verschollen', '/statistics/submissions?status=verschollen']) {
      const res = await api.call('presse', 'GET', path);
      expect(res.status, path).toBe(400);
      expect(res.body.detail).toBe('Ungültiger Filter.');
      for (const text of readable(res.body)) expect(text).not.toMatch(ENGLISH);
    }
  });

  it('a malformed or forged cursor is 400 in German; a cursor the API handed out still works', async () => {
    for (let i = 0; i < 3; i++) await newStory(`Eine Geschichte zum Blättern ${i + 1}`);
    const first = await api.call('caritas-manager', 'GET', '/stories?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await api.call('caritas-manager', 'GET', `/stories?limit=2&cursor=${first.body.next}`);
    expect(second.status).toBe(200);
    expect(second.body.items.map((s: { id: string }) => s.id)).not.toContain(first.body.items[0].id);

    const handedOut = JSON.parse(Buffer.from(first.body.next, 'base64url').toString('utf8')) as Record<string, string>;
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const forged = [
      'kaputt!',
      Buffer.from('kein json').toString('base64url'),
      encode(null),
      encode([1, 2]),
      encode('text'),
      encode({}),
      encode({ PK: 'x' }),
      encode({ ...handedOut, GSI1PK: 'PARTNER#awo' }),
      encode({ ...handedOut, extra: 'x' }),
      encode({ ...handedOut, SK: 1 }),
      encode({ ...handedOut, SK: '' }),
    ];
    for (const cursor of forged) {
      for (const [user, path] of [
        ['caritas-manager', '/stories'],
        ['presse', '/stories'],
        ['caritas-manager', '/releases'],
        ['presse', '/releases'],
        ['presse', '/audit'],
      ]) {
        const res = await api.call(user!, 'GET', `${path}?cursor=${encodeURIComponent(cursor)}`);
        expect(res.status, `${path} ${cursor}`).toBe(400);
        expect(res.body.detail).toMatch(/^Die Fortsetzungsmarke der Liste \(cursor\) ist ungültig/);
      }
    }
  });
});

describe('oversized bodies', () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    api.token('caritas-manager').then((token) =>
      fetch(`${api.gateway.url}/stories`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body,
        duplex: 'half',
      } as RequestInit),
    );

  const streamed = (bytes: number) => {
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
  };

  for (const [name, bytes] of [
    ['1 MB', 1024 * 1024 + 1],
    ['10 MB', 10 * 1024 * 1024],
  ] as const) {
    it(`a ${name} body gets a German 413 before the connection closes, with or without Content-Length; nothing is stored`, async () => {
      const title = `Zu groß ${name}`;
      const json = JSON.stringify({ ...completeStory, title, body: `${completeStory.body} ${'x'.repeat(bytes)}` });
      for (const res of [await post(json), await post(streamed(bytes))]) {
        expect(res.status).toBe(413);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const problem = (await res.json()) as Problem;
        expect(problem).toMatchObject({ status: 413, title: 'Anfrage zu groß', detail: expect.stringMatching(/^Die Anfrage ist größer als 1 MB/) });
      }
      expect(await titles()).not.toContain(title);
      // Just under the limit the body is read: the answer comes from the schema.
      const under = await post(JSON.stringify({ ...completeStory, title, body: `${completeStory.body}${'x'.repeat(1000 * 1000)}` }));
      expect(under.status).toBe(400);
      expect(((await under.json()) as Problem).problems).toContainEqual({ field: 'body', message: 'Der Text darf höchstens 20.000 Zeichen haben.' });
    });
  }
});

describe('addresses of titles without words', () => {
  it('a title of only emoji or dashes still gets a readable slug', async () => {
    const emoji = await newStory('🙂🙂🙂🙂🙂');
    expect(emoji.slug).toBe(`geschichte-${emoji.id}`);
    const dashes = await newStory('— – - — –');
    expect(dashes.slug).toBe(`geschichte-${dashes.id}`);
    const r = await api.call('caritas-manager', 'POST', '/releases', { ...release, headline: '🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉' });
    expect(r.status).toBe(201);
    expect(r.body.slug).toBe(`pressemitteilung-${r.body.id}`);
  });
});
