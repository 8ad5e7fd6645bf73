import { listByPartner } from '@newsroom/store/stories.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, createConsentedStory, recordReadBack, startApi } from './harness.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

async function createStory(user = 'caritas-manager', story: object = completeStory) {
  const res = await api.call(user, 'POST', '/stories', story);
  expect(res.status).toBe(201);
  return res.body;
}

const createReadyStory = (user = 'caritas-manager') => createConsentedStory(api, user);

const act = (user: string, s: { id: string; version: number }, action: string, comment?: string) =>
  api.call(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version, ...(comment ? { comment } : {}) });

describe('the story workflow through the gateway', () => {
  it('goes from draft to published with four eyes at every approval, and back off the site', async () => {
    let s = await createReadyStory();
    expect(s.status).toBe('draft');
    expect(s.actions).toEqual(['submit']);

    const edited = await api.call('caritas-manager', 'PUT', `/stories/${s.id}`, {
      version: s.version,
      story: { ...completeStory, title: 'Neue Arbeit in Asperg gefunden' },
    });
    expect(edited.status).toBe(200);
    s = edited.body;
    expect(s.version).toBe(4);
    expect(s.readBackProblems[0]).toMatch(/nach der Rückbestätigung geändert/);

    s = (await act('caritas-manager', s, 'submit')).body;
    // The changed text was not read back: the lead cannot approve yet.
    const unconfirmed = await act('caritas-lead', s, 'approve');
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.body.problems[0].message).toMatch(/nach der Rückbestätigung geändert/);
    s = await recordReadBack(api, s);
    expect(s.status).toBe('submitted');

    const selfApproval = await act('caritas-manager', s, 'approve');
    expect(selfApproval.status).toBe(403);

    const returned = await act('caritas-lead', s, 'return', 'Bitte den Ort im zweiten Absatz weglassen.');
    expect(returned.status).toBe(200);
    s = returned.body;
    expect(s.status).toBe('returned');
    const seenByAuthor = await api.call('caritas-manager', 'GET', `/stories/${s.id}`);
    expect(seenByAuthor.body.returnComment).toBe('Bitte den Ort im zweiten Absatz weglassen.');

    s = (await act('caritas-manager', s, 'submit')).body;
    expect(s.returnComment).toBeUndefined();
    s = (await act('caritas-lead', s, 'approve')).body;
    expect(s.status).toBe('partner-approved');

    expect((await act('caritas-lead', s, 'press-approve')).status).toBe(403);
    s = (await act('presse', s, 'press-approve')).body;
    expect(s.status).toBe('press-approved');
    s = (await act('presse', s, 'publish')).body;
    expect(s.status).toBe('published');
    expect(s.publishedAt).toBeTruthy();

    s = (await act('presse', s, 'unpublish')).body;
    expect(s.status).toBe('unpublished');
    expect(s.audit.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'consent-recorded',
      'read-back',
      'edit',
      'submit',
      'read-back',
      'return',
      'submit',
      'approve',
      'press-approve',
      'publish',
      'unpublish',
    ]);
    expect(s.audit.every((e: { by: string; at: string }) => e.by && e.at)).toBe(true);
  });

  it('refuses a partner lead approving a story they wrote themselves', async () => {
    let s = await createReadyStory('caritas-lead');
    s = (await act('caritas-lead', s, 'submit')).body;
    const res = await act('caritas-lead', s, 'approve');
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/Vier-Augen-Prinzip/);
  });

  it('refuses to submit an incomplete draft and says in German what is missing', async () => {
    const s = await createStory('caritas-manager', { title: 'Nur ein Titel bisher' });
    const res = await act('caritas-manager', s, 'submit');
    expect(res.status).toBe(422);
    expect(res.body.problems.map((p: { message: string }) => p.message).join(' ')).toMatch(/Anreißer/);
    expect((await api.call('caritas-manager', 'GET', `/stories/${s.id}`)).body.status).toBe('draft');
  });

  it('requires a comment to return a story', async () => {
    let s = await createReadyStory();
    s = (await act('caritas-manager', s, 'submit')).body;
    const res = await act('caritas-lead', s, 'return');
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/Kommentar/);
  });
});

describe('partner isolation', () => {
  it("a DRK manager can neither read nor list nor change Caritas' unpublished story", async () => {
    const s = await createStory();
    expect((await api.call('drk-manager', 'GET', `/stories/${s.id}`)).status).toBe(404);
    expect((await api.call('drk-manager', 'PUT', `/stories/${s.id}`, { version: s.version, story: completeStory })).status).toBe(404);
    expect((await act('drk-manager', s, 'submit')).status).toBe(404);
    const list = await api.call('drk-manager', 'GET', '/stories');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(s.id);
    expect(list.body.items.every((i: { partner: string }) => i.partner === 'drk')).toBe(true);
  });

  it('the press office does not see drafts of partners', async () => {
    const s = await createStory();
    expect((await api.call('presse', 'GET', `/stories/${s.id}`)).status).toBe(404);
    expect((await api.call('presse', 'GET', '/stories?status=draft')).status).toBe(403);
  });
});

describe('bad input', () => {
  it('a bad body gets 400 with German messages and stores nothing', async () => {
    const before = (await listByPartner('caritas', undefined, { limit: 100 })).items.length;
    const res = await api.call('caritas-manager', 'POST', '/stories', { title: 'Ok Titel', municipality: 'Stuttgart', topics: ['kochen'] });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const messages = res.body.problems.map((p: { message: string }) => p.message);
    expect(messages).toContain('Bitte eine Stadt oder Gemeinde des Landkreises Ludwigsburg wählen.');
    expect(messages).toContain('Unbekanntes Thema.');
    const broken = await api.call('caritas-manager', 'POST', '/stories', '{"title": ');
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toBe('Der Inhalt der Anfrage ist kein gültiges JSON.');
    expect((await listByPartner('caritas', undefined, { limit: 100 })).items.length).toBe(before);
  });

  it('an unknown action or a missing version is 400, not 500', async () => {
    const s = await createStory();
    expect((await api.call('caritas-manager', 'POST', `/stories/${s.id}/transitions`, { action: 'delete', version: 1 })).status).toBe(400);
    expect((await api.call('caritas-manager', 'PUT', `/stories/${s.id}`, { story: completeStory })).status).toBe(400);
  });
});

describe('optimistic locking', () => {
  it('a save against an older version gets 409 with the current story', async () => {
    const s = await createStory();
    await api.call('caritas-manager', 'PUT', `/stories/${s.id}`, { version: 1, story: { ...completeStory, title: 'Erste Änderung' } });
    const stale = await api.call('caritas-manager-2', 'PUT', `/stories/${s.id}`, { version: 1, story: { ...completeStory, title: 'Zweite Änderung' } });
    expect(stale.status).toBe(409);
    expect(stale.body.current.title).toBe('Erste Änderung');
  });

  it('of two concurrent updates of the same version exactly one wins', async () => {
    const s = await createStory();
    const results = await Promise.all(
      ['Variante A', 'Variante B', 'Variante C'].map((title, i) =>
        api.call(i % 2 ? 'caritas-manager-2' : 'caritas-manager', 'PUT', `/stories/${s.id}`, { version: 1, story: { ...completeStory, title } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const final = await api.call('caritas-manager', 'GET', `/stories/${s.id}`);
    expect(final.body.version).toBe(2);
    expect(final.body.audit.filter((e: { action: string }) => e.action === 'edit')).toHaveLength(1);
  });
});
