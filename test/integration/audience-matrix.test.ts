import { berlinDay } from '@newsroom/domain/consent.ts';
import { ROUTES, routeKey } from '@newsroom/http/routes.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, coveringConsent, recordReadBack, startApi } from './harness.ts';

/**
 * Who sees which fields: every route that returns a story, a press release or a
 * statistics item, called by every role of the item's own partner (Caritas), of another
 * partner (DRK), by the press office and by an administrator, asserting the status and
 * the exact set of fields (top level, and of every record inside: `current` of a 409,
 * a day's `snapshot`, the fixtures in a list). Another partner gets at most what the
 * public site shows; everything else about an item (consents, read-back, audit, versions,
 * comments, reports, exports, drafts) is 404 outside its partner and the press office.
 * Writes are probed with a stale version or an invalid body, so nothing changes.
 */

type Group = 'own' | 'other' | 'press' | 'admin';
const CALLERS: [string, Group][] = [
  ['caritas-manager', 'own'],
  ['caritas-lead', 'own'],
  ['drk-manager', 'other'],
  ['drk-lead', 'other'],
  ['presse', 'press'],
  ['admin', 'admin'],
];

const sorted = (keys: readonly string[]) => [...keys].sort();
const without = (keys: readonly string[], ...drop: string[]) => keys.filter((k) => !drop.includes(k));

const PROBLEM = ['type', 'status', 'title', 'detail', 'problems'];

const STORY_RECORD = [
  'id',
  'slug',
  'partner',
  'status',
  'version',
  'authorId',
  'authorName',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'title',
  'teaser',
  'municipality',
  'topics',
  'body',
  'showMunicipality',
  'channels',
  'persons',
  'photos',
  'consents',
  'readBack',
  'audit',
  'lastEditorId',
  'lastEditorName',
  'submittedBy',
];
const STORY_VIEW = ['audience', 'actions', 'consentStatus', 'consentProblems', 'consentExpires', 'readBackProblems'];
const STORY_FULL = [...STORY_RECORD, ...STORY_VIEW];
const STORY_FULL_ONE = [...STORY_FULL, 'reidentificationWarnings'];
/** A draft: never published, no read-back, no consent yet. */
const DRAFT_RECORD = without(STORY_RECORD, 'publishedAt', 'readBack', 'submittedBy');
/** A published story with a change in preparation: the revision is part of the record, never of what the site shows. */
const REVISED_RECORD = [...STORY_RECORD, 'revision'];
const DRAFT_FULL = [...DRAFT_RECORD, ...without(STORY_VIEW, 'consentExpires')];
const DRAFT_FULL_ONE = [...DRAFT_FULL, 'reidentificationWarnings'];
/** What the story page on the site shows (site/newsroom/src/pages/geschichten/[slug].astro). */
const STORY_PUBLIC = ['audience', 'id', 'slug', 'partner', 'title', 'teaser', 'body', 'municipality', 'topics', 'publishedAt', 'updatedAt', 'photos'];

const RELEASE_RECORD = [
  'id',
  'slug',
  'partner',
  'status',
  'version',
  'authorId',
  'authorName',
  'lastEditorId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'datelinePlace',
  'headline',
  'lead',
  'body',
  'quotes',
  'contacts',
  'topics',
  'partners',
  'featuredStoryIds',
  'photos',
  'corrections',
  'notices',
  'audit',
];
const RELEASE_FULL = [...RELEASE_RECORD, 'audience', 'actions'];
const RELEASE_DRAFT_RECORD = without(RELEASE_RECORD, 'publishedAt');
const RELEASE_DRAFT_FULL = [...RELEASE_DRAFT_RECORD, 'audience', 'actions'];
/** What the release page and the feeds show (toPublicRelease). */
const RELEASE_PUBLIC = [
  'audience',
  'id',
  'slug',
  'datelinePlace',
  'headline',
  'lead',
  'body',
  'quotes',
  'contacts',
  'topics',
  'partners',
  'featuredStoryIds',
  'photos',
  'publishedAt',
  'updatedAt',
  'corrections',
];

const PUBLICATION_PUBLIC = ['revision', 'firstPublishedAt', 'publishedAt', 'figures', 'breakdown', 'completeness', 'source', 'corrections'];
const nested = (prefix: string, keys: readonly string[]) => keys.map((k) => `${prefix}.${k}`);
const OPEN_DATE_RECORD = ['date', 'status', 'origin', 'version', 'createdAt', 'updatedAt', 'createdBy', 'createdByName', 'audit'];
const SNAPSHOT_FULL = [...OPEN_DATE_RECORD, 'actions', 'publication', ...nested('publication', [...PUBLICATION_PUBLIC, 'publishedBy', 'publishedByName'])];
const OPEN_DATE_FULL = [...OPEN_DATE_RECORD, 'actions'];
/** Partner staff: the reporting date, and what the statistics page shows once published. */
const SNAPSHOT_PARTNER = ['date', 'status', 'origin', 'actions', 'publication', ...nested('publication', PUBLICATION_PUBLIC)];
const OPEN_DATE_PARTNER = ['date', 'status', 'origin', 'actions'];

