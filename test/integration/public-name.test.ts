import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, coveringConsent, recordReadBack, startApi } from './harness.ts';

/**
 * A person's public name through the API: stored with the person, checked with the
 * consent rule at every step, covered by the read-back, and the only way a person is
 * named in what the public sees of a story.
 */
let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const person = (over: object = {}, shows: object = {}) => ({ ...completeStory.persons[0]!, ...over, shows: { ...completeStory.persons[0]!.shows, ...shows } });

async function consented(persons: object[], scope: object = {}) {
  const created = await api.call('caritas-manager', 'POST', '/stories', { ...completeStory, persons });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const c = await api.call('caritas-manager', 'POST', `/stories/${created.body.id}/consents`, {
    version: created.body.version,
    consent: { ...coveringConsent, scope: { ...coveringConsent.scope, ...scope } },
  });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  return c.body;
}

const step = (user: string, story: { id: string; version: number }, action: string) =>
  api.call(user, 'POST', `/stories/${story.id}/transitions`, { action, version: story.version, acknowledgeWarnings: action === 'approve' });

describe('the public name of a person', () => {
  it('is stored with the person; the site projection names the person „Amal, Name geändert“ and never „Person A“', async () => {
    let s = await consented([person({ publicName: 'Amal' })]);
    expect(s.persons[0].publicName).toBe('Amal');
    s = await recordReadBack(api, s);
    for (const [user, action] of [
      ['caritas-manager', 'submit'],
      ['caritas-lead', 'approve'],
      ['presse', 'press-approve'],
      ['presse', 'publish'],
    ] as const) {
      const res = await step(user, s, action);
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
      s = res.body;
    }
    const seen = await api.call('drk-manager', 'GET', `/stories/${s.id}`);
    expect(seen.body.audience).toBe('public');
    expect(seen.body.names).toEqual(['Amal, Name geändert']);
    expect(JSON.stringify(seen.body)).not.toMatch(/Person A|publicName|"role"/);
  });

  it('a story whose people have no public name names nobody in public', async () => {
    let s = await recordReadBack(api, await consented([person()]));
    for (const [user, action] of [
      ['caritas-manager', 'submit'],
      ['caritas-lead', 'approve'],
      ['presse', 'press-approve'],
      ['presse', 'publish'],
    ] as const)
      s = (await step(user, s, action)).body;
    expect(s.status).toBe('published');
    const seen = await api.call('drk-manager', 'GET', `/stories/${s.id}`);
    expect(seen.body.audience).toBe('public');
    expect(seen.body.names).toBeUndefined();
  });

  it('a real first name needs the consent to be named by first name: submit is refused in German and nothing changes', async () => {
    const s = await recordReadBack(api, await consented([person({ publicName: 'Amal' }, { naming: 'first-name' })]));
    const res = await step('caritas-manager', s, 'submit');
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain(
      'Person A: Einwilligung erlaubt die Nennung nur mit Pseudonym, die Geschichte nennt die Person nur mit Vornamen.',
    );
    expect((await api.call('caritas-manager', 'GET', `/stories/${s.id}`)).body.status).toBe('draft');
  });

  it('an anonymous person with a name is refused at submit, with the reason', async () => {
    const s = await recordReadBack(api, await consented([person({ publicName: 'Amal' }, { naming: 'anonymous' })]));
    const res = await step('caritas-manager', s, 'submit');
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('Person A: Die Geschichte nennt die Person anonym; ein Name auf der Website passt nicht dazu.');
  });

  it('changing the public name voids the read-back', async () => {
    const s = await recordReadBack(api, await consented([person({ publicName: 'Amal' })]));
    expect(s.readBackProblems).toEqual([]);
    const edited = await api.call('caritas-manager', 'PUT', `/stories/${s.id}`, {
      version: s.version,
      story: { ...completeStory, persons: [person({ publicName: 'Nour' })] },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.readBackProblems.length).toBeGreaterThan(0);
  });

  it('a name with more than 40 characters is refused with 400 in German, and nothing is stored', async () => {
    const res = await api.call('caritas-manager', 'POST', '/stories', {
      ...completeStory,
      title: 'Zu langer Name',
      persons: [person({ publicName: 'A'.repeat(41) })],
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('Der Name auf der Website darf höchstens 40 Zeichen haben.');
  });
});
