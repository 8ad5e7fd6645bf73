import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, coveringConsent, recordReadBack, startApi } from './harness.ts';

/**
 * A re-identification warning does not block a story, but the partner lead approves it only
 * knowingly: without the acknowledgement the API refuses in German (422) and stores nothing;
 * with it, the audit keeps the warnings as they were acknowledged.
 */
let api: Api;

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api?.close();
});

/** First name, country of origin and place together: a warning whatever the statistics say. */
const namedStory = {
  ...completeStory,
  title: 'Amal in Asperg',
  persons: [{ id: 'A', role: 'Klientin', ageGroup: 'adult', shows: { naming: 'first-name', photos: 'none', details: ['origin'] } }],
};
const namedConsent = { ...coveringConsent, scope: { ...coveringConsent.scope, naming: 'first-name', details: ['origin', 'municipality'] } };

async function submitted(story: object, consent: object) {
  const created = await api.call('caritas-manager', 'POST', '/stories', story);
  expect(created.status).toBe(201);
  const withConsent = await api.call('caritas-manager', 'POST', `/stories/${created.body.id}/consents`, { version: created.body.version, consent });
  expect(withConsent.status, JSON.stringify(withConsent.body)).toBe(200);
  const ready = await recordReadBack(api, withConsent.body);
  const res = await api.call('caritas-manager', 'POST', `/stories/${ready.id}/transitions`, { action: 'submit', version: ready.version });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('approval of a story with re-identification warnings', () => {
  it('the author sees the warning with its reason when submitting, and so does the lead reading the story', async () => {
    const story = await submitted(namedStory, namedConsent);
    expect(story.reidentificationWarnings).toEqual([expect.stringContaining('Person A: Name, Herkunftsland und Wohnort zusammen')]);
    const read = await api.call('caritas-lead', 'GET', `/stories/${story.id}`);
    expect(read.body.reidentificationWarnings).toEqual(story.reidentificationWarnings);
  });

  it('the lead cannot approve without acknowledging: 422 in German naming each warning, and the story stays submitted', async () => {
    const story = await submitted(namedStory, namedConsent);
    const refused = await api.call('caritas-lead', 'POST', `/stories/${story.id}/transitions`, { action: 'approve', version: story.version });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/Hinweise zur Wiedererkennbarkeit lesen und bestätigen/);
    expect(refused.body.problems.map((p: { message: string }) => p.message)).toEqual(story.reidentificationWarnings);
    const after = await api.call('caritas-lead', 'GET', `/stories/${story.id}`);
    expect(after.body.status).toBe('submitted');
    expect(after.body.version).toBe(story.version);
  });

  it('acknowledged, the approval goes through and the audit records what the lead acknowledged', async () => {
    const story = await submitted(namedStory, namedConsent);
    const approved = await api.call('caritas-lead', 'POST', `/stories/${story.id}/transitions`, {
      action: 'approve',
      version: story.version,
      acknowledgeWarnings: true,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('partner-approved');
    const entry = approved.body.audit.at(-1);
    expect(entry).toMatchObject({ action: 'approve', byName: 'Andrea Hoffmann', to: 'partner-approved' });
    expect(entry.comment).toMatch(/^Hinweise zur Wiedererkennbarkeit gelesen und bestätigt: Person A: Name, Herkunftsland und Wohnort/);
  });

  it('a story without warnings needs no acknowledgement', async () => {
    const story = await submitted(completeStory, coveringConsent);
    expect(story.reidentificationWarnings).toEqual([]);
    const approved = await api.call('caritas-lead', 'POST', `/stories/${story.id}/transitions`, { action: 'approve', version: story.version });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.audit.at(-1).comment).toBeUndefined();
  });
});