const SUBMISSION_RECORD = [
  'id',
  'date',
  'partner',
  'municipality',
  'status',
  'counts',
  'revision',
  'accepted',
  'version',
  'createdAt',
  'updatedAt',
  'createdBy',
  'createdByName',
  'audit',
];
const SUBMISSION_FULL = [...SUBMISSION_RECORD, 'actions'];
/** A partner's grid: its own rows only (a row's submission is the partner's own record). */
const GRID = ['date', 'dateLabel', 'partner', 'previousDate', 'changeThreshold', 'rows'];

/** What a response carries, reduced to field names: the body, and each record inside it. */
interface Shape {
  status: number;
  keys: string[];
  current?: string[];
  snapshot?: string[];
  /** Fixture label → fields, for the fixtures found in `items` or `submissions`; other entries are not ours. */
  items?: Record<string, string[]>;
}

const E = (status: number, keys: readonly string[], more: Omit<Shape, 'status' | 'keys'> = {}): Shape => ({
  status,
  keys: sorted(keys),
  ...(more.current ? { current: sorted(more.current) } : {}),
  ...(more.snapshot ? { snapshot: sorted(more.snapshot) } : {}),
  ...(more.items ? { items: Object.fromEntries(Object.entries(more.items).map(([k, v]) => [k, sorted(v)])) } : {}),
});
const NOT_FOUND = E(404, PROBLEM);
const REFUSED = E(403, PROBLEM);
const INVALID = E(400, PROBLEM);
const UNPROCESSABLE = E(422, PROBLEM);
const conflict = (current: readonly string[]) => E(409, [...PROBLEM, 'current'], { current: [...current] });
const ok = (keys: readonly string[], more: Omit<Shape, 'status' | 'keys'> = {}) => E(200, keys, more);
const same = (shape: Shape): Record<Group, Shape> => ({ own: shape, other: shape, press: shape, admin: shape });

let api: Api;
const ids = new Map<string, string>();
let story: { id: string };
let draft: { id: string };
let revised: { id: string };
let release: { id: string };
let releaseDraft: { id: string };
let submission: { id: string };
let submissionDraft: { id: string };
const PUBLISHED_DATE = '2025-06-30';
const OPEN_DATE = '2025-12-31';
const COUNTS = { clients: 120, minors: 40, germanB1: 30, employed: 20, training: 6, ended: 15, rental: 9 };

const fieldsOf = (record: Record<string, unknown>): string[] =>
  sorted([
    ...Object.keys(record),
    ...(record.publication && typeof record.publication === 'object' ? nested('publication', Object.keys(record.publication)) : []),
  ]);

function shapeOf(res: { status: number; body: any }): Shape {
  const body = res.body && typeof res.body === 'object' && !Array.isArray(res.body) ? res.body : {};
  const list = Array.isArray(body.items) ? body.items : Array.isArray(body.submissions) ? body.submissions : undefined;
  const items =
    list &&
    Object.fromEntries(
      list
        .map((i: { id?: string; date?: string }) => [ids.get(i.id ?? i.date ?? ''), i])
        .filter(([label]: [string | undefined]) => label !== undefined)
        .map(([label, i]: [string, Record<string, unknown>]) => [label, fieldsOf(i)]),
    );
  return {
    status: res.status,
    keys: fieldsOf(body).filter((k) => !k.startsWith('publication.')),
    ...(body.current && typeof body.current === 'object' ? { current: fieldsOf(body.current) } : {}),
    ...(body.snapshot && typeof body.snapshot === 'object' ? { snapshot: fieldsOf(body.snapshot) } : {}),
    ...(items ? { items } : {}),
  };
}

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

