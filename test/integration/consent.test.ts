import { takeDownExpired } from '@newsroom/operations/consent-expiry.ts';
import { clock, runtimePorts } from '@newsroom/operations/ports.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, coveringConsent, createConsentedStory, startApi } from './harness.ts';

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

const act = (user: string, s: { id: string; version: number }, action: string, extra: object = {}) =>
  api.call(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version, ...extra });
const get = async (user: string, id: string) => (await api.call(user, 'GET', `/stories/${id}`)).body;

async function toPressApproved(s: { id: string; version: number }) {
  let cur = (await act('caritas-manager', s, 'submit')).body;
  cur = (await act('caritas-lead', cur, 'approve')).body;
  cur = (await act('presse', cur, 'press-approve')).body;
  expect(cur.status).toBe('press-approved');
  return cur;
}

describe('the consent gate through the API', () => {
  it('refuses to submit without a consent, says who lacks one, and changes nothing', async () => {
    const created = (await api.call('caritas-manager', 'POST', '/stories', completeStory)).body;
    const res = await act('caritas-manager', created, 'submit');
    expect(res.status).toBe(422);
    expect(res.body.problems.map((p: { message: string }) => p.message)).toContain('Person A: Es liegt keine Einwilligung vor.');
    const after = await get('caritas-manager', created.id);
    expect(after.version).toBe(created.version);
    expect(after.status).toBe('draft');
    expect(after.consentStatus).toBe('missing');
  });

  it('refuses a consent that does not cover a shown detail, naming the detail', async () => {
    const story = {
      ...completeStory,
      persons: [{ ...completeStory.persons[0]!, shows: { naming: 'pseudonym', photos: 'none', details: ['employer', 'origin'] } }],
    };
    const s = await createConsentedStory(api, 'caritas-manager', story);
    const res = await act('caritas-manager', s, 'submit');
    expect(res.status).toBe(422);
    expect(res.body.problems.map((p: { message: string }) => p.message)).toEqual(['Person A: Einwilligung deckt „Herkunftsland“ nicht ab.']);
  });

  it("refuses a minor without the guardians' consent", async () => {
    const story = {
      ...completeStory,
      persons: [{ id: 'A', role: 'Sohn', ageGroup: 'minor-young', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
    };
    const s = await createConsentedStory(api, 'caritas-manager', story);
    const res = await act('caritas-manager', s, 'submit');
    expect(res.status).toBe(422);
    expect(res.body.problems[0].message).toBe('Person A: Für Minderjährige müssen die Sorgeberechtigten einwilligen.');
  });

  it('a translation not yet reviewed cannot be recorded as the form used; the German form and its version are stored', async () => {
    const created = (await api.call('caritas-manager', 'POST', '/stories', completeStory)).body;
    const draft = await api.call('caritas-manager', 'POST', `/stories/${created.id}/consents`, {
      version: created.version,
      consent: { ...coveringConsent, formVersion: 'EW-EN-2026-1', language: 'Englisch' },
    });
    expect(draft.status).toBe(422);
    expect(draft.body.detail).toMatch(/^Das Formular EW-EN-2026-1 \(Englisch\) ist ein Entwurf: Die Übersetzung ist noch nicht geprüft/);
    expect(
      (
        await api.call('caritas-manager', 'POST', `/stories/${created.id}/consents`, {
          version: created.version,
          consent: { ...coveringConsent, formVersion: 'EW-XX-2026-9' },
        })
      ).status,
    ).toBe(422);
    expect((await get('caritas-manager', created.id)).consents).toEqual([]);

    const signed = await api.call('caritas-manager', 'POST', `/stories/${created.id}/consents`, {
      version: created.version,
      consent: { ...coveringConsent, formVersion: 'EW-2026-2', language: 'Arabisch' },
    });
    expect(signed.status).toBe(200);
    expect((await get('caritas-manager', created.id)).consents[0]).toMatchObject({ formVersion: 'EW-2026-2', language: 'Arabisch' });
  });

  it('an invalid consent form is 400 in German and stores nothing', async () => {
    const created = (await api.call('caritas-manager', 'POST', '/stories', completeStory)).body;
    const res = await api.call('caritas-manager', 'POST', `/stories/${created.id}/consents`, {
      version: created.version,
      consent: { ...coveringConsent, validUntil: '2020-01-01', scope: { ...coveringConsent.scope, details: ['health'] } },
    });
    expect(res.status).toBe(400);
    const messages = res.body.problems.map((p: { message: string }) => p.message);
    expect(messages).toContain('„Gültig bis“ muss nach dem Datum der Einwilligung liegen.');
    expect(messages.some((m: string) => m.includes('Art. 9 DSGVO'))).toBe(true);
    expect((await get('caritas-manager', created.id)).consents).toEqual([]);
  });

  it('a correction is a new version with a reason; the old one stays', async () => {
    const s = await createConsentedStory(api);
    const noReason = await api.call('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: coveringConsent });
    expect(noReason.status).toBe(422);
    const corrected = await api.call('caritas-manager', 'POST', `/stories/${s.id}/consents`, {
      version: s.version,
      consent: { ...coveringConsent, validUntil: '2030-12-31' },
      correctionReason: 'Datum auf dem Formular falsch abgeschrieben',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.consents.map((c: { version: number; validUntil: string }) => [c.version, c.validUntil])).toEqual([
      [1, '2099-12-31'],
      [2, '2030-12-31'],
    ]);
    expect(corrected.body.audit.at(-1)).toMatchObject({ action: 'consent-corrected', byName: 'Miriam Keller' });
  });

  it('another partner can neither record nor withdraw a consent', async () => {
    const s = await createConsentedStory(api);
    expect((await api.call('drk-manager', 'POST', `/stories/${s.id}/consents`, { version: s.version, consent: coveringConsent })).status).toBe(404);
    expect(
      (
        await api.call('drk-lead', 'POST', `/stories/${s.id}/consents/A/withdrawal`, {
          version: s.version,
          withdrawal: { date: '2026-02-01', receivedVia: 'phone' },
        })
      ).status,
    ).toBe(404);
  });

  it('publication is refused when the consent expired after press approval (injected clock)', async () => {
    const s = await createConsentedStory(api, 'caritas-manager', completeStory);
    const approved = await toPressApproved(s);
    clock.now = () => new Date('2100-01-02T10:00:00Z');
    const res = await act('presse', approved, 'publish');
    expect(res.status).toBe(422);
    expect(res.body.problems[0].message).toBe('Person A: Die Einwilligung ist am 31.12.2099 abgelaufen.');
  });

  it('flags contact data in the text on submit until fixed or confirmed', async () => {
    const s = await createConsentedStory(api, 'caritas-manager', {
      ...completeStory,
      body: `${completeStory.body}\n\nKontakt: anna.muster@example.org oder 07141 123456, Schillerstraße 12.`,
    });
    const res = await act('caritas-manager', s, 'submit');
    expect(res.status).toBe(422);
    const messages = res.body.problems.map((p: { message: string }) => p.message).join('\n');
    expect(messages).toMatch(/Text, Zeile 3: Hier steht eine E-Mail-Adresse \(„anna\.muster@example\.org“\)/);
    expect(messages).toMatch(/Telefonnummer \(„07141 123456“\)/);
    expect(messages).toMatch(/Straßenadresse \(„Schillerstraße 12“\)/);
    const confirmed = await act('caritas-manager', s, 'submit', { confirmTextFindings: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.audit.at(-1).comment).toBe('Hinweise der Textprüfung bestätigt');
  });
});

describe('withdrawal and expiry in the store', () => {
  it('a withdrawal moves the story to withdrawn in the same write, with the audit entry', async () => {
    let s = await createConsentedStory(api);
    s = await toPressApproved(s);
    s = (await act('presse', s, 'publish')).body;
    const res = await api.call('caritas-manager', 'POST', `/stories/${s.id}/consents/A/withdrawal`, {
      version: s.version,
      withdrawal: { date: '2026-03-01', receivedVia: 'phone', note: 'Anruf bei der Beratungsstelle' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    expect(res.body.version).toBe(s.version + 1);
    expect(res.body.consents.at(-1)).toMatchObject({ version: 2, withdrawal: { date: '2026-03-01', receivedVia: 'phone' } });
    expect(res.body.audit.at(-1)).toMatchObject({ action: 'consent-withdrawn', from: 'published', to: 'withdrawn' });
    // Finished: nobody can publish it again or record a new consent on it.
    expect((await act('presse', res.body, 'publish')).status).toBe(409);
    expect(
      (await api.call('caritas-manager', 'POST', `/stories/${s.id}/consents`, { version: res.body.version, consent: coveringConsent, correctionReason: 'neu' }))
        .status,
    ).toBe(403);
  });

  it('the scheduler takes down a published story whose consent expired, and only that one', async () => {
    const expiring = await createConsentedStory(api, 'caritas-manager', completeStory);
    let short = (
      await api.call('caritas-manager', 'POST', `/stories/${expiring.id}/consents`, {
        version: expiring.version,
        consent: { ...coveringConsent, validUntil: '2026-12-31' },
        correctionReason: 'Befristet bis Jahresende',
      })
    ).body;
    short = await toPressApproved(short);
    short = (await act('presse', short, 'publish')).body;
    let lasting = await createConsentedStory(api);
    lasting = await toPressApproved(lasting);
    lasting = (await act('presse', lasting, 'publish')).body;

    expect((await takeDownExpired(runtimePorts(), new Date('2026-12-31T12:00:00Z'))).takenDown).not.toContain(short.id);
    const run = await takeDownExpired(runtimePorts(), new Date('2027-01-01T12:00:00Z'));
    expect(run.takenDown).toContain(short.id);
    expect(run.takenDown).not.toContain(lasting.id);
    const down = await get('presse', short.id);
    expect(down.status).toBe('unpublished');
    expect(down.audit.at(-1)).toMatchObject({ action: 'consent-expired', byName: 'Automatische Prüfung' });
    expect((await get('presse', lasting.id)).status).toBe('published');
    // Safe to repeat.
    expect((await takeDownExpired(runtimePorts(), new Date('2027-01-01T12:05:00Z'))).takenDown).not.toContain(short.id);
  });

  it('lists consents that run out within 30 days for the own partner only', async () => {
    clock.now = () => new Date('2099-12-10T10:00:00Z');
    const s = await createConsentedStory(api);
    const mine = await api.call('caritas-manager', 'GET', '/consents/expiring');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(s.id);
    const other = await api.call('drk-manager', 'GET', '/consents/expiring');
    expect(other.body.items.map((i: { id: string }) => i.id)).not.toContain(s.id);
  });
});
