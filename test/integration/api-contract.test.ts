import { GatewayRefusal, Problem } from '@newsroom/domain/api/common.ts';
import { berlinDay } from '@newsroom/domain/consent.ts';
import { SIGNUP_CONSENT } from '@newsroom/domain/distribution.ts';
import type { QueuedMail } from '@newsroom/domain/notification-mail.ts';
import { openApiDocument } from '@newsroom/http/openapi.ts';
import type { Route } from '@newsroom/http/route.ts';
import { ROUTES, routeKey } from '@newsroom/http/routes.ts';
import { phonePhoto } from '@newsroom/infra-local/demo-photos.ts';
import { recipientsOf } from '@newsroom/operations/distribution.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { useLocalMailQueue } from '@newsroom/runtime/adapters.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { type Api, completeStory, coveringConsent, startApi } from './harness.ts';

/**
 * The API answers as its document says: a scenario calls every route of the table
 * through the local gateway with real tokens, at least once successfully, and each
 * answer, refusals included, must have a documented status and media type and match
 * the route's schema exactly: a field the schema does not name fails as much as a
 * missing one.
 */

interface Seen {
  route: Route;
  user: string | undefined;
  status: number;
  type: string;
  body: unknown;
}

const doc = openApiDocument(ROUTES);
const matchers = ROUTES.map((route) => ({ route, pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`) }));
const seen: Seen[] = [];
let api: Api;

function routeOf(method: string, path: string): Route {
  const pathname = new URL(path, 'http://localhost').pathname;
  const found = matchers.find((m) => m.route.method === method && m.pattern.test(pathname));
  if (!found) throw new Error(`no route for ${method} ${path}`);
  return found.route;
}

/** Calls the API and keeps the answer for the checks below. */
async function call(user: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await api.call(user, method, path, body, headers);
  seen.push({ route: routeOf(method, path), user, status: res.status, type: (res.headers.get('content-type') ?? '').split(';')[0]!, body: res.body });
  return res;
}

/** Calls and insists on the status: the scenario builds on each step. */
async function must(user: string | undefined, method: string, path: string, body?: unknown, status = 200) {
  const res = await call(user, method, path, body);
  if (res.status !== status) throw new Error(`${method} ${path} as ${user}: expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The fields of `input` a schema left out of `parsed`: what the answer carries and the document does not name. */
function undocumented(input: unknown, parsed: unknown, path: string[] = []): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(input) && Array.isArray(parsed)) return input.flatMap((v, i) => undocumented(v, parsed[i], [...path, String(i)]));
  if (!isObject(input) || !isObject(parsed)) return [];
  return Object.keys(input).flatMap((k) => (Object.hasOwn(parsed, k) ? undocumented(input[k], parsed[k], [...path, k]) : [[...path, k].join('.')]));
}

/** What is wrong with one answer, against the route table's schemas and the document; empty when nothing is. */
function mismatches(s: Seen): string[] {
  const op = doc.paths[s.route.path]![s.route.method.toLowerCase()] as { responses: Record<string, { content?: Record<string, unknown> }> };
  const documented = op.responses[String(s.status)];
  if (!documented) return [`status ${s.status} is not documented (${Object.keys(op.responses).join(', ')})`];
  if (s.status === 204) return s.body === '' ? [] : ['204 with a body'];
  if (!documented.content?.[s.type]) return [`${s.type} is not documented for ${s.status}`];
  if (s.type === 'text/html') return typeof s.body === 'string' && s.body.startsWith('<!doctype html>') ? [] : ['text/html that is no page'];
  const success = s.route.responses[s.status as 200 | 201];
  const schema: z.ZodMiniType = success ?? (s.status === 409 && s.route.conflict ? s.route.conflict : s.type === 'application/json' ? GatewayRefusal : Problem);
  const parsed = schema.safeParse(s.body);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  return undocumented(s.body, parsed.data).map((f) => `${f}: not in the documented schema`);
}

const GRID_DATE = '2025-12-31';
const PUBLISHED_DATE = '2025-06-30';
const COUNTS = { clients: 120, minors: 40, germanB1: 30, employed: 20, training: 6, ended: 15, rental: 9 };
const release1 = {
  headline: 'Integrationsmanagement zieht Bilanz für 2026',
  lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg hat auch 2026 viele geflüchtete Menschen auf ihrem Weg begleitet.',
  body: 'Die Integrationsmanagerinnen und -manager der fünf Träger haben gemeinsam mit ihren Klientinnen und Klienten Ziele vereinbart. '.repeat(3),
  quotes: [
    {
      text: 'Jede dieser Geschichten zeigt, was gemeinsam möglich ist.',
      name: 'Julia Neumann',
      function: 'Pressesprecherin',
      organisation: 'Landratsamt Ludwigsburg',
    },
  ],
  contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
  topics: ['arbeit'],
  partners: ['caritas'],
};

/** A story of Caritas taken all the way to the site (or to the press office's approval); its consent runs out in 20 days, so it is on the expiring lists. */
async function publishedStory(title: string, until: 'press-approve' | 'publish' = 'publish') {
  const act = (user: string, s: { id: string; version: number }, action: string) =>
    must(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version });
  let s = await must('caritas-manager', 'POST', '/stories', { ...completeStory, title }, 201);
  const validUntil = berlinDay(new Date(Date.now() + 20 * 86_400_000));
  s = await must('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: { ...coveringConsent, validUntil } });
  s = await must('caritas-manager', 'POST', `/stories/${s.id}/read-back`, {
    version: s.version,
    readBack: { date: '2026-01-15', how: 'translated', language: 'Arabisch', personIds: ['A'] },
  });
  s = await act('caritas-manager', s, 'submit');
  s = await act('caritas-lead', s, 'approve');
  s = await act('presse', s, 'press-approve');
  return until === 'publish' ? act('presse', s, 'publish') : s;
}

beforeAll(async () => {
  api = await startApi();

  // Reference data and this document.
  await must(undefined, 'GET', '/meta');
  await must(undefined, 'GET', '/openapi.json');
  await must('caritas-manager', 'GET', '/me');

  // Stories: two published ones, a draft with versions, comments and an export.
  const story = await publishedStory('Neue Arbeit in Asperg');
  const other = await publishedStory('Ein Sprachcafé in Asperg');
  let draft = await must('caritas-manager', 'POST', '/stories', { ...completeStory, title: 'Ein Entwurf aus Asperg' }, 201);
  draft = await must('caritas-manager', 'PUT', `/stories/${draft.id}`, {
    version: draft.version,
    story: { ...completeStory, title: 'Ein Entwurf aus Asperg, geändert' },
  });
  // A photo for the draft: reserved, sent where the answer says, read back, listed, one file previewed.
  const bytes = await phonePhoto(undefined, 60);
  const reserved = await must('caritas-manager', 'POST', '/photos', { owner: { kind: 'story', id: draft.id }, size: bytes.length }, 201);
  const sent = await fetch(new URL(reserved.upload.url, api.gateway.url), { method: 'PUT', body: new Uint8Array(bytes) });
  if (sent.status !== 200) throw new Error(`upload: ${sent.status} ${await sent.text()}`);
  await must('caritas-manager', 'GET', `/photos/${reserved.photo.id}`);
  await must('caritas-manager', 'GET', `/photos?kind=story&id=${draft.id}`);
  await must('presse', 'GET', '/photos');
  await must('caritas-manager', 'GET', `/photos/${reserved.photo.id}/files/480.webp`);
  await call('drk-manager', 'GET', `/photos/${reserved.photo.id}`);
  await must('caritas-manager', 'GET', '/stories');
  await must('presse', 'GET', '/stories?scope=all&status=published&limit=10');
  await must('caritas-manager', 'GET', `/stories/${story.id}`);
  await must('drk-manager', 'GET', `/stories/${story.id}`);
  await must('caritas-manager', 'GET', `/stories/${draft.id}/versions`);
  await must('caritas-manager', 'GET', `/stories/${draft.id}/versions/1`);
  await must('caritas-manager', 'GET', `/stories/${draft.id}/diff?from=1`);
  draft = await must('caritas-manager', 'POST', `/stories/${draft.id}/versions/1/restore`, { version: draft.version });
  await must('caritas-lead', 'POST', `/stories/${draft.id}/comments`, { text: 'Bitte den Schluss kürzen.' }, 201);
  await must('presse', 'GET', `/stories/${story.id}/comments`);
  await must('caritas-manager', 'GET', `/stories/${draft.id}/comments`);
  // A preview link of the draft: made, listed, revoked; a second revocation is refused.
  const preview = await must('caritas-manager', 'POST', `/stories/${draft.id}/previews`, {}, 201);
  await must('caritas-lead', 'GET', `/stories/${draft.id}/previews`);
  await must('caritas-lead', 'DELETE', `/stories/${draft.id}/previews/${preview.id}`);
  await must('caritas-manager', 'DELETE', `/stories/${draft.id}/previews/${preview.id}`, undefined, 409);
  await must('drk-manager', 'POST', `/stories/${draft.id}/previews`, {}, 404);
  await must('caritas-manager', 'GET', `/stories/${story.id}/persons/A/export`);
  await call('caritas-manager', 'GET', `/stories/${story.id}/persons/A/export`, undefined, { accept: 'text/html' });
  await must('caritas-manager', 'GET', '/consents/expiring');
  await must('presse', 'GET', '/consents/expiring?days=60');
  // A revision of the published story, dropped again.
  const revised = await must('presse', 'PUT', `/stories/${story.id}`, {
    version: story.version,
    story: { ...completeStory, title: 'Neue Arbeit in Asperg gefunden' },
  });
  await must('caritas-manager', 'GET', '/stories?revision=draft');
  const restored = await must('presse', 'DELETE', `/stories/${story.id}/revision?version=${revised.version}`);
  // A story the press office approved, planned for a Berlin time and the plan lifted again.
  const approved = await publishedStory('Geplant in Asperg', 'press-approve');
  const planned = await must('presse', 'PUT', `/stories/${approved.id}/schedule`, {
    version: approved.version,
    publishAt: `${berlinDay(new Date(Date.now() + 10 * 86_400_000))}T10:00`,
  });
  await must('presse', 'PUT', `/stories/${approved.id}/schedule`, { version: planned.version });

  // A release featuring both stories, published.
  let release = await must('caritas-manager', 'POST', '/releases', { ...release1, headline: 'Ein erster Entwurf der Bilanz 2026' }, 201);
  const releasePreview = await must('caritas-manager', 'POST', `/releases/${release.id}/previews`, {}, 201);
  await must('caritas-manager', 'GET', `/releases/${release.id}/previews`);
  await must('caritas-manager', 'DELETE', `/releases/${release.id}/previews/${releasePreview.id}`);
  await must('caritas-manager', 'DELETE', `/releases/${release.id}/previews/${releasePreview.id}`, undefined, 409);
  release = await must('caritas-manager', 'PUT', `/releases/${release.id}`, {
    version: release.version,
    release: { ...release1, featuredStoryIds: [story.id, other.id] },
  });
  for (const [user, action] of [
    ['caritas-manager', 'propose'],
    ['presse', 'approve'],
    ['presse', 'publish'],
  ] as const) {
    release = await must(user, 'POST', `/releases/${release.id}/transitions`, { action, version: release.version });
  }
  release = await must('presse', 'PUT', `/releases/${release.id}/schedule`, { version: release.version, takedown: '2099-12-31T12:00' });
  await must('caritas-manager', 'GET', '/releases');
  await must('presse', 'GET', '/releases?status=published');
  await must('caritas-lead', 'GET', `/releases/${release.id}`);
  await must('drk-lead', 'GET', `/releases/${release.id}`);
  // The published release sent to a list of the press distribution: the choice and its reach, a test, the send, its progress, a refusal.
  await must('presse', 'POST', '/contacts', { name: 'Versand Kontakt', email: 'versand@example.org', medium: 'dpa', topics: ['arbeit'] }, 201);
  await must('presse', 'GET', `/releases/${release.id}/send-options?lists=arbeit`);
  await must('presse', 'POST', `/releases/${release.id}/sends/test`, {}, 201);
  await must('presse', 'POST', `/releases/${release.id}/sends`, { kind: 'release', lists: ['arbeit'] }, 201);
  await must('presse', 'GET', `/releases/${release.id}/sends`);
  await call('presse', 'POST', `/releases/${release.id}/sends`, { kind: 'release', lists: [] });

  // The press office takes one story down (a notice, acknowledged); a person withdraws consent to the other (a task, which stays).
  await must('presse', 'POST', `/stories/${other.id}/transitions`, { action: 'unpublish', version: other.version });
  const notices = (await must('presse', 'GET', '/notices')).items as { at: string; id: string; task?: boolean }[];
  const notice = notices.find((n) => !n.task)!;
  await must('presse', 'DELETE', `/notices/${encodeURIComponent(notice.at)}/${notice.id}`, undefined, 204);
  const withdrawn = await must('caritas-manager', 'POST', `/stories/${story.id}/consents/A/withdrawal`, {
    version: restored.version,
    withdrawal: { date: berlinDay(new Date()), receivedVia: 'phone' },
  });
  expect(withdrawn.withdrawalReport).toBeDefined();
  await must('caritas-lead', 'GET', `/stories/${story.id}/withdrawal-reports`);
  const task = ((await must('presse', 'GET', '/notices')).items as { at: string; id: string; task?: boolean }[]).find((n) => n.task)!;
  await call('presse', 'DELETE', `/notices/${encodeURIComponent(task.at)}/${task.id}`);
  await must('caritas-manager', 'POST', `/stories/${draft.id}/erasure`, { version: draft.version });

  // Refusals: each has its documented shape.
  await call('caritas-manager', 'GET', '/stories/gibtesnicht');
  await call('caritas-manager', 'PUT', `/stories/${draft.id}`, { version: 1, story: completeStory });
  await call('caritas-manager', 'POST', '/stories', { teaser: 'ohne Titel' });
  await call('caritas-manager', 'POST', '/stories', { title: 'Mit einem Feld zu viel', farbe: 'rot' });
  await call(undefined, 'GET', '/stories');
  await call('admin', 'POST', '/stories', completeStory);
  await call('caritas-manager', 'POST', '/stories', 'x'.repeat(1024 * 1024 + 1));
  const bare = await must('caritas-manager', 'POST', '/stories', { title: 'Noch ohne Einwilligung' }, 201);
  await call('caritas-manager', 'POST', `/stories/${bare.id}/transitions`, { action: 'submit', version: bare.version });
  await call('caritas-manager', 'GET', '/stories?status=irgendwas');

  // Administration.
  await must('admin', 'GET', '/audit');
  await must('presse', 'GET', `/audit?month=${new Date().toISOString().slice(0, 7)}`);
  await must('admin', 'GET', '/users');
  await must('caritas-lead', 'GET', '/me/notifications');
  await must('caritas-lead', 'PUT', '/me/notifications', { preferences: { 'story-published': 'taeglich' } });
  await must('admin', 'POST', '/users', { username: 'neu-manager', name: 'Nina Neu', email: 'nina.neu@example.org', role: 'manager', partner: 'awo' }, 201);
  await must('admin', 'PUT', '/users/neu-manager', { enabled: false });
  await call('admin', 'PUT', '/users/admin', { role: 'manager' });
  const organisation = await must('caritas-manager', 'GET', '/settings/organisation');
  await must('admin', 'PUT', '/settings/organisation', { version: organisation.version, organisation: { name: 'Landratsamt Ludwigsburg' } });
  await call('admin', 'PUT', '/settings/organisation', { version: organisation.version, organisation: { name: 'Zu spät' } });
  await call('presse', 'PUT', '/settings/organisation', { version: organisation.version + 1, organisation: { name: 'Nicht erlaubt' } });

  // Statistics: a reporting date with Caritas' accepted figures, published.
  const settings = await must('admin', 'GET', '/statistics/settings');
  await must('admin', 'PUT', '/statistics/settings', {
    version: settings.version,
    threshold: 3,
    assignment: { caritas: ['Kornwestheim'], drk: ['Ludwigsburg'] },
  });
  await must('presse', 'POST', '/statistics/snapshots', { date: PUBLISHED_DATE }, 201);
  await must('caritas-manager', 'GET', '/statistics/snapshots');
  let sub = await must(
    'caritas-manager',
    'POST',
    '/statistics/submissions',
    { date: PUBLISHED_DATE, municipality: 'Kornwestheim', counts: { clients: 100 } },
    201,
  );
  await call('caritas-manager', 'POST', '/statistics/submissions', { date: PUBLISHED_DATE, municipality: 'Kornwestheim' });
  sub = await must('caritas-manager', 'PUT', `/statistics/submissions/${sub.id}`, { version: sub.version, counts: COUNTS });
  await must('caritas-manager', 'GET', '/statistics/submissions');
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'accept'],
  ] as const) {
    sub = await must(user, 'POST', `/statistics/submissions/${sub.id}/transitions`, { action, version: sub.version });
  }
  await must('presse', 'GET', `/statistics/submissions/${sub.id}`);
  await must('presse', 'GET', '/statistics/submissions?status=accepted');
  const day = await must('presse', 'GET', `/statistics/snapshots/${PUBLISHED_DATE}`);
  await must('presse', 'POST', `/statistics/snapshots/${PUBLISHED_DATE}/transitions`, {
    action: 'publish',
    version: day.snapshot.version,
    acceptIncomplete: true,
  });
  await must('caritas-lead', 'GET', `/statistics/snapshots/${PUBLISHED_DATE}`);
  await must('presse', 'GET', `/statistics/snapshots/${PUBLISHED_DATE}`);
  await must('caritas-manager', 'GET', '/statistics/snapshots');
  await must('presse', 'GET', '/statistics/snapshots');
  await call('presse', 'POST', `/statistics/snapshots/${PUBLISHED_DATE}/transitions`, { action: 'withdraw', version: 1 });

  // The press distribution: the press office's contacts, lists and import; the public sign-up, confirmation, topics and unsubscribing.
  const mails: QueuedMail[] = [];
  useLocalMailQueue({ enqueue: async (queued) => void mails.push(...queued) });
  const contact = await must('presse', 'POST', '/contacts', { name: 'Vertrag Kontakt', email: 'vertrag@example.org', medium: 'LKZ', topics: ['arbeit'] }, 201);
  await must('presse', 'PUT', `/contacts/${contact.id}`, { version: 1, name: 'Vertrag Kontakt', medium: 'SWR', topics: [] });
  await call('presse', 'PUT', `/contacts/${contact.id}`, { version: 1, name: 'Vertrag Kontakt', medium: 'SWR', topics: [] });
  await must('presse', 'GET', '/contacts?list=alle');
  await must('presse', 'GET', '/contact-lists');
  const records = [
    ['Name', 'E-Mail', 'Medium', 'Themen'],
    ['Import Kontakt', 'import@example.org', 'LKZ', 'Arbeit'],
    ['', 'kaputt', '', ''],
  ];
  await must('presse', 'POST', '/contacts/import/preview', { records });
  await must('presse', 'POST', '/contacts/import', { records });
  await call('presse', 'POST', '/contacts/import/preview', { records: [['Vorname'], ['X']] });
  await must('presse', 'DELETE', `/contacts/${contact.id}?version=2`, undefined, 204);
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const signup = `name=Vertrag+Anmeldung&email=anmeldung%40example.org&medium=LKZ&thema=arbeit&einwilligung=ja&einwilligungVersion=${SIGNUP_CONSENT.version}`;
  await call(undefined, 'POST', '/verteiler/anmeldung', signup, form);
  await call(undefined, 'POST', '/verteiler/anmeldung', 'name=&email=kaputt', form);
  await call(undefined, 'POST', '/verteiler/anmeldung', signup, { ...form, accept: 'application/json' });
  // The newest mail: each sign-up replaces the link of the one before.
  const confirmation = /\/verteiler\/bestaetigen\/([\w.-]+)/.exec(JSON.stringify(mails.at(-1)))![1];
  await call(undefined, 'GET', `/verteiler/bestaetigen/${confirmation}`);
  await call(undefined, 'POST', `/verteiler/bestaetigen/${confirmation}`);
  await call(undefined, 'POST', '/verteiler/bestaetigen/unbekannt.AAAAAAAAAAAAAAAAAAAAAAAA', '', { accept: 'application/json' });
  const imported = (await recipientsOf(runtimePorts(), ['arbeit'])).find((r) => r.email === 'import@example.org')!;
  const link = /\/abmelden\/([\w.-]+)>/.exec(imported.headers['List-Unsubscribe']!)![1];
  await call(undefined, 'GET', `/verteiler/themen/${link}`);
  await call(undefined, 'POST', `/verteiler/themen/${link}`, 'thema=wohnen', form);
  await call(undefined, 'GET', `/abmelden/${link}`);
  await call(undefined, 'POST', `/abmelden/${link}`, 'List-Unsubscribe=One-Click', form);
  useLocalMailQueue(undefined);

  // The grid of a second reporting date: saved, submitted whole, approved and accepted at once.
  await must('presse', 'POST', '/statistics/snapshots', { date: GRID_DATE }, 201);
  await must('caritas-manager', 'GET', `/statistics/snapshots/${GRID_DATE}/grid`);
  await call('caritas-manager', 'PUT', `/statistics/snapshots/${GRID_DATE}/grid`, { rows: [{ municipality: 'Ludwigsburg', counts: COUNTS }] });
  await must('caritas-manager', 'PUT', `/statistics/snapshots/${GRID_DATE}/grid`, { rows: [{ municipality: 'Kornwestheim', counts: COUNTS }] });
  await must('caritas-manager', 'POST', `/statistics/snapshots/${GRID_DATE}/submissions/transitions`, { action: 'submit' });
  await must('caritas-lead', 'POST', `/statistics/snapshots/${GRID_DATE}/submissions/transitions`, { action: 'approve' });
  await must('presse', 'POST', `/statistics/snapshots/${GRID_DATE}/submissions/transitions`, { action: 'accept' });
  for (const user of ['caritas-manager', 'caritas-lead', 'presse', 'admin']) await must(user, 'GET', '/overview');
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('every answer of the running API is one its document describes', () => {
  it.each(ROUTES.map((r) => [routeKey(r), r] as const))('%s', (_key, route) => {
    const answers = seen.filter((s) => s.route === route);
    expect(
      answers.some((s) => s.status < 300),
      'the scenario calls the route successfully at least once',
    ).toBe(true);
    expect(answers.map((s) => ({ status: s.status, user: s.user, problems: mismatches(s) })).filter((a) => a.problems.length)).toEqual([]);
  });

  it('served its refusals too, each in its documented shape', () => {
    const refusals = new Set(seen.filter((s) => s.status >= 400).map((s) => s.status));
    expect([...refusals].sort()).toEqual([400, 401, 403, 404, 409, 413, 422]);
  });

  it('serves the document it is generated from', () => {
    expect(seen.find((s) => s.route.path === '/openapi.json')!.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('checks strictly: an undocumented field or a wrong type is found', () => {
    const route = ROUTES.find((r) => routeKey(r) === 'GET /me')!;
    const me = seen.find((s) => s.route === route)!;
    expect(mismatches({ ...me, body: { ...(me.body as object), intern: true } })).toEqual(['intern: not in the documented schema']);
    expect(mismatches({ ...me, body: { ...(me.body as object), roles: 'manager' } })).toHaveLength(1);
    expect(mismatches({ ...me, status: 418 })).toEqual(['status 418 is not documented (200, 401)']);
  });
});