async function must(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  if (r.status !== status) throw new Error(`setup: expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

beforeAll(async () => {
  api = await startApi();
  const storyAct = (user: string, s: { id: string; version: number }, action: string) =>
    must(api.call(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version }));

  // A Caritas story, edited once (two versions: the first draft must never reach another partner),
  // with a consent that runs out in 20 days (so it is on the expiring lists), read back and published.
  let s = await must(
    api.call('caritas-manager', 'POST', '/stories', { ...completeStory, body: `${completeStory.body} Sie wohnt in der Nähe des Bahnhofs.` }),
    201,
  );
  s = await must(api.call('caritas-manager', 'PUT', `/stories/${s.id}`, { version: s.version, story: completeStory }));
  const validUntil = berlinDay(new Date(Date.now() + 20 * 86_400_000));
  s = await must(api.call('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: { ...coveringConsent, validUntil } }));
  s = await recordReadBack(api, s);
  s = await storyAct('caritas-manager', s, 'submit');
  s = await storyAct('caritas-lead', s, 'approve');
  s = await storyAct('presse', s, 'press-approve');
  s = await storyAct('presse', s, 'publish');
  await must(api.call('caritas-lead', 'POST', `/stories/${s.id}/comments`, { text: 'Intern: Die Klientin möchte den Bahnhof nicht erwähnt haben.' }), 201);
  story = s;
  draft = await must(api.call('caritas-manager', 'POST', '/stories', { ...completeStory, title: 'Noch ein Entwurf aus Asperg' }), 201);
  // A second published story whose text the press office has started to change (not in any list's fixtures).
  let r2 = await must(api.call('caritas-manager', 'POST', '/stories', { ...completeStory, title: 'Eine Geschichte in Überarbeitung' }), 201);
  r2 = await must(api.call('caritas-manager', 'POST', `/stories/${r2.id}/consents`, { version: r2.version, consent: coveringConsent }));
  r2 = await recordReadBack(api, r2);
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'press-approve'],
    ['presse', 'publish'],
  ])
    r2 = await storyAct(user!, r2, action!);
  revised = await must(
    api.call('presse', 'PUT', `/stories/${r2.id}`, {
      version: r2.version,
      story: { ...completeStory, title: 'Eine Geschichte in Überarbeitung', body: `${completeStory.body} Ein Satz, den noch niemand zurückbestätigt hat.` },
    }),
  );

  // A Caritas press release featuring the story, published; and one still a draft.
  let r = await must(api.call('caritas-manager', 'POST', '/releases', { ...release1, featuredStoryIds: [story.id] }), 201);
  const releaseAct = (user: string, x: { id: string; version: number }, action: string) =>
    must(api.call(user, 'POST', `/releases/${x.id}/transitions`, { action, version: x.version }));
  r = await releaseAct('caritas-manager', r, 'propose');
  r = await releaseAct('presse', r, 'approve');
  release = await releaseAct('presse', r, 'publish');
  releaseDraft = await must(api.call('caritas-manager', 'POST', '/releases', { ...release1, headline: 'Ein Entwurf, den nur Caritas kennt' }), 201);

  // Statistics: a published reporting date with Caritas' accepted figures, and an open one with a Caritas draft.
  const settings = await must(api.call('admin', 'GET', '/statistics/settings'));
  await must(
    api.call('admin', 'PUT', '/statistics/settings', {
      version: settings.version,
      threshold: 3,
      assignment: { caritas: ['Kornwestheim'], drk: ['Ludwigsburg'] },
    }),
  );
  await must(api.call('presse', 'POST', '/statistics/snapshots', { date: PUBLISHED_DATE }), 201);
  await must(api.call('presse', 'POST', '/statistics/snapshots', { date: OPEN_DATE }), 201);
  const subAct = (user: string, x: { id: string; version: number }, action: string) =>
    must(api.call(user, 'POST', `/statistics/submissions/${x.id}/transitions`, { action, version: x.version }));
  let sub = await must(
    api.call('caritas-manager', 'POST', '/statistics/submissions', { date: PUBLISHED_DATE, municipality: 'Kornwestheim', counts: COUNTS }),
    201,
  );
  sub = await subAct('caritas-manager', sub, 'submit');
  sub = await subAct('caritas-lead', sub, 'approve');
  submission = await subAct('presse', sub, 'accept');
  const snap = (await must(api.call('presse', 'GET', `/statistics/snapshots/${PUBLISHED_DATE}`))).snapshot;
  await must(
    api.call('presse', 'POST', `/statistics/snapshots/${PUBLISHED_DATE}/transitions`, { action: 'publish', version: snap.version, acceptIncomplete: true }),
  );
  submissionDraft = await must(
    api.call('caritas-manager', 'POST', '/statistics/submissions', { date: OPEN_DATE, municipality: 'Kornwestheim', counts: COUNTS }),
    201,
  );

  for (const [label, id] of Object.entries({
    story: story.id,
    draft: draft.id,
    release: release.id,
    releaseDraft: releaseDraft.id,
    submission: submission.id,
    submissionDraft: submissionDraft.id,
    snapshot: PUBLISHED_DATE,
    openDate: OPEN_DATE,
  }))
    ids.set(id, label);
});

afterAll(async () => {
  await api?.close();
});

interface Row {
  route: string;
  subject: string;
  call: (user: string) => Promise<{ status: number; body: any }>;
  expect: Record<Group, Shape>;
}

const STALE = 999_999;
const get = (path: () => string) => (user: string) => api.call(user, 'GET', path());
const send = (method: string, path: () => string, body: () => unknown) => (user: string) => api.call(user, method, path(), body());

const PREVIEW_LINK = ['id', 'kind', 'itemId', 'partner', 'createdAt', 'createdBy', 'createdByName', 'expiresAt', 'state'];

/**
 * Preview links: whoever may read the item's full record makes, lists and revokes them
 * (the press office and administrators once it is released to them); another partner
 * does not learn the item exists. A revocation is probed on a link its own partner made.
 */
const previewRows = (subject: string, path: 'stories' | 'releases', id: () => string, county: (shape: Shape) => Shape): Row[] => [
  {
    route: `GET /${path}/{id}/previews`,
    subject,
    call: get(() => `/${path}/${id()}/previews`),
    expect: { own: ok(['items'], { items: {} }), other: NOT_FOUND, press: county(ok(['items'], { items: {} })), admin: county(ok(['items'], { items: {} })) },
  },
  {
    route: `POST /${path}/{id}/previews`,
    subject,
    call: (user) => api.call(user, 'POST', `/${path}/${id()}/previews`, {}),
    expect: {
      own: E(201, [...PREVIEW_LINK, 'path']),
      other: NOT_FOUND,
      press: county(E(201, [...PREVIEW_LINK, 'path'])),
      admin: county(E(201, [...PREVIEW_LINK, 'path'])),
    },
  },
  {
    route: `DELETE /${path}/{id}/previews/{previewId}`,
    subject,
    call: async (user) => {
      const link = await must(api.call('caritas-manager', 'POST', `/${path}/${id()}/previews`, {}), 201);
      return api.call(user, 'DELETE', `/${path}/${id()}/previews/${link.id}`);
    },
    expect: {
      own: ok([...PREVIEW_LINK, 'revokedAt', 'revokedBy', 'revokedByName']),
      other: NOT_FOUND,
      press: county(ok([...PREVIEW_LINK, 'revokedAt', 'revokedBy', 'revokedByName'])),
      admin: county(ok([...PREVIEW_LINK, 'revokedAt', 'revokedBy', 'revokedByName'])),
    },
  },
];

const storyRows = (subject: 'published story' | 'draft', id: () => string): Row[] => {
  const pub = subject === 'published story';
  const record = pub ? STORY_RECORD : DRAFT_RECORD;
  /** The press office and administrators see a story from partner approval on; another partner never its record. */
  const county = (shape: Shape) => (pub ? shape : NOT_FOUND);
  return [
    {
      route: 'GET /stories/{id}',
      subject,
      call: get(() => `/stories/${id()}`),
      expect: {
        own: ok(pub ? STORY_FULL_ONE : DRAFT_FULL_ONE),
        other: pub ? ok(STORY_PUBLIC) : NOT_FOUND,
        press: county(ok(STORY_FULL_ONE)),
        admin: county(ok(STORY_FULL_ONE)),
      },
    },
    {
      // A published story is changed through a revision, by its partner or the press office.
      route: 'PUT /stories/{id}',
      subject,
      call: send(
        'PUT',
        () => `/stories/${id()}`,
        () => ({ version: STALE, story: completeStory }),
      ),
      expect: { own: conflict(record), other: NOT_FOUND, press: county(conflict(record)), admin: REFUSED },
    },
    {
      route: 'POST /stories/{id}/transitions',
      subject,
      call: send(
        'POST',
        () => `/stories/${id()}/transitions`,
        () => ({ action: 'unpublish', version: STALE }),
      ),
      expect: { own: conflict(record), other: NOT_FOUND, press: county(conflict(record)), admin: REFUSED },
    },
    {
      route: 'PUT /stories/{id}/schedule',
      subject,
      call: send(
        'PUT',
        () => `/stories/${id()}/schedule`,
        () => ({ version: STALE }),
      ),
      // Only the press office plans a publication, and only of a story it may see.
      expect: { own: REFUSED, other: REFUSED, press: county(conflict(record)), admin: REFUSED },
    },
    {
      route: 'POST /stories/{id}/consents',
      subject,
      call: send(
        'POST',
        () => `/stories/${id()}/consents`,
        () => ({ version: STALE, consent: coveringConsent }),
      ),
      // Published: a second consent for person A needs a correction reason; draft: the first one meets the stale version.
      expect: { own: pub ? UNPROCESSABLE : conflict(record), other: NOT_FOUND, press: REFUSED, admin: REFUSED },
    },
    {
      route: 'POST /stories/{id}/read-back',
      subject,
      call: send(
        'POST',
        () => `/stories/${id()}/read-back`,
        () => ({ version: STALE, readBack: { date: '2026-01-15', how: 'translated', language: 'Arabisch', personIds: ['A'] } }),
      ),
      expect: { own: pub ? REFUSED : conflict(record), other: NOT_FOUND, press: REFUSED, admin: REFUSED },
    },
    {
      route: 'POST /stories/{id}/consents/{personId}/withdrawal',
      subject,
      call: send(
        'POST',
        () => `/stories/${id()}/consents/A/withdrawal`,
        () => ({ version: STALE, withdrawal: { date: '2026-02-01', receivedVia: 'phone' } }),
      ),
      expect: { own: pub ? conflict(record) : UNPROCESSABLE, other: NOT_FOUND, press: REFUSED, admin: REFUSED },
    },
    ...previewRows(subject, 'stories', id, county),
    {
      route: 'GET /stories/{id}/withdrawal-reports',
      subject,
      call: get(() => `/stories/${id()}/withdrawal-reports`),
      expect: { own: ok(['items'], { items: {} }), other: NOT_FOUND, press: county(ok(['items'], { items: {} })), admin: REFUSED },
    },
    {
      route: 'POST /stories/{id}/erasure',
      subject,
      call: send(
        'POST',
        () => `/stories/${id()}/erasure`,
        () => ({ version: STALE }),
      ),
      expect: { own: conflict(record), other: NOT_FOUND, press: REFUSED, admin: REFUSED },
    },
    {
      route: 'GET /stories/{id}/versions',
      subject,
      call: get(() => `/stories/${id()}/versions`),
      expect: { own: ok(['current', 'items'], { items: {} }), other: NOT_FOUND, press: county(ok(['current', 'items'], { items: {} })), admin: REFUSED },
    },
    {
      route: 'GET /stories/{id}/versions/{n}',
      subject,
      call: get(() => `/stories/${id()}/versions/1`),
      expect: {
        own: ok(['version', 'at', 'by', 'byName', 'content']),
        other: NOT_FOUND,
        press: county(ok(['version', 'at', 'by', 'byName', 'content'])),
        admin: REFUSED,
      },
    },
    {
      route: 'GET /stories/{id}/diff',
      subject,
      call: get(() => `/stories/${id()}/diff?from=1`),
      expect: { own: ok(['from', 'to', 'fields']), other: NOT_FOUND, press: county(ok(['from', 'to', 'fields'])), admin: REFUSED },
    },
    {
      route: 'POST /stories/{id}/versions/{n}/restore',
      subject,
      call: send(
        'POST',
        () => `/stories/${id()}/versions/1/restore`,
        () => ({ version: STALE }),
      ),
      expect: { own: conflict(record), other: NOT_FOUND, press: county(conflict(record)), admin: REFUSED },
    },
    {
      // Neither story has a revision to drop.
      route: 'DELETE /stories/{id}/revision',
      subject,
      call: (user: string) => api.call(user, 'DELETE', `/stories/${id()}/revision?version=${STALE}`),
      expect: { own: E(409, PROBLEM), other: NOT_FOUND, press: county(E(409, PROBLEM)), admin: REFUSED },
    },
    {
      route: 'GET /stories/{id}/comments',
      subject,
      call: get(() => `/stories/${id()}/comments`),
      expect: { own: ok(['items'], { items: {} }), other: NOT_FOUND, press: county(ok(['items'], { items: {} })), admin: REFUSED },
    },
    {
      route: 'POST /stories/{id}/comments',
      subject,
      call: send(
        'POST',
        () => `/stories/${id()}/comments`,
        () => ({ text: 'Bitte den Schluss kürzen.' }),
      ),
      expect: {
        own: E(201, ['id', 'at', 'by', 'byName', 'partner', 'text']),
        other: NOT_FOUND,
        press: pub ? E(201, ['id', 'at', 'by', 'byName', 'partner', 'text']) : NOT_FOUND,
        admin: REFUSED,
      },
    },
    {
      route: 'GET /stories/{id}/persons/{personId}/export',
      subject,
      call: get(() => `/stories/${id()}/persons/A/export`),
      expect: {
        own: ok(
          pub
            ? ['exportedAt', 'note', 'person', 'story', 'consents', 'readBack', 'photos', 'history']
            : ['exportedAt', 'note', 'person', 'story', 'consents', 'photos', 'history'],
        ),
        other: NOT_FOUND,
        press: REFUSED,
        admin: REFUSED,
      },
    },
  ];
};

const releaseRows = (subject: 'published release' | 'draft release', id: () => string): Row[] => {
  const pub = subject === 'published release';
  const record = pub ? RELEASE_RECORD : RELEASE_DRAFT_RECORD;
  const county = (shape: Shape) => (pub ? shape : NOT_FOUND);
  return [
    ...previewRows(subject, 'releases', id, county),
    {
      route: 'GET /releases/{id}',
      subject,
      call: get(() => `/releases/${id()}`),
      expect: {
        own: ok(pub ? RELEASE_FULL : RELEASE_DRAFT_FULL),
        other: pub ? ok(RELEASE_PUBLIC) : NOT_FOUND,
        press: county(ok(RELEASE_FULL)),
        admin: county(ok(RELEASE_FULL)),
      },
    },
    {
      route: 'PUT /releases/{id}',
      subject,
      call: send(
        'PUT',
        () => `/releases/${id()}`,
        () => ({ version: STALE, release: release1 }),
      ),
      expect: { own: pub ? REFUSED : conflict(record), other: NOT_FOUND, press: county(conflict(record)), admin: REFUSED },
    },
    {
      route: 'PUT /releases/{id}/schedule',
      subject,
      call: send(
        'PUT',
        () => `/releases/${id()}/schedule`,
        () => ({ version: STALE }),
      ),
      expect: { own: REFUSED, other: REFUSED, press: county(conflict(record)), admin: REFUSED },
    },
    {
      route: 'POST /releases/{id}/transitions',
      subject,
      call: send(
        'POST',
        () => `/releases/${id()}/transitions`,
        () => ({ action: 'unpublish', version: STALE }),
      ),
      expect: { own: conflict(record), other: NOT_FOUND, press: county(conflict(record)), admin: REFUSED },
    },
  ];
};

const ROWS: Row[] = [
  // Stories: the lists, then every route on one story, for the published one and a draft.
  {
    route: 'GET /stories',
    subject: 'default list',
    call: get(() => '/stories'),
    // Partner staff list their own partner; the county's default is the press queue (partner-approved).
    expect: {
      own: ok(['items'], { items: { story: STORY_FULL, draft: DRAFT_FULL } }),
      other: ok(['items'], { items: {} }),
      press: ok(['items'], { items: {} }),
      admin: ok(['items'], { items: {} }),
    },
  },
  {
    route: 'GET /stories',
    subject: 'published, all partners',
    call: get(() => '/stories?scope=all&status=published'),
    expect: {
      own: ok(['items'], { items: { story: STORY_FULL } }),
      other: ok(['items'], { items: {} }),
      press: ok(['items'], { items: { story: STORY_FULL } }),
      admin: ok(['items'], { items: { story: STORY_FULL } }),
    },
  },
  {
    route: 'POST /stories',
    subject: 'invalid body',
    call: send(
      'POST',
      () => '/stories',
      () => ({ teaser: 'ohne Titel' }),
    ),
    expect: { own: INVALID, other: INVALID, press: INVALID, admin: REFUSED },
  },
  ...storyRows('published story', () => story.id),
  ...storyRows('draft', () => draft.id),
  {
    route: 'GET /stories/{id}',
    subject: 'published story with a revision',
    call: get(() => `/stories/${revised.id}`),
    expect: {
      own: ok([...REVISED_RECORD, ...STORY_VIEW, 'reidentificationWarnings']),
      other: ok(STORY_PUBLIC),
      press: ok([...REVISED_RECORD, ...STORY_VIEW, 'reidentificationWarnings']),
      admin: ok([...REVISED_RECORD, ...STORY_VIEW, 'reidentificationWarnings']),
    },
  },
  {
    route: 'DELETE /stories/{id}/revision',
    subject: 'published story with a revision',
    call: (user: string) => api.call(user, 'DELETE', `/stories/${revised.id}/revision?version=${STALE}`),
    expect: { own: conflict(REVISED_RECORD), other: NOT_FOUND, press: conflict(REVISED_RECORD), admin: REFUSED },
  },
  {
    route: 'GET /consents/expiring',
    subject: 'consent of the published story runs out in 20 days',
    call: get(() => '/consents/expiring'),
    expect: {
      own: ok(['until', 'items'], { items: { story: STORY_FULL } }),
      other: ok(['until', 'items'], { items: {} }),
      press: ok(['until', 'items'], { items: { story: STORY_FULL } }),
      admin: REFUSED,
    },
  },

  // Press releases.
  {
    route: 'GET /releases',
    subject: 'default list',
    call: get(() => '/releases'),
    expect: {
      own: ok(['items'], { items: { release: RELEASE_FULL, releaseDraft: RELEASE_DRAFT_FULL } }),
      other: ok(['items'], { items: {} }),
      press: ok(['items'], { items: {} }),
      admin: ok(['items'], { items: {} }),
    },
  },
  {
    route: 'GET /releases',
    subject: 'published',
    call: get(() => '/releases?status=published'),
    expect: {
      own: ok(['items'], { items: { release: RELEASE_FULL } }),
      other: ok(['items'], { items: {} }),
      press: ok(['items'], { items: { release: RELEASE_FULL } }),
      admin: ok(['items'], { items: { release: RELEASE_FULL } }),
    },
  },
  {
    route: 'POST /releases',
    subject: 'invalid body',
    call: send(
      'POST',
      () => '/releases',
      () => ({ lead: 'ohne Überschrift' }),
    ),
    expect: { own: INVALID, other: INVALID, press: INVALID, admin: REFUSED },
  },
  ...releaseRows('published release', () => release.id),
  ...releaseRows('draft release', () => releaseDraft.id),

  // Statistics: reporting dates and their snapshots belong to the press office; submissions to their partner.
  {
    route: 'GET /statistics/snapshots',
    subject: 'a published and an open reporting date',
    call: get(() => '/statistics/snapshots'),
    expect: {
      own: ok(['items'], { items: { snapshot: SNAPSHOT_PARTNER, openDate: OPEN_DATE_PARTNER } }),
      other: ok(['items'], { items: { snapshot: SNAPSHOT_PARTNER, openDate: OPEN_DATE_PARTNER } }),
      press: ok(['items'], { items: { snapshot: SNAPSHOT_FULL, openDate: OPEN_DATE_FULL } }),
      admin: ok(['items'], { items: { snapshot: SNAPSHOT_FULL, openDate: OPEN_DATE_FULL } }),
    },
  },
  {
    route: 'GET /statistics/snapshots/{date}',
    subject: 'published',
    call: get(() => `/statistics/snapshots/${PUBLISHED_DATE}`),
    expect: {
      own: ok(['snapshot', 'submissions', 'missing'], { snapshot: SNAPSHOT_PARTNER, items: { submission: SUBMISSION_FULL } }),
      other: ok(['snapshot', 'submissions', 'missing'], { snapshot: SNAPSHOT_PARTNER, items: {} }),
      press: ok(['snapshot', 'threshold', 'aggregate', 'preview'], { snapshot: SNAPSHOT_FULL }),
      admin: ok(['snapshot', 'threshold', 'aggregate', 'preview'], { snapshot: SNAPSHOT_FULL }),
    },
  },
  {
    route: 'GET /statistics/snapshots/{date}',
    subject: 'open',
    call: get(() => `/statistics/snapshots/${OPEN_DATE}`),
    expect: {
      own: ok(['snapshot', 'submissions', 'missing'], { snapshot: OPEN_DATE_PARTNER, items: { submissionDraft: SUBMISSION_FULL } }),
      other: ok(['snapshot', 'submissions', 'missing'], { snapshot: OPEN_DATE_PARTNER, items: {} }),
      press: ok(['snapshot', 'threshold', 'aggregate'], { snapshot: OPEN_DATE_FULL }),
      admin: ok(['snapshot', 'threshold', 'aggregate'], { snapshot: OPEN_DATE_FULL }),
    },
  },
  {
    route: 'POST /statistics/snapshots',
    subject: 'existing date',
    call: send(
      'POST',
      () => '/statistics/snapshots',
      () => ({ date: PUBLISHED_DATE }),
    ),
    expect: { ...same(REFUSED), press: E(409, PROBLEM) },
  },
  {
    route: 'POST /statistics/snapshots/{date}/transitions',
    subject: 'published',
    call: send(
      'POST',
      () => `/statistics/snapshots/${PUBLISHED_DATE}/transitions`,
      () => ({ action: 'withdraw', version: STALE }),
    ),
    expect: { ...same(REFUSED), press: conflict(without(SNAPSHOT_FULL, 'actions')) },
  },
  {
    route: 'GET /statistics/snapshots/{date}/grid',
    subject: 'open',
    call: get(() => `/statistics/snapshots/${OPEN_DATE}/grid`),
    expect: {
      own: ok(GRID),
      other: ok(GRID),
      press: REFUSED,
      admin: REFUSED,
    },
  },
  {
    route: 'PUT /statistics/snapshots/{date}/grid',
    subject: 'open, stale version',
    call: send(
      'PUT',
      () => `/statistics/snapshots/${OPEN_DATE}/grid`,
      () => ({ rows: [{ municipality: 'Kornwestheim', version: STALE, counts: COUNTS }] }),
    ),
    expect: { own: conflict(SUBMISSION_FULL), other: UNPROCESSABLE, press: REFUSED, admin: REFUSED },
  },
  {
    route: 'POST /statistics/snapshots/{date}/submissions/transitions',
    subject: 'invalid body',
    call: send(
      'POST',
      () => `/statistics/snapshots/${OPEN_DATE}/submissions/transitions`,
      () => ({ action: 'publish' }),
    ),
    expect: { own: INVALID, other: INVALID, press: INVALID, admin: REFUSED },
  },
  {
    route: 'GET /statistics/submissions',
    subject: 'default list',
    call: get(() => '/statistics/submissions'),
    expect: {
      own: ok(['items'], { items: { submission: SUBMISSION_FULL, submissionDraft: SUBMISSION_FULL } }),
      other: ok(['items'], { items: {} }),
      press: ok(['items'], { items: {} }),
      admin: ok(['items'], { items: {} }),
    },
  },
  {
    route: 'GET /statistics/submissions',
    subject: 'accepted',
    call: get(() => '/statistics/submissions?status=accepted'),
    expect: {
      own: ok(['items'], { items: { submission: SUBMISSION_FULL } }),
      other: ok(['items'], { items: {} }),
      press: ok(['items'], { items: { submission: SUBMISSION_FULL } }),
      admin: ok(['items'], { items: { submission: SUBMISSION_FULL } }),
    },
  },
  {
    route: 'POST /statistics/submissions',
    subject: 'invalid body',
    call: send(
      'POST',
      () => '/statistics/submissions',
      () => ({ municipality: 'Kornwestheim' }),
    ),
    expect: { own: INVALID, other: INVALID, press: REFUSED, admin: REFUSED },
  },
  {
    route: 'GET /statistics/submissions/{id}',
    subject: 'accepted',
    call: get(() => `/statistics/submissions/${submission.id}`),
    expect: { own: ok(SUBMISSION_FULL), other: NOT_FOUND, press: ok(SUBMISSION_FULL), admin: ok(SUBMISSION_FULL) },
  },
  {
    route: 'GET /statistics/submissions/{id}',
    subject: 'draft',
    call: get(() => `/statistics/submissions/${submissionDraft.id}`),
    expect: { own: ok(SUBMISSION_FULL), other: NOT_FOUND, press: NOT_FOUND, admin: NOT_FOUND },
  },
  {
    route: 'PUT /statistics/submissions/{id}',
    subject: 'accepted',
    call: send(
      'PUT',
      () => `/statistics/submissions/${submission.id}`,
      () => ({ version: STALE, counts: COUNTS }),
    ),
    expect: { own: REFUSED, other: NOT_FOUND, press: REFUSED, admin: REFUSED },
  },
  {
    route: 'PUT /statistics/submissions/{id}',
    subject: 'draft',
    call: send(
      'PUT',
      () => `/statistics/submissions/${submissionDraft.id}`,
      () => ({ version: STALE, counts: COUNTS }),
    ),
    expect: { own: conflict(SUBMISSION_FULL), other: NOT_FOUND, press: REFUSED, admin: REFUSED },
  },
  {
    route: 'POST /statistics/submissions/{id}/transitions',
    subject: 'accepted',
    call: send(
      'POST',
      () => `/statistics/submissions/${submission.id}/transitions`,
      () => ({ action: 'correct', version: STALE }),
    ),
    expect: { own: conflict(SUBMISSION_FULL), other: NOT_FOUND, press: conflict(SUBMISSION_FULL), admin: REFUSED },
  },
  {
    route: 'POST /statistics/submissions/{id}/transitions',
    subject: 'draft',
    call: send(
      'POST',
      () => `/statistics/submissions/${submissionDraft.id}/transitions`,
      () => ({ action: 'submit', version: STALE }),
    ),
    expect: { own: conflict(SUBMISSION_FULL), other: NOT_FOUND, press: NOT_FOUND, admin: REFUSED },
  },
];

/** Routes that return no story, release or statistics item, and why they are not in the matrix. */
const NOT_ITEMS: Record<string, string> = {
  'GET /meta': 'public master data',
  'GET /me': 'the caller themself',
  'GET /overview': 'the overview: each part equal to the route above that answers it for the caller (overview.test.ts)',
  'GET /openapi.json': 'the API document, public',
  'GET /notices': 'press office notices',
  'DELETE /notices/{at}/{id}': 'press office notices',
  'GET /audit': 'the global audit trail (press office and administrators; editorial.test.ts)',
  'GET /users': 'user administration',
  'POST /users': 'user administration',
  'PUT /users/{username}': 'user administration',
  'GET /me/notifications': "the caller's own notification settings (notifications.test.ts)",
  'PUT /me/notifications': "the caller's own notification settings (notifications.test.ts)",
  'GET /statistics/settings': 'the municipality assignment and threshold, no item',
  'PUT /statistics/settings': 'the municipality assignment and threshold, no item',
  'GET /settings/organisation': 'the organisation settings, no item (organisation-settings.test.ts)',
  'PUT /settings/organisation': 'the organisation settings, no item (organisation-settings.test.ts)',
  'POST /photos': 'photo records, not the item: their partner and the press office only (photos-upload.test.ts)',
  'GET /photos': 'photo records, not the item: their partner and the press office only (photos-upload.test.ts)',
  'GET /photos/{id}': 'photo records, not the item: their partner and the press office only (photos-upload.test.ts)',
  'GET /photos/{id}/files/{file}': 'photo records, not the item: their partner and the press office only (photos-upload.test.ts)',
  'GET /releases/{id}/send-options': 'sends of a release to the press distribution: the press office only, no release content (release-send.test.ts)',
  'GET /releases/{id}/sends': 'sends of a release to the press distribution: the press office only, no release content (release-send.test.ts)',
  'POST /releases/{id}/sends': 'sends of a release to the press distribution: the press office only, no release content (release-send.test.ts)',
  'POST /releases/{id}/sends/test': 'sends of a release to the press distribution: the press office only, no release content (release-send.test.ts)',
  'GET /contacts': "journalists' contacts of the press distribution: the press office only (distribution.test.ts)",
  'POST /contacts': "journalists' contacts of the press distribution: the press office only (distribution.test.ts)",
  'PUT /contacts/{id}': "journalists' contacts of the press distribution: the press office only (distribution.test.ts)",
  'DELETE /contacts/{id}': "journalists' contacts of the press distribution: the press office only (distribution.test.ts)",
  'GET /contact-lists': "journalists' contacts of the press distribution: the press office only (distribution.test.ts)",
  'POST /contacts/import/preview': "journalists' contacts of the press distribution: the press office only (distribution.test.ts)",
  'POST /contacts/import': "journalists' contacts of the press distribution: the press office only (distribution.test.ts)",
  'POST /verteiler/anmeldung': "a journalist's own sign-up, topics or unsubscribe by the link in their mail, no item (distribution.test.ts)",
  'GET /verteiler/bestaetigen/{token}': "a journalist's own sign-up, topics or unsubscribe by the link in their mail, no item (distribution.test.ts)",
  'POST /verteiler/bestaetigen/{token}': "a journalist's own sign-up, topics or unsubscribe by the link in their mail, no item (distribution.test.ts)",
  'GET /abmelden/{token}': "a journalist's own sign-up, topics or unsubscribe by the link in their mail, no item (distribution.test.ts)",
  'POST /abmelden/{token}': "a journalist's own sign-up, topics or unsubscribe by the link in their mail, no item (distribution.test.ts)",
  'GET /verteiler/themen/{token}': "a journalist's own sign-up, topics or unsubscribe by the link in their mail, no item (distribution.test.ts)",
  'POST /verteiler/themen/{token}': "a journalist's own sign-up, topics or unsubscribe by the link in their mail, no item (distribution.test.ts)",
};

describe('the audience matrix', () => {
  it('covers every route that returns a story, release or statistics item', () => {
    const covered = new Set(ROWS.map((r) => r.route));
    const missing = ROUTES.map(routeKey).filter((k) => !covered.has(k) && !(k in NOT_ITEMS));
    expect(missing).toEqual([]);
  });

  describe.each(ROWS.map((row) => [`${row.route} (${row.subject})`, row] as const))('%s', (_name, row) => {
    it.each(CALLERS)('as %s (%s)', async (user, group) => {
      expect(shapeOf(await row.call(user))).toEqual(row.expect[group]);
    });
  });
});
