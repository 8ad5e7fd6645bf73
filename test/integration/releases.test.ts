import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../functions/releases/index.ts';
import { runReleaseSchedule } from '../../functions/scheduler/releases.ts';
import { createConsentedStory, startApi, type Api } from './harness.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

const draft = {
  headline: 'Integrationsmanagement zieht Bilanz für 2026',
  lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg hat auch 2026 viele geflüchtete Menschen auf ihrem Weg begleitet.',
  body: 'Die Integrationsmanagerinnen und -manager der fünf Träger haben gemeinsam mit ihren Klientinnen und Klienten Ziele vereinbart. '.repeat(3),
  quotes: [{ text: 'Jede dieser Geschichten zeigt, was gemeinsam möglich ist.', name: 'Julia Neumann', function: 'Pressesprecherin', organisation: 'Landratsamt Ludwigsburg' }],
  contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
  topics: ['arbeit'],
  partners: ['caritas'],
};

const act = (user: string, r: { id: string; version: number }, action: string, comment?: string) =>
  api.call(user, 'POST', `/releases/${r.id}/transitions`, { action, version: r.version, ...(comment ? { comment } : {}) });

async function approved(body: object = draft) {
  let r = (await api.call('caritas-manager', 'POST', '/releases', body)).body;
  r = (await act('caritas-manager', r, 'propose')).body;
  r = (await act('presse', r, 'approve')).body;
  expect(r.status).toBe('approved');
  return r;
}

