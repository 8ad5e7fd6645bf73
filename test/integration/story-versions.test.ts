import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, coveringConsent, startApi } from './harness.ts';

/**
 * Versions people can count: the editor marks the saves it makes on its own, the list says
 * which they are, and a restore names the version as people count it, not by the number
 * every write to the story (consents, steps, automatic saves) moved on.
 */
let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const save = async (s: { id: string; version: number }, body: string, autosave?: boolean) => {
  const res = await api.call('caritas-manager', 'PUT', `/stories/${s.id}`, {
    version: s.version,
    story: { ...completeStory, body },
    ...(autosave === undefined ? {} : { autosave }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('automatic saves', () => {
  it('are kept as versions marked as such; a consent in between leaves no version; a restore names „Fassung 2“, not the stored number', async () => {
    let s = (await api.call('caritas-manager', 'POST', '/stories', completeStory)).body;
    s = await save(s, `${completeStory.body} Erster Zwischenstand.`, true);
    s = await save(s, `${completeStory.body} Zweiter Zwischenstand.`, true);
    const consent = await api.call('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: coveringConsent });
    expect(consent.status).toBe(200);
    s = await save(consent.body, `${completeStory.body} Von Hand gespeichert.`);
    s = await save(s, `${completeStory.body} Danach noch getippt.`, true);

    const { items } = (await api.call('caritas-manager', 'GET', `/stories/${s.id}/versions`)).body;
    expect(items.map((v: { version: number; autosave?: boolean }) => [v.version, v.autosave ?? false])).toEqual([
      [6, true],
      [5, false],
      [3, true],
      [2, true],
      [1, false],
    ]);

    const restored = await api.call('caritas-manager', 'POST', `/stories/${s.id}/versions/5/restore`, { version: s.version });
    expect(restored.status).toBe(200);
    expect(restored.body.audit.at(-1).comment).toMatch(/^Fassung 2 vom \d{1,2}\. \p{L}+ \d{4} wiederhergestellt$/u);
    const after = (await api.call('caritas-manager', 'GET', `/stories/${s.id}/versions`)).body.items;
    expect(after[0]).toMatchObject({ version: 7 });
    expect(after[0].autosave).toBeUndefined();
  });

  it('a flag that is not true or false is refused with 400, and nothing is saved', async () => {
    const s = (await api.call('caritas-manager', 'POST', '/stories', completeStory)).body;
    const res = await api.call('caritas-manager', 'PUT', `/stories/${s.id}`, { version: s.version, story: completeStory, autosave: 'ja' });
    expect(res.status).toBe(400);
    expect((await api.call('caritas-manager', 'GET', `/stories/${s.id}/versions`)).body.items).toHaveLength(1);
  });
});
