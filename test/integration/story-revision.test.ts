import { toPublicStory } from '@newsroom/domain/story.ts';
import { SiteContentCache } from '@newsroom/publish/site-content.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, coveringConsent, createConsentedStory, recordReadBack, startApi } from './harness.ts';

/**
 * Issue 12, item 2: no text reaches the public that the people in it have not read back.
 * Called as the press office, the partner and an attacker would call it: through the
 * local gateway with real tokens. What the public sees is read the way the publisher
 * reads it (the store's published stories, through the public projection).
 */
let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

type S = { id: string; version: number; persons: { id: string }[]; [k: string]: any };

const act = (user: string, s: S, action: string, comment?: string) =>
  api.call(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version, ...(comment ? { comment } : {}) });

async function step(user: string, s: S, action: string): Promise<S> {
  const res = await act(user, s, action);
  if (res.status !== 200) throw new Error(`${action} by ${user}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function publishedStory(): Promise<S> {
  let s = await createConsentedStory(api);
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'press-approve'],
    ['presse', 'publish'],
  ] as const) {
    s = await step(user, s, action);
  }
  expect(s.status).toBe('published');
  return s;
}

/** What the site shows of the story: the publisher's read of the store and the public projection. */
async function publicText(id: string) {
  const site = await SiteContentCache.load(api.store.db);
  const stored = (await site.stories('published')).find((s) => s.id === id);
  return stored && toPublicStory(stored, new Date());
}

const TYPO_FIX = `${completeStory.body} Sie arbeitet jetzt in Markgröningen.`;

describe('a change to a published story is a revision', () => {
  it('the press office edits a published story: the site keeps the published text until the revision is read back, approved by the lead and the press office, and published', async () => {
    let s = await publishedStory();
    const publishedAt = s.publishedAt;

    const edited = await api.call('presse', 'PUT', `/stories/${s.id}`, { version: s.version, story: { ...completeStory, body: TYPO_FIX } });
    expect(edited.status).toBe(200);
    s = edited.body;
    expect(s).toMatchObject({ status: 'published', body: completeStory.body, revision: { status: 'draft', body: TYPO_FIX, lastEditorId: expect.any(String) } });
    expect((await publicText(s.id))?.body).toBe(completeStory.body);
    // Another partner gets what the site shows: the published text, nothing of the change.
    const outside = await api.call('drk-manager', 'GET', `/stories/${s.id}`);
    expect(outside.body.body).toBe(completeStory.body);
    expect(JSON.stringify(outside.body)).not.toContain('Markgröningen');

    // The press office cannot push its own change through: not approvable, not publishable, not by itself.
    for (const action of ['approve', 'press-approve', 'publish']) expect((await act('presse', s, action)).status).toBeGreaterThanOrEqual(403);
    expect((await act('caritas-manager', s, 'submit')).status).toBe(200);
    s = (await api.call('caritas-manager', 'GET', `/stories/${s.id}`)).body;
    expect(s.revision.status).toBe('submitted');

    // The people have not heard the changed text yet: the lead cannot approve it.
    const unread = await act('caritas-lead', s, 'approve');
    expect(unread.status).toBe(422);
    expect(unread.body.problems[0].message).toMatch(/Rückbestätigung/);
    s = await recordReadBack(api, s);
    expect(s.revision.readBack).toBeDefined();
    expect(s.readBack.contentHash).not.toBe(s.revision.readBack.contentHash);

    s = await step('caritas-lead', s, 'approve');
    expect(s.revision.status).toBe('partner-approved');
    const ownChange = await act('presse', s, 'press-approve');
    expect(ownChange.status).toBe(403);
    expect(ownChange.body.detail).toMatch(/Vier-Augen-Prinzip: Wer den Text zuletzt geändert hat/);
    s = await step('presse-2', s, 'press-approve');
    expect(s).toMatchObject({ status: 'published', body: completeStory.body, revision: { status: 'press-approved' } });
    expect((await publicText(s.id))?.body).toBe(completeStory.body);

    s = await step('presse', s, 'publish');
    expect(s).toMatchObject({ status: 'published', body: TYPO_FIX, publishedAt });
    expect(s.revision).toBeUndefined();
    expect((await publicText(s.id))?.body).toBe(TYPO_FIX);
    expect(s.audit.map((e: { action: string }) => e.action).slice(-6)).toEqual([
      'revision-start',
      'revision-submit',
      'revision-read-back',
      'revision-approve',
      'revision-press-approve',
      'revision-publish',
    ]);
  });

  it('restoring an earlier version of a published story also goes into a revision', async () => {
    let s = await publishedStory();
    s = (await api.call('presse', 'PUT', `/stories/${s.id}`, { version: s.version, story: { ...completeStory, body: TYPO_FIX } })).body;
    s = await step('presse', s, 'unpublish');
    const restored = await api.call('presse', 'POST', `/stories/${s.id}/versions/1/restore`, { version: s.version });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ status: 'unpublished', body: completeStory.body, revision: { status: 'draft', title: completeStory.title } });
    // Putting the story back online republishes the text that was read back, not the revision.
    s = await step('presse', restored.body, 'publish');
    expect(s).toMatchObject({ status: 'published', body: completeStory.body, revision: { status: 'draft' } });
    expect((await publicText(s.id))?.body).toBe(completeStory.body);
  });

  it('the information for a person (Art. 15) includes a pending revision', async () => {
    let s = await publishedStory();
    s = (await api.call('presse', 'PUT', `/stories/${s.id}`, { version: s.version, story: { ...completeStory, body: TYPO_FIX } })).body;
    const data = await api.call('caritas-manager', 'GET', `/stories/${s.id}/persons/A/export`);
    expect(data.body).toMatchObject({ story: { body: completeStory.body }, revision: { status: 'draft', body: TYPO_FIX } });
    const page = await api.call('caritas-manager', 'GET', `/stories/${s.id}/persons/A/export`, undefined, { accept: 'text/html' });
    expect(page.body).toContain('Überarbeitung, noch nicht veröffentlicht');
    expect(page.body).toContain('Sie arbeitet jetzt in Markgröningen.');
  });

  it('a pending revision can be discarded, and a withdrawal takes it with the story', async () => {
    let s = await publishedStory();
    s = (await api.call('caritas-manager', 'PUT', `/stories/${s.id}`, { version: s.version, story: { ...completeStory, body: TYPO_FIX } })).body;
    expect(s.revision).toMatchObject({ status: 'draft', startedByName: 'Miriam Keller' });
    expect((await api.call('drk-manager', 'DELETE', `/stories/${s.id}/revision?version=${s.version}`)).status).toBe(404);
    const discarded = await api.call('presse', 'DELETE', `/stories/${s.id}/revision?version=${s.version}`);
    expect(discarded.status).toBe(200);
    expect(discarded.body).toMatchObject({ status: 'published', body: completeStory.body });
    expect(discarded.body.revision).toBeUndefined();
    expect(discarded.body.audit.at(-1)).toMatchObject({ action: 'revision-discard' });
    expect((await api.call('presse', 'DELETE', `/stories/${s.id}/revision?version=${discarded.body.version}`)).status).toBe(409);

    s = (await api.call('presse', 'PUT', `/stories/${s.id}`, { version: discarded.body.version, story: { ...completeStory, body: TYPO_FIX } })).body;
    const withdrawn = await api.call('caritas-lead', 'POST', `/stories/${s.id}/consents/A/withdrawal`, {
      version: s.version,
      withdrawal: { date: '2026-03-01', receivedVia: 'in-person' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(JSON.stringify(withdrawn.body)).not.toContain('Markgröningen');
  });

  it('a person the revision adds gets their consent recorded before the revision goes forward', async () => {
    let s = await publishedStory();
    const persons = [...completeStory.persons, { id: 'B', role: 'Tochter', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }];
    s = (await api.call('caritas-manager', 'PUT', `/stories/${s.id}`, { version: s.version, story: { ...completeStory, persons } })).body;
    expect((await act('caritas-manager', s, 'submit')).body.problems.map((p: { message: string }) => p.message).join(' ')).toMatch(/Person B/);
    const consent = await api.call('caritas-manager', 'POST', `/stories/${s.id}/consents`, {
      version: s.version,
      consent: { ...coveringConsent, personId: 'B' },
    });
    expect(consent.status).toBe(200);
    expect(consent.body.status).toBe('published');
    expect((await act('caritas-manager', consent.body, 'submit')).status).toBe(200);
  });
});

describe('a revision waits in the same work queues as a new story in its state', () => {
  type Listed = { id: string; status: string; revision?: { status: string }; actions: string[] };
  /** The ids on one page of a revision queue, after checking that everything on it is in that state. */
  async function queue(user: string, revision: string, scope?: 'partner'): Promise<Map<string, Listed>> {
    const res = await api.call(user, 'GET', `/stories?revision=${revision}&limit=100${scope ? `&scope=${scope}` : ''}`);
    expect(res.status, `${user}: ?revision=${revision}`).toBe(200);
    const items = res.body.items as Listed[];
    for (const s of items) expect(s.revision?.status, `${user}: ${s.id} in ?revision=${revision}`).toBe(revision);
    return new Map(items.map((s) => [s.id, s]));
  }
  const REVISION_STATES = ['draft', 'submitted', 'returned', 'partner-approved', 'press-approved'];
  const STORY_QUEUES = ['draft', 'submitted', 'returned', 'partner-approved', 'press-approved'];

  it("submitted: for the partner lead of its partner, not another partner's; returned: for the author; partner-approved and press-approved: for the press office; published: in none", async () => {
    let s = await publishedStory();
    s = (await api.call('presse', 'PUT', `/stories/${s.id}`, { version: s.version, story: { ...completeStory, body: TYPO_FIX } })).body;
    expect((await queue('caritas-manager', 'draft')).has(s.id)).toBe(true);
    expect((await queue('caritas-lead', 'submitted')).has(s.id)).toBe(false);

    // Another partner's lead has a submitted revision of their own: each sees only their own.
    let drk = await createConsentedStory(api, 'drk-manager');
    for (const [user, action] of [
      ['drk-manager', 'submit'],
      ['drk-lead', 'approve'],
      ['presse', 'press-approve'],
      ['presse', 'publish'],
    ] as const)
      drk = await step(user, drk, action);
    drk = (await api.call('drk-manager', 'PUT', `/stories/${drk.id}`, { version: drk.version, story: { ...completeStory, body: TYPO_FIX } })).body;
    drk = await recordReadBack(api, drk, 'drk-manager');
    drk = await step('drk-manager', drk, 'submit');

    s = await step('caritas-manager', s, 'submit');
    const lead = await queue('caritas-lead', 'submitted');
    expect(lead.get(s.id)).toMatchObject({ status: 'published', revision: { status: 'submitted' } });
    expect(lead.get(s.id)!.actions).toContain('approve');
    expect(lead.has(drk.id)).toBe(false);
    const other = await queue('drk-lead', 'submitted');
    expect(other.has(drk.id)).toBe(true);
    expect(other.has(s.id)).toBe(false);
    expect((await queue('caritas-manager', 'draft')).has(s.id)).toBe(false);
    // Before the partner has approved it, the press office's cross-partner lists do not hold it.
    expect((await api.call('presse', 'GET', '/stories?revision=submitted')).status).toBe(403);
    expect((await queue('presse', 'partner-approved')).has(s.id)).toBe(false);

    s = (await act('caritas-lead', s, 'return', 'Bitte den neuen Satz noch einmal vorlesen.')).body;
    const returned = await queue('caritas-manager', 'returned');
    expect(returned.get(s.id)).toMatchObject({
      status: 'published',
      revision: { status: 'returned', returnComment: 'Bitte den neuen Satz noch einmal vorlesen.' },
    });
    expect((await queue('caritas-lead', 'submitted')).has(s.id)).toBe(false);

    s = await recordReadBack(api, s);
    s = await step('caritas-manager', s, 'submit');
    s = await step('caritas-lead', s, 'approve');
    const press = await queue('presse', 'partner-approved');
    expect(press.get(s.id)).toMatchObject({ status: 'published', revision: { status: 'partner-approved' } });
    expect(press.get(s.id)!.actions).toContain('return');
    expect((await queue('caritas-lead', 'partner-approved')).has(s.id)).toBe(true);
    expect((await queue('caritas-manager', 'returned')).has(s.id)).toBe(false);
    expect((await queue('caritas-lead', 'submitted')).has(s.id)).toBe(false);

    s = await step('presse-2', s, 'press-approve');
    expect((await queue('presse', 'press-approved')).has(s.id)).toBe(true);
    expect((await queue('presse', 'partner-approved')).has(s.id)).toBe(false);

    s = await step('presse', s, 'publish');
    expect(s.revision).toBeUndefined();
    for (const [user, scope] of [
      ['caritas-manager', 'partner'],
      ['caritas-lead', 'partner'],
      ['presse', 'partner'],
    ] as const) {
      for (const state of REVISION_STATES) expect((await queue(user, state, scope)).has(s.id), `${user}: ?revision=${state}`).toBe(false);
    }
    for (const state of ['partner-approved', 'press-approved']) expect((await queue('presse', state)).has(s.id), `presse: ?revision=${state}`).toBe(false);
    for (const state of STORY_QUEUES) {
      const listed = (await api.call('caritas-lead', 'GET', `/stories?status=${state}&limit=100`)).body.items as Listed[];
      expect(
        listed.some((x) => x.id === s.id),
        `caritas-lead: ?status=${state}`,
      ).toBe(false);
    }
  });

  it('a discarded revision leaves its queue; a filter by both states is refused in German', async () => {
    let s = await publishedStory();
    s = (await api.call('caritas-manager', 'PUT', `/stories/${s.id}`, { version: s.version, story: { ...completeStory, body: TYPO_FIX } })).body;
    s = await step('caritas-manager', s, 'submit');
    expect((await queue('caritas-lead', 'submitted')).has(s.id)).toBe(true);
    const discarded = await api.call('caritas-lead', 'DELETE', `/stories/${s.id}/revision?version=${s.version}`);
    expect(discarded.status).toBe(200);
    for (const state of REVISION_STATES) expect((await queue('caritas-lead', state)).has(s.id)).toBe(false);

    const both = await api.call('caritas-lead', 'GET', '/stories?status=submitted&revision=submitted');
    expect(both.status).toBe(400);
    expect(both.body.detail).toMatch(/entweder nach dem Status der Geschichte/);
  });
});

describe('whoever changed the text last cannot approve it', () => {
  it("a partner lead who rewrote a manager's draft cannot approve it", async () => {
    let s = await createConsentedStory(api);
    const rewritten = await api.call('caritas-lead', 'PUT', `/stories/${s.id}`, {
      version: s.version,
      story: { ...completeStory, body: `${completeStory.body} Die Leitung hat diesen Satz geschrieben.` },
    });
    expect(rewritten.status).toBe(200);
    s = await recordReadBack(api, rewritten.body);
    s = await step('caritas-manager', s, 'submit');
    const res = await act('caritas-lead', s, 'approve');
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/Vier-Augen-Prinzip: Wer den Text zuletzt geändert hat/);
    expect((await api.call('caritas-lead', 'GET', `/stories/${s.id}`)).body.actions).not.toContain('approve');
  });

  it('saving a text unchanged does not make someone its last editor', async () => {
    let s = await createConsentedStory(api);
    s = (
      await api.call('caritas-lead', 'PUT', `/stories/${s.id}`, {
        version: s.version,
        story: { ...completeStory, title: 'Neue Arbeit in Asperg, von der Leitung' },
      })
    ).body;
    s = (
      await api.call('caritas-manager', 'PUT', `/stories/${s.id}`, {
        version: s.version,
        story: { ...completeStory, title: 'Neue Arbeit in Asperg, von der Leitung' },
      })
    ).body;
    expect(s.lastEditorName).toBe('Andrea Hoffmann');
  });

  it('the press office that edited a story the lead approved cannot approve it: it goes back for read-back and the lead', async () => {
    let s = await createConsentedStory(api);
    s = await step('caritas-manager', s, 'submit');
    s = await step('caritas-lead', s, 'approve');
    const edited = await api.call('presse', 'PUT', `/stories/${s.id}`, { version: s.version, story: { ...completeStory, body: TYPO_FIX } });
    expect(edited.status).toBe(200);
    s = edited.body;
    expect(s).toMatchObject({ status: 'partner-approved', lastEditorName: 'Julia Neumann' });
    expect(s.readBackProblems[0]).toMatch(/nach der Rückbestätigung geändert/);
    const own = await act('presse', s, 'press-approve');
    expect(own.status).toBe(403);
    expect(own.body.detail).toMatch(/Vier-Augen-Prinzip: Wer den Text zuletzt geändert hat/);
    // The people have not heard the change: the colleague cannot approve either, only return it to the partner.
    expect((await act('presse-2', s, 'press-approve')).status).toBe(422);
    s = (await act('presse-2', s, 'return', 'Bitte die Änderung der Pressestelle zurückbestätigen lassen.')).body;
    s = await recordReadBack(api, s);
    s = await step('caritas-manager', s, 'submit');
    s = await step('caritas-lead', s, 'approve');
    expect((await act('presse', s, 'press-approve')).status).toBe(403);
    s = await step('presse-2', s, 'press-approve');
    expect(s.status).toBe('press-approved');
  });
});
