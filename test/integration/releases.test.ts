import { clock, runtimePorts } from '@newsroom/operations/ports.ts';
import { runReleaseSchedule } from '@newsroom/operations/release-schedule.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Api, createConsentedStory, startApi } from './harness.ts';

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

const act = (user: string, r: { id: string; version: number }, action: string, comment?: string) =>
  api.call(user, 'POST', `/releases/${r.id}/transitions`, { action, version: r.version, ...(comment ? { comment } : {}) });

async function publishedStory() {
  let story = await createConsentedStory(api);
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'press-approve'],
    ['presse', 'publish'],
  ] as const) {
    story = (await api.call(user, 'POST', `/stories/${story.id}/transitions`, { action, version: story.version })).body;
  }
  expect(story.status).toBe('published');
  return story;
}

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

    expect((await runReleaseSchedule(runtimePorts(), new Date('2027-03-28T00:59:59Z'))).published).not.toContain(r.id);
    expect((await runReleaseSchedule(runtimePorts(), new Date('2027-03-28T01:00:00Z'))).published).toContain(r.id);
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
    const noNote = await api.call('presse', 'PUT', `/releases/${r.id}`, {
      version: r.version,
      release: { ...draft, headline: 'Integrationsmanagement zieht Bilanz für das Jahr 2026' },
    });
    expect(noNote.status).toBe(422);
    const corrected = await api.call('presse', 'PUT', `/releases/${r.id}`, {
      version: r.version,
      release: { ...draft, headline: 'Integrationsmanagement zieht Bilanz für das Jahr 2026' },
      correctionNote: 'In der Überschrift fehlte das Wort „Jahr“.',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ status: 'published', slug: r.slug, publishedAt: r.publishedAt });
    expect(corrected.body.correctedAt).toBeTruthy();
    expect(corrected.body.corrections).toHaveLength(1);
  });

  it('a story the press office takes down leaves the releases that feature it, which stay up; the press office is told', async () => {
    const story = await publishedStory();
    let r = await approved({ ...draft, featuredStoryIds: [story.id] });
    r = (await act('presse', r, 'publish')).body;
    expect(r.status).toBe('published');

    await api.call('presse', 'POST', `/stories/${story.id}/transitions`, { action: 'unpublish', version: story.version });
    const after = (await api.call('presse', 'GET', `/releases/${r.id}`)).body;
    expect(after).toMatchObject({ status: 'published', featuredStoryIds: [] });
    expect(after.consentHolds).toBeUndefined();
    expect(after.audit.at(-1)).toMatchObject({ action: 'story-removed' });
    const notices = (await api.call('presse', 'GET', '/notices')).body.items;
    const notice = notices.find((n: { releaseId: string }) => n.releaseId === r.id);
    expect(notice.message).toMatch(/wurde aus der Pressemitteilung .* entfernt: von der Pressestelle von der Website genommen/);
    expect((await api.call('caritas-manager', 'GET', '/notices')).status).toBe(403);
    expect((await api.call('presse', 'DELETE', `/notices/${encodeURIComponent(notice.at)}/${notice.id}`)).status).toBe(204);
  });

  it('a withdrawal takes every release that featured the story offline until the press office republishes a corrected text, confirming it no longer refers to the person', async () => {
    const story = await publishedStory();
    let live = await approved({ ...draft, headline: 'Eine Familie aus Kornwestheim erzählt von ihrem Neuanfang', featuredStoryIds: [story.id] });
    live = (await act('presse', live, 'publish')).body;
    const waiting = await approved({ ...draft, headline: 'Noch nicht veröffentlicht: Familie erzählt', featuredStoryIds: [story.id] });
    const unrelated = (await act('presse', await approved(), 'publish')).body;

    const withdrawal = await api.call('caritas-manager', 'POST', `/stories/${story.id}/consents/A/withdrawal`, {
      version: story.version,
      withdrawal: { date: '2026-02-01', receivedVia: 'letter' },
    });
    expect(withdrawal.status).toBe(200);

    // The report says what happened to each release and that it stays so until corrected.
    const entry = (slug: string) => withdrawal.body.withdrawalReport.entries.find((e: { url?: string }) => e.url === `/pressemitteilungen/${slug}/`);
    expect(entry(live.slug)).toMatchObject({ from: live.publishedAt, until: withdrawal.body.withdrawalReport.createdAt, recalled: true });
    expect(entry(live.slug).note).toMatch(
      /^Am .* Uhr mit Seite und Feeds offline genommen \(410\).* Sie bleibt offline, bis die Pressestelle unter derselben Adresse eine überarbeitete Fassung veröffentlicht und dabei bestätigt, dass der Text sich nicht mehr auf die Person bezieht/,
    );
    expect(entry(waiting.slug).note).toMatch(/^War noch nicht veröffentlicht\. Sie kann erst erscheinen, wenn die Pressestelle bestätigt/);
    expect(entry(unrelated.slug)).toBeUndefined();

    const held = (await api.call('presse', 'GET', `/releases/${live.id}`)).body;
    expect(held).toMatchObject({ status: 'unpublished', slug: live.slug, featuredStoryIds: [] });
    expect(held.consentHolds).toEqual([expect.objectContaining({ storyId: story.id, reason: 'Einwilligung widerrufen' })]);
    expect((await api.call('presse', 'GET', `/releases/${waiting.id}`)).body).toMatchObject({
      status: 'approved',
      consentHolds: [expect.objectContaining({ storyId: story.id })],
    });
    expect((await api.call('presse', 'GET', `/releases/${unrelated.id}`)).body.status).toBe('published');

    // The press office's notice is a task: it cannot be dismissed.
    const tasks = (await api.call('presse', 'GET', '/notices')).body.items.filter((n: { task?: boolean }) => n.task);
    const task = tasks.find((n: { releaseId: string }) => n.releaseId === live.id);
    expect(task.message).toMatch(/ist seit .* offline\. .* Sie bleibt offline, bis Sie unter derselben Adresse eine überarbeitete Fassung veröffentlichen/);
    expect(task.message).not.toContain(story.title);
    expect(tasks.some((n: { releaseId: string }) => n.releaseId === waiting.id)).toBe(true);
    const dismiss = await api.call('presse', 'DELETE', `/notices/${encodeURIComponent(task.at)}/${task.id}`);
    expect(dismiss.status).toBe(409);
    expect(dismiss.body.detail).toMatch(/bleibt offen, bis die Pressemitteilung in einer überarbeiteten Fassung/);

    // Republishing needs the confirmation, also after the text was corrected.
    const corrected = await api.call('presse', 'PUT', `/releases/${live.id}`, {
      version: held.version,
      release: { ...draft, headline: 'Integrationsmanagement: Neuanfang in Kornwestheim' },
    });
    expect(corrected.status).toBe(200);
    const unconfirmed = await act('presse', corrected.body, 'publish');
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.body.problems.map((p: { message: string }) => p.message).join(' ')).toMatch(/nicht mehr auf die Personen/);
    expect((await api.call('presse', 'GET', `/releases/${live.id}`)).body.status).toBe('unpublished');
    const republished = await api.call('presse', 'POST', `/releases/${live.id}/transitions`, {
      action: 'publish',
      version: corrected.body.version,
      confirmNoReference: true,
    });
    expect(republished.status).toBe(200);
    expect(republished.body).toMatchObject({
      status: 'published',
      slug: live.slug,
      publishedAt: live.publishedAt,
      headline: 'Integrationsmanagement: Neuanfang in Kornwestheim',
    });
    expect(republished.body.consentHolds).toBeUndefined();
    expect(republished.body.audit.at(-1).comment).toMatch(/Bestätigt: Der Text bezieht sich nicht mehr auf die Personen/);
    const open = (await api.call('presse', 'GET', '/notices')).body.items
      .filter((n: { task?: boolean }) => n.task)
      .map((n: { releaseId: string }) => n.releaseId);
    expect(open).not.toContain(live.id);
    expect(open).toContain(waiting.id);
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
