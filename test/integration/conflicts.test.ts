import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, coveringConsent, createConsentedStory, startApi } from './harness.ts';

/**
 * Someone else changed the record in between: every kind of record answers 409 in one
 * wording that names it, with the record as it is now, and nothing is written.
 */

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const changed = (subject: string) => `${subject} inzwischen von jemand anderem geändert. Bitte laden Sie die aktuelle Fassung und prüfen Sie Ihre Änderungen.`;

const release = {
  headline: 'Sprachkurse im Landkreis gut besucht',
  lead: 'Die Sprachkurse im Landkreis Ludwigsburg sind in diesem Jahr besonders gut besucht worden.',
  body: 'Viele Teilnehmende haben ihre Prüfungen bestanden und berichten von ihren Fortschritten im Alltag. '.repeat(2),
  topics: ['sprache'],
  partners: ['caritas'],
};

describe('a change that meets a newer version', () => {
  it('two people save the same press release at once: whoever loses is told the press release changed, never the story', async () => {
    const r = (await api.call('presse', 'POST', '/releases', release)).body;
    const saves = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        api.call(n % 2 ? 'presse' : 'presse-2', 'PUT', `/releases/${r.id}`, {
          version: r.version,
          release: { ...release, subline: `Fassung ${n}` },
        }),
      ),
    );
    const won = saves.filter((s) => s.status === 200);
    const lost = saves.filter((s) => s.status !== 200);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    expect(lost.filter((res) => /Geschichte/.test(res.body.detail))).toEqual([]);
    for (const res of lost) {
      expect(res.status).toBe(409);
      expect(res.body.title).toBe('Die Pressemitteilung wurde inzwischen geändert');
      expect(res.body.detail).toBe(changed('Die Pressemitteilung wurde'));
      expect(res.body.current).toMatchObject({ id: r.id, headline: release.headline });
    }
    const stored = (await api.call('presse', 'GET', `/releases/${r.id}`)).body;
    expect(stored.version).toBe(r.version + 1);
    expect(stored.subline).toBe(won[0]!.body.subline);
  });

  it('every change of a story with a stale version gets the same sentence and the story as it is now', async () => {
    const story = await createConsentedStory(api);
    const edited = (
      await api.call('caritas-manager', 'PUT', `/stories/${story.id}`, { version: story.version, story: { ...completeStory, title: 'Neuer Titel in Asperg' } })
    ).body;
    expect(edited.version).toBe(story.version + 1);
    const stale = story.version;
    const attempts: [string, string, unknown][] = [
      ['PUT', `/stories/${story.id}`, { version: stale, story: { ...completeStory, title: 'Veralteter Stand' } }],
      ['POST', `/stories/${story.id}/transitions`, { action: 'submit', version: stale }],
      [
        'POST',
        `/stories/${story.id}/read-back`,
        { version: stale, readBack: { date: '2026-01-15', how: 'translated', language: 'Arabisch', personIds: ['A'] } },
      ],
      ['POST', `/stories/${story.id}/versions/1/restore`, { version: stale }],
      ['POST', `/stories/${story.id}/consents`, { version: stale, consent: coveringConsent, correctionReason: 'Gültigkeit verlängert' }],
      ['POST', `/stories/${story.id}/erasure`, { version: stale }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await api.call('caritas-manager', method, path, body);
      expect(res.status, `${method} ${path}`).toBe(409);
      expect(res.body.title, `${method} ${path}`).toBe('Die Geschichte wurde inzwischen geändert');
      expect(res.body.detail, `${method} ${path}`).toBe(changed('Die Geschichte wurde'));
      expect(res.body.current, `${method} ${path}`).toMatchObject({ id: story.id, version: edited.version, title: 'Neuer Titel in Asperg' });
    }
    const now = (await api.call('caritas-manager', 'GET', `/stories/${story.id}`)).body;
    expect(now.version).toBe(edited.version);
  });

  it('statistics settings name themselves in the plural', async () => {
    const settings = (await api.call('admin', 'GET', '/statistics/settings')).body;
    const res = await api.call('admin', 'PUT', '/statistics/settings', { version: settings.version + 3, threshold: 5, assignment: {} });
    expect(res.status).toBe(409);
    expect(res.body.title).toBe('Die Einstellungen wurden inzwischen geändert');
    expect(res.body.detail).toBe(changed('Die Einstellungen wurden'));
    expect(res.body.current).toMatchObject({ version: settings.version });
  });
});