describe('press releases through the API', () => {
  it('a partner proposes, the press office approves and publishes; four eyes hold for press edits', async () => {
    let r = (await api.call('caritas-manager', 'POST', '/releases', draft)).body;
    expect(r.status).toBe('draft');
    r = (await act('caritas-manager', r, 'propose')).body;
    expect(r.status).toBe('proposed');
    expect((await act('caritas-manager', r, 'approve')).status).toBe(403);
    const edited = await api.call('presse', 'PUT', `/releases/${r.id}`, { version: r.version, release: { ...draft, subline: 'Mit neuen Zahlen' } });
    expect(edited.status).toBe(200);
    expect((await act('presse', edited.body, 'approve')).body.detail).toMatch(/Vier-Augen-Prinzip/);
    r = (await act('presse-2', edited.body, 'approve')).body;
    expect(r.status).toBe('approved');
    r = (await act('presse', r, 'publish')).body;
    expect(r.status).toBe('published');
    expect(r.publishedAt).toBeTruthy();
  });

  it('an incomplete draft cannot be proposed, with German reasons', async () => {
    const r = (await api.call('caritas-manager', 'POST', '/releases', { headline: 'Nur eine Überschrift bisher' })).body;
    const res = await act('caritas-manager', r, 'propose');
    expect(res.status).toBe(422);
    expect(res.body.problems.map((p: { message: string }) => p.message)).toContain('Bitte mindestens eine Ansprechperson für die Presse angeben.');
  });

  it('a bad contact is 400 and nothing is stored', async () => {
    const res = await api.call('caritas-manager', 'POST', '/releases', { ...draft, contacts: [{ ...draft.contacts[0], email: 'keine-adresse' }] });
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { message: string }) => p.message)).toContain('Bitte eine gültige E-Mail-Adresse angeben.');
  });

  it('another partner does not see a draft; the press office does not see it either', async () => {
    const r = (await api.call('caritas-manager', 'POST', '/releases', draft)).body;
    expect((await api.call('drk-manager', 'GET', `/releases/${r.id}`)).status).toBe(404);
    expect((await api.call('presse', 'GET', `/releases/${r.id}`)).status).toBe(404);
    expect((await api.call('drk-manager', 'GET', '/releases')).body.items.map((i: { id: string }) => i.id)).not.toContain(r.id);
  });

  it('embargo: scheduled in Berlin time, invisible before, published by the scheduler at the minute', async () => {
    clock.now = () => new Date('2027-03-20T12:00:00Z');
    let r = await approved();
    const scheduled = await api.call('presse', 'PUT', `/releases/${r.id}/schedule`, { version: r.version, embargo: '2027-03-28T03:00' });
    expect(scheduled.status).toBe(200);
    // 03:00 on the night the clocks go forward is 01:00 UTC.
    expect(scheduled.body.embargoAt).toBe('2027-03-28T01:00:00.000Z');
    r = (await act('presse', scheduled.body, 'publish')).body;
    expect(r.status).toBe('scheduled');
    expect((await api.call('drk-manager', 'GET', `/releases/${r.id}`)).status).toBe(404);

    expect((await runReleaseSchedule(new Date('2027-03-28T00:59:59Z'))).published).not.toContain(r.id);
    expect((await runReleaseSchedule(new Date('2027-03-28T01:00:00Z'))).published).toContain(r.id);
    clock.now = () => new Date('2027-03-28T01:00:30Z');
    const live = await api.call('drk-manager', 'GET', `/releases/${r.id}`);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ audience: 'public', publishedAt: '2027-03-28T01:00:00.000Z' });
  });

  it('refuses an embargo in the spring gap and one in the past', async () => {
    clock.now = () => new Date('2027-03-20T12:00:00Z');
    const r = await approved();
    const gap = await api.call('presse', 'PUT', `/releases/${r.id}/schedule`, { version: r.version, embargo: '2027-03-28T02:30' });
    expect(gap.status).toBe(400);
    expect(gap.body.problems[0].message).toMatch(/gibt es am 28\.03\.2027 nicht/);
    expect((await api.call('presse', 'PUT', `/releases/${r.id}/schedule`, { version: r.version, embargo: '2027-03-01T10:00' })).status).toBe(422);
  });

  it('a correction after publication keeps the URL, needs a note and records the date', async () => {
    let r = await approved();
    r = (await act('presse', r, 'publish')).body;
    const noNote = await api.call('presse', 'PUT', `/releases/${r.id}`, { version: r.version, release: { ...draft, headline: 'Integrationsmanagement zieht Bilanz für das Jahr 2026' } });
    expect(noNote.status).toBe(422);
    const corrected = await api.call('presse', 'PUT', `/releases/${r.id}`, { version: r.version, release: { ...draft, headline: 'Integrationsmanagement zieht Bilanz für das Jahr 2026' }, correctionNote: 'In der Überschrift fehlte das Wort „Jahr“.' });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ status: 'published', slug: r.slug, publishedAt: r.publishedAt });
    expect(corrected.body.correctedAt).toBeTruthy();
    expect(corrected.body.corrections).toHaveLength(1);
  });

  it('a withdrawn featured story is removed from the release and the press office is told', async () => {
    let story = await createConsentedStory(api);
    for (const [user, action] of [['caritas-manager', 'submit'], ['caritas-lead', 'approve'], ['presse', 'press-approve'], ['presse', 'publish']] as const) {
      story = (await api.call(user, 'POST', `/stories/${story.id}/transitions`, { action, version: story.version })).body;
    }
    let r = await approved({ ...draft, featuredStoryIds: [story.id] });
    r = (await act('presse', r, 'publish')).body;
    expect(r.status).toBe('published');

    await api.call('caritas-manager', 'POST', `/stories/${story.id}/consents/A/withdrawal`, { version: story.version, withdrawal: { date: '2026-02-01', receivedVia: 'letter' } });
    const after = (await api.call('presse', 'GET', `/releases/${r.id}`)).body;
    expect(after.featuredStoryIds).toEqual([]);
    expect(after.audit.at(-1)).toMatchObject({ action: 'story-removed' });
    const notices = (await api.call('presse', 'GET', '/notices')).body.items;
    const notice = notices.find((n: { releaseId: string }) => n.releaseId === r.id);
    expect(notice.message).toMatch(/wurde aus der Pressemitteilung .* entfernt: Einwilligung widerrufen/);
    expect((await api.call('caritas-manager', 'GET', '/notices')).status).toBe(403);
    expect((await api.call('presse', 'DELETE', `/notices/${encodeURIComponent(notice.at)}/${notice.id}`)).status).toBe(204);
  });
});

describe('release dates and PUT semantics', () => {
  it('removing the embargo and publishing dates the release at the real publication', async () => {
    clock.now = () => new Date('2027-03-20T12:00:00Z');
    let r = await approved();
    r = (await api.call('presse', 'PUT', `/releases/${r.id}/schedule`, { version: r.version, embargo: '2027-03-25T10:00' })).body;
    r = (await act('presse', r, 'publish')).body;
    expect(r).toMatchObject({ status: 'scheduled', publishedAt: '2027-03-25T09:00:00.000Z' });
    r = (await api.call('presse', 'PUT', `/releases/${r.id}/schedule`, { version: r.version })).body;
    expect(r.status).toBe('approved');
    expect(r.publishedAt).toBeUndefined();
    clock.now = () => new Date('2027-03-21T08:00:00Z');
    r = (await act('presse', r, 'publish')).body;
    expect(r).toMatchObject({ status: 'published', publishedAt: '2027-03-21T08:00:00.000Z' });
  });

  it('a save replaces the content: a field left out is cleared', async () => {
    const r = (await api.call('caritas-manager', 'POST', '/releases', draft)).body;
    const saved = await api.call('caritas-manager', 'PUT', `/releases/${r.id}`, { version: r.version, release: { headline: draft.headline } });
    expect(saved.status).toBe(200);
    expect(saved.body.lead).toBeUndefined();
    expect(saved.body.quotes).toEqual([]);
  });
});
