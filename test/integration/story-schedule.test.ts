import { runtimePorts } from '@newsroom/operations/ports.ts';
import { runScheduledJobs } from '@newsroom/operations/scheduled.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, coveringConsent, recordReadBack, startApi } from './harness.ts';

/**
 * The press office plans a story's publication at a Berlin time, like a release's Sperrfrist:
 * stored as the instant it denotes (summer and winter time), a time skipped by the clock change
 * refused; the scheduler publishes it at that moment only if everything still holds then.
 */
let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const year = new Date().getUTCFullYear() + 1;

async function pressApproved(title: string, validUntil = '2099-12-31', until: 'approve' | 'press-approve' = 'press-approve') {
  let s = (await api.call('caritas-manager', 'POST', '/stories', { ...completeStory, title })).body;
  s = (await api.call('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: { ...coveringConsent, validUntil } })).body;
  s = await recordReadBack(api, s);
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'press-approve'],
  ] as const) {
    s = (await api.call(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version })).body;
    if (action === until) break;
  }
  expect(s.status).toBe(until === 'approve' ? 'partner-approved' : 'press-approved');
  return s;
}

const plan = (story: { id: string; version: number }, publishAt?: string, user = 'presse') =>
  api.call(user, 'PUT', `/stories/${story.id}/schedule`, { version: story.version, ...(publishAt ? { publishAt } : {}) });

describe('planning a story for a Berlin time', () => {
  it('stores the instant of summer and winter time and says it in German in the audit', async () => {
    let s = await pressApproved('Geplant im Sommer');
    const read = async () => (await api.call('presse', 'GET', `/stories/${s.id}`)).body;
    let res = await plan(s, `${year}-07-01T10:00`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ id: s.id, version: s.version + 1, publishAt: `${year}-07-01T08:00:00.000Z` });
    s = await read();
    expect(s.publishAt).toBe(`${year}-07-01T08:00:00.000Z`);
    expect(s.audit.at(-1)).toMatchObject({ action: 'schedule', comment: `Veröffentlichung geplant für 01.07.${year}, 10:00 Uhr` });
    res = await plan(s, `${year}-01-15T10:00`);
    expect(res.body.publishAt).toBe(`${year}-01-15T09:00:00.000Z`);
    // Removing the plan: the story waits for a publication by hand again.
    res = await plan(res.body);
    expect(res.status).toBe(200);
    expect(res.body.publishAt).toBeUndefined();
    s = await read();
    expect(s.publishAt).toBeUndefined();
    expect(s.audit.at(-1).comment).toBe('Geplante Veröffentlichung aufgehoben');
  });

  it('refuses a time skipped by the clock change, a past time, another role and a story not approved by the press office, storing nothing', async () => {
    const s = await pressApproved('Geplant zur Zeitumstellung');
    // The last Sunday of March: 02:00–02:59 does not exist in Berlin.
    const lastSundayOfMarch = 31 - new Date(Date.UTC(year, 2, 31)).getUTCDay();
    const skipped = await plan(s, `${year}-03-${lastSundayOfMarch}T02:30`);
    expect(skipped.status).toBe(400);
    expect(JSON.stringify(skipped.body)).toContain(`Die Uhrzeit 02:30 gibt es am ${lastSundayOfMarch}.03.${year} nicht`);
    const past = await plan(s, '2020-01-01T10:00');
    expect(past.status).toBe(422);
    expect(past.body.detail).toBe('Der geplante Zeitpunkt liegt in der Vergangenheit.');
    expect((await plan(s, `${year}-07-01T10:00`, 'caritas-lead')).status).toBe(403);
    const waiting = await pressApproved('Noch nicht freigegeben', '2099-12-31', 'approve');
    expect((await plan(waiting, `${year}-07-01T10:00`)).status).toBe(409);
    expect((await api.call('presse', 'GET', `/stories/${s.id}`)).body).toMatchObject({ version: s.version });
    expect((await api.call('presse', 'GET', `/stories/${s.id}`)).body.publishAt).toBeUndefined();
  });

  it('refuses a moment when the consent no longer holds, naming the person', async () => {
    const s = await pressApproved('Einwilligung endet vorher', `${year}-05-31`);
    const res = await plan(s, `${year}-07-01T10:00`);
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe(`Zum geplanten Zeitpunkt (01.07.${year}, 10:00 Uhr) könnte die Geschichte nicht veröffentlicht werden.`);
    expect(res.body.problems.map((p: { message: string }) => p.message).join(' ')).toMatch(/Person A/);
  });

  it('a step back in the workflow drops the plan: it belonged to the approved text', async () => {
    const s = await pressApproved('Zurückgegeben nach Planung');
    const planned = (await plan(s, `${year}-07-01T10:00`)).body;
    expect(planned.publishAt).toBeDefined();
    const back = await api.call('presse', 'POST', `/stories/${s.id}/transitions`, { action: 'return', version: planned.version, comment: 'Bitte kürzen.' });
    expect(back.body.status).toBe('returned');
    expect(back.body.publishAt).toBeUndefined();
  });
});

