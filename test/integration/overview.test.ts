import { seedDemoData } from '@newsroom/infra-local/seed.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, createConsentedStory, startApi } from './harness.ts';

let api: Api;
/** A Caritas draft nobody outside Caritas may see, and a Caritas story the partner lead released to the press office. */
let draft: { id: string };
beforeAll(async () => {
  api = await startApi();
  await seedDemoData(api.store.db);
  draft = (await api.call('caritas-manager', 'POST', '/stories', { ...completeStory, title: 'Übersicht: Entwurf der Caritas' })).body;
}, 60_000);
afterAll(async () => {
  await api.close();
});

const overview = async (user: string) => {
  const res = await api.call(user, 'GET', '/overview');
  expect(res.status, user).toBe(200);
  return res.body;
};
const get = async (user: string, path: string) => {
  const res = await api.call(user, 'GET', path);
  expect(res.status, `${user} ${path}`).toBe(200);
  return res.body;
};

/** `partner:revision:draft` → the same list through GET /stories. */
const listPath = (key: string) => {
  const [scope, ...rest] = key.split(':');
  const query = rest.length === 2 ? `revision=${rest[1]}` : `status=${rest[0]}`;
  return `/stories?${query}&scope=${scope}&limit=25`;
};

const storyIds = (o: any): string[] => [
  ...Object.values(o.stories).flatMap((page: any) => page.items.map((s: any) => s.id)),
  ...(o.expiring?.items ?? []).map((s: any) => s.id),
];

describe('GET /overview: one answer for the overview, equal to the separate routes', () => {
  it.each(['caritas-manager', 'caritas-lead', 'drk-manager', 'presse', 'admin'])(
    '%s: every story list equals GET /stories with the same filter',
    async (user) => {
      const o = await overview(user);
      const keys = Object.keys(o.stories);
      expect(keys.length, user).toBeGreaterThan(2);
      for (const key of keys) expect(o.stories[key], `${user} ${key}`).toEqual(await get(user, listPath(key)));
      if (user === 'admin') expect(o.expiring).toBeUndefined();
      else expect(o.expiring).toEqual(await get(user, '/consents/expiring'));
    },
  );

  it('the press office gets its release queues and notices as their routes give them, and no partner or administration parts', async () => {
    const o = await overview('presse');
    expect(Object.keys(o.stories)).toEqual(expect.arrayContaining(['all:partner-approved', 'all:revision:partner-approved', 'all:published', 'partner:draft']));
    expect(o.releases.proposed).toEqual(await get('presse', '/releases?status=proposed&limit=100'));
    expect(o.releases.scheduled).toEqual(await get('presse', '/releases?status=scheduled&limit=100'));
    expect(o.notices).toEqual(await get('presse', '/notices'));
    expect(o.statistics).toBeUndefined();
    expect(o.admin).toBeUndefined();
  });

  it('partner staff get their latest reporting date with their own submissions, as GET /statistics/snapshots/{date} gives it', async () => {
    for (const user of ['caritas-manager', 'caritas-lead']) {
      const o = await overview(user);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
      const latest = (await get(user, '/statistics/snapshots')).items
        .filter((s: any) => s.origin === 'submissions' && s.date <= today)
        .sort((a: any, b: any) => b.date.localeCompare(a.date))[0];
      expect(latest, 'the demo data open a reporting date').toBeDefined();
      expect(o.statistics.latest).toEqual(await get(user, `/statistics/snapshots/${latest.date}`));
      expect(o.statistics.latest.submissions.every((s: any) => s.partner === 'caritas')).toBe(true);
      expect(o.releases).toBeUndefined();
      expect(o.notices).toBeUndefined();
      expect(o.admin).toBeUndefined();
    }
  });

  it('administrators get accounts, assignment and the latest audit entries with the titles they may see', async () => {
    const o = await overview('admin');
    expect(o.admin.users).toEqual(await get('admin', '/users'));
    expect(o.admin.settings).toEqual(await get('admin', '/statistics/settings'));
    const audit = await get('admin', `/audit?month=${o.admin.audit.month}`);
    expect(o.admin.audit.items).toEqual(audit.items.slice(0, 5));
    expect(o.admin.audit.items.length).toBeGreaterThan(0);
    for (const [key, title] of Object.entries(o.admin.titles)) {
      const id = key.replace(/^STORY#/, '');
      if (!key.startsWith('STORY#')) continue;
      const seen = await api.call('admin', 'GET', `/stories/${id}`);
      expect(title, key).toBe(seen.status === 200 && seen.body.audience === 'full' ? seen.body.title : null);
    }
  });
});

describe('GET /overview keeps to the audience rules', () => {
  it("a partner's draft is in its own overview only: not another partner's, the press office's or an administrator's", async () => {
    expect(storyIds(await overview('caritas-manager'))).toContain(draft.id);
    for (const user of ['drk-manager', 'awo-lead', 'presse', 'admin']) expect(storyIds(await overview(user)), user).not.toContain(draft.id);
  });

  it("partner staff see only their own partner's stories, each as the full record", async () => {
    const o = await overview('drk-manager');
    const stories = [...Object.values(o.stories).flatMap((p: any) => p.items), ...o.expiring.items];
    expect(stories.length).toBeGreaterThan(0);
    for (const s of stories) {
      expect(s.partner, s.id).toBe('drk');
      expect(s.audience).toBe('full');
    }
  });

  it('a story released by its partner reaches the press office overview; before that it does not', async () => {
    const story = await createConsentedStory(api, 'caritas-manager', { ...completeStory, title: 'Übersicht: freigegeben' });
    const inPress = async () => (await overview('presse')).stories['all:partner-approved'].items.some((s: any) => s.id === story.id);
    expect(await inPress()).toBe(false);
    const submitted = await api.call('caritas-manager', 'POST', `/stories/${story.id}/transitions`, { action: 'submit', version: story.version });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const approved = await api.call('caritas-lead', 'POST', `/stories/${story.id}/transitions`, {
      action: 'approve',
      version: submitted.body.version,
      acknowledgeWarnings: true,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(await inPress()).toBe(true);
  });

  it('without a sign-in there is no overview', async () => {
    expect((await api.call(undefined, 'GET', '/overview')).status).toBe(401);
  });
});
