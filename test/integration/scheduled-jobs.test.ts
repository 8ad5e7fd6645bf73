import { runtimePorts } from '@newsroom/operations/ports.ts';
import { runScheduledJobs } from '@newsroom/operations/scheduled.ts';
import { handler as scheduler } from '@newsroom/scheduler/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, coveringConsent, recordReadBack, startApi } from './harness.ts';

/**
 * The scheduled work is one list of jobs (functions/operations/scheduled.ts): the
 * timer of `npm start` runs it and says in German what it did, the scheduler Lambda
 * runs the same list and returns each job's result.
 */

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const release = {
  headline: 'Neue Beratungszeiten im Landkreis',
  lead: 'Die Beratungsstellen im Landkreis Ludwigsburg bieten ab dem neuen Jahr längere Öffnungszeiten an.',
  body: 'Ab Januar sind die Beratungsstellen auch am Donnerstagabend geöffnet, damit Berufstätige einen Termin finden. '.repeat(2),
  quotes: [{ text: 'So finden auch Berufstätige einen Termin.', name: 'Julia Neumann', function: 'Pressesprecherin', organisation: 'Landratsamt Ludwigsburg' }],
  contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
  topics: ['arbeit'],
  partners: ['caritas'],
};

async function scheduledRelease(embargo: string) {
  let r = (await api.call('caritas-manager', 'POST', '/releases', release)).body;
  r = (await api.call('caritas-manager', 'POST', `/releases/${r.id}/transitions`, { action: 'propose', version: r.version })).body;
  r = (await api.call('presse', 'POST', `/releases/${r.id}/transitions`, { action: 'approve', version: r.version })).body;
  r = (await api.call('presse', 'PUT', `/releases/${r.id}/schedule`, { version: r.version, embargo })).body;
  r = (await api.call('presse', 'POST', `/releases/${r.id}/transitions`, { action: 'publish', version: r.version })).body;
  expect(r.status, JSON.stringify(r)).toBe('scheduled');
  return r;
}

async function publishedStory(validUntil: string) {
  let s = (await api.call('caritas-manager', 'POST', '/stories', { ...completeStory, title: 'Befristete Einwilligung in Asperg' })).body;
  s = (await api.call('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: { ...coveringConsent, validUntil } })).body;
  s = await recordReadBack(api, s);
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'press-approve'],
    ['presse', 'publish'],
  ] as const) {
    s = (await api.call(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version })).body;
  }
  expect(s.status).toBe('published');
  return s;
}

describe('the scheduled jobs', () => {
  it('run as one list: an ended embargo, an expired consent and a stale draft, each said in German', async () => {
    const now = Date.now();
    const day = (offset: number) => new Date(now + offset * 86_400_000);
    const r = await scheduledRelease(`${day(20).toISOString().slice(0, 10)}T10:00`);
    const s = await publishedStory(day(30).toISOString().slice(0, 10));
    const draft = (await api.call('caritas-manager', 'POST', '/stories', { title: 'Ein Entwurf, der liegen bleibt' })).body;

    const run = await runScheduledJobs(runtimePorts(), day(400));
    expect(run.results).toMatchObject({
      releases: { published: expect.arrayContaining([r.id]) },
      stories: { takenDown: expect.arrayContaining([s.id]) },
      erasedDrafts: expect.arrayContaining([draft.id]),
    });
    expect(run.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^Sperrfrist abgelaufen, veröffentlicht: .*${r.id}`)),
        expect.stringMatching(new RegExp(`^Einwilligung abgelaufen, von der Website genommen: .*${s.id}`)),
        expect.stringMatching(new RegExp(`^Aufbewahrungsfrist abgelaufen, Entwürfe gelöscht: .*${draft.id}`)),
      ]),
    );
    expect((await api.call('presse', 'GET', `/releases/${r.id}`)).body.status).toBe('published');
    expect((await api.call('presse', 'GET', `/stories/${s.id}`)).body.status).toBe('unpublished');
    expect((await api.call('caritas-manager', 'GET', `/stories/${draft.id}`)).body.title).toBe('Gelöschte Geschichte');

    // The scheduler Lambda runs the same list; everything due is done, so a repeat changes nothing.
    const again = await scheduler({ time: day(400).toISOString() });
    expect(Object.keys(again).sort()).toEqual([
      'consentReminders',
      'digests',
      'erasedDrafts',
      'expiredSignups',
      'plannedStories',
      'releases',
      'sends',
      'statisticsReminders',
      'stories',
      'undescribedPhotos',
    ]);
    expect(again).toMatchObject({ releases: { published: [], takenDown: [] }, stories: { takenDown: [] }, erasedDrafts: [] });
  });
});