describe('the scheduler at the planned moment', () => {
  it('publishes not before, then at the moment, in the audit as the schedule', async () => {
    const s = await pressApproved('Pünktlich veröffentlicht');
    const planned = (await plan(s, `${year}-07-01T10:00`)).body;
    const moment = Date.parse(planned.publishAt);
    const before = await runScheduledJobs(runtimePorts(), new Date(moment - 60_000));
    expect(before.results.plannedStories).toMatchObject({ published: expect.not.arrayContaining([s.id]) });
    expect((await api.call('presse', 'GET', `/stories/${s.id}`)).body.status).toBe('press-approved');

    const at = await runScheduledJobs(runtimePorts(), new Date(moment));
    expect(at.results.plannedStories).toMatchObject({ published: expect.arrayContaining([s.id]) });
    expect(at.lines).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^Geplante Geschichten veröffentlicht: .*${s.id}`))]));
    const published = (await api.call('presse', 'GET', `/stories/${s.id}`)).body;
    expect(published).toMatchObject({ status: 'published', publishedAt: new Date(moment).toISOString() });
    expect(published.publishAt).toBeUndefined();
    expect(published.audit.at(-1)).toMatchObject({ action: 'publish', byName: 'Zeitplan', comment: `Geplante Veröffentlichung (01.07.${year}, 10:00 Uhr)` });
  });

  it('checks the consent again at that moment: withdrawn meanwhile, nothing is published', async () => {
    const s = await pressApproved('Widerruf vor dem Termin');
    const planned = (await plan(s, `${year}-07-01T10:00`)).body;
    const withdrawn = await api.call('caritas-manager', 'POST', `/stories/${s.id}/consents/A/withdrawal`, {
      version: planned.version,
      withdrawal: { scope: 'publication', date: new Date().toISOString().slice(0, 10), receivedVia: 'phone' },
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const run = await runScheduledJobs(runtimePorts(), new Date(Date.parse(planned.publishAt) + 60_000));
    expect(run.results.plannedStories).toMatchObject({ published: expect.not.arrayContaining([s.id]) });
    expect((await api.call('caritas-manager', 'GET', `/stories/${s.id}`)).body.status).toBe('withdrawn');
  });

  it('checks the consent again at that moment: expired by then (clock moved past it), the plan is dropped with the reason', async () => {
    const s = await pressApproved('Abgelaufen bis zum Termin', `${year}-08-31`);
    const planned = (await plan(s, `${year}-07-01T10:00`)).body;
    // The scheduler was down until after the consent ran out: the plan comes due only now.
    const run = await runScheduledJobs(runtimePorts(), new Date(`${year}-09-02T08:00:00Z`));
    expect(run.results.plannedStories).toMatchObject({ refused: expect.arrayContaining([s.id]) });
    const after = (await api.call('presse', 'GET', `/stories/${s.id}`)).body;
    expect(after.status).toBe('press-approved');
    expect(after.publishAt).toBeUndefined();
    expect(after.audit.at(-1)).toMatchObject({ action: 'schedule-refused', byName: 'Zeitplan' });
    expect(after.audit.at(-1).comment).toMatch(new RegExp(`^Geplante Veröffentlichung \\(01\\.07\\.${year}, 10:00 Uhr\\) nicht möglich: .*Person A`));
    expect(planned.version).toBeLessThan(after.version);
  });
});
