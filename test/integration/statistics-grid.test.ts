import { getSubmission } from '@newsroom/store/statistics.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './harness.ts';

/**
 * The statistics grid through the gateway on dynalite: a partner enters all its
 * municipalities of a reporting date at once, saves drafts, submits the whole date;
 * changes beyond the threshold against the previous date need a reason, which the
 * lead reads before approving all; the press office accepts every approved submission
 * of the date at once, each still checked.
 */

let api: Api;
const PREVIOUS = '2025-06-30';
const DATE = '2025-12-31';
const BEFORE = { clients: 100, minors: 30, germanB1: 20, employed: 10, training: 5, ended: 12, rental: 6 };

beforeAll(async () => {
  api = await startApi();
  const settings = await api.call('admin', 'GET', '/statistics/settings');
  expect(
    (
      await api.call('admin', 'PUT', '/statistics/settings', {
        version: settings.body.version,
        threshold: 5,
        changeThreshold: 30,
        assignment: { caritas: ['Asperg', 'Kornwestheim'], awo: ['Besigheim'] },
      })
    ).status,
  ).toBe(200);
  for (const date of [PREVIOUS, DATE]) expect((await api.call('presse', 'POST', '/statistics/snapshots', { date })).status).toBe(201);
  // The previous reporting date, accepted the one-by-one way.
  for (const [user, lead, municipality] of [
    ['caritas-manager', 'caritas-lead', 'Asperg'],
    ['caritas-manager', 'caritas-lead', 'Kornwestheim'],
    ['awo-manager', 'awo-lead', 'Besigheim'],
  ] as const) {
    let s = (await api.call(user, 'POST', '/statistics/submissions', { date: PREVIOUS, municipality, counts: BEFORE })).body;
    for (const [who, action] of [
      [user, 'submit'],
      [lead, 'approve'],
      ['presse', 'accept'],
    ] as const) {
      const res = await api.call(who, 'POST', `/statistics/submissions/${s.id}/transitions`, { action, version: s.version });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      s = res.body;
    }
  }
});

afterAll(async () => {
  await api.close();
});

const grid = (user: string, date = DATE) => api.call(user, 'GET', `/statistics/snapshots/${date}/grid`);
const save = (user: string, rows: object[], date = DATE) => api.call(user, 'PUT', `/statistics/snapshots/${date}/grid`, { rows });
const batch = (user: string, action: string, date = DATE) => api.call(user, 'POST', `/statistics/snapshots/${date}/submissions/transitions`, { action });
type Row = {
  municipality: string;
  submission?: { version: number; status: string; reasons?: Record<string, string> };
  previous?: object;
  flags: { field: string }[];
};
const row = (body: { rows: Row[] }, m: string) => body.rows.find((r) => r.municipality === m)!;

describe('a partner enters a whole reporting date in one grid', () => {
  it('shows one row per assigned municipality with the previous accepted figures', async () => {
    const res = await grid('caritas-manager');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: DATE, partner: 'caritas', previousDate: PREVIOUS, changeThreshold: 30 });
    expect(res.body.rows.map((r: Row) => [r.municipality, r.previous, r.submission])).toEqual([
      ['Asperg', BEFORE, undefined],
      ['Kornwestheim', BEFORE, undefined],
    ]);
  });

  it('refuses the whole save, storing nothing, when one row is wrong or not assigned to the partner', async () => {
    const wrong = await save('caritas-manager', [
      { municipality: 'Asperg', counts: BEFORE },
      { municipality: 'Kornwestheim', counts: { clients: 10, minors: 20 } },
    ]);
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body.problems)).toMatch(/Die Zahl der Minderjährigen \(20\) darf nicht größer sein/);
    const foreign = await save('caritas-manager', [
      { municipality: 'Asperg', counts: BEFORE },
      { municipality: 'Besigheim', counts: BEFORE },
    ]);
    expect(foreign.status).toBe(422);
    expect(foreign.body.detail).toMatch(/Caritas ist für Besigheim nicht als Träger eingetragen/);
    expect(await getSubmission(`${DATE}.caritas.asperg`, api.store.db)).toBeUndefined();
  });

  it('saves drafts, flags a change beyond ±30 %, and submits the whole date only when every row is complete and explained', async () => {
    let res = await save('caritas-manager', [
      { municipality: 'Asperg', counts: { ...BEFORE, clients: 150, minors: 30 } },
      { municipality: 'Kornwestheim', counts: { clients: 104 } },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(row(res.body, 'Asperg').submission!.status).toBe('draft');
    expect(row(res.body, 'Asperg').flags).toEqual([
      expect.objectContaining({ field: 'clients', kind: 'change', previous: 100, current: 150, changePercent: 50 }),
    ]);

    const refused = await batch('caritas-manager', 'submit');
    expect(refused.status).toBe(422);
    const messages = refused.body.problems.map((p: { message: string }) => p.message).join(' | ');
    expect(messages).toMatch(/Kornwestheim: Bitte für die Zahl der Minderjährigen eine ganze Zahl angeben/);
    expect(messages).toMatch(/Asperg: Klientinnen und Klienten im Programm: 100 → 150 \(\+50 %\).*Bitte begründen/);
    expect((await getSubmission(`${DATE}.caritas.asperg`, api.store.db))!.status).toBe('draft');

    const current = (await grid('caritas-manager')).body;
    res = await save('caritas-manager', [
      {
        municipality: 'Asperg',
        version: row(current, 'Asperg').submission!.version,
        counts: { ...BEFORE, clients: 150, minors: 30 },
        reasons: { clients: 'Neue Gemeinschaftsunterkunft im Oktober bezogen', minors: 'gilt nicht, nicht auffällig' },
      },
      { municipality: 'Kornwestheim', version: row(current, 'Kornwestheim').submission!.version, counts: { ...BEFORE, clients: 104 } },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Only flagged figures keep a reason.
    expect(row(res.body, 'Asperg').submission!.reasons).toEqual({ clients: 'Neue Gemeinschaftsunterkunft im Oktober bezogen' });

    const submitted = await batch('caritas-manager', 'submit');
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.results.map((r: { municipality: string; ok: boolean; status: string }) => [r.municipality, r.ok, r.status])).toEqual([
      ['Asperg', true, 'submitted'],
      ['Kornwestheim', true, 'submitted'],
    ]);
  });

  it('refuses a save on a stale version (409) and a change of submitted figures', async () => {
    const current = (await grid('caritas-manager')).body;
    const stale = await save('caritas-manager', [{ municipality: 'Asperg', version: 1, counts: BEFORE }]);
    expect(stale.status).toBe(409);
    const locked = await save('caritas-manager', [{ municipality: 'Asperg', version: row(current, 'Asperg').submission!.version, counts: BEFORE }]);
    expect(locked.status).toBe(422);
    expect(locked.body.detail).toMatch(/Asperg: Im Status „Eingereicht, wartet auf Freigabe“ können die Zahlen nicht geändert werden/);
  });

  it('another partner sees none of it; the press office has no partner grid; a manager cannot approve or accept', async () => {
    const awo = (await grid('awo-manager')).body;
    expect(awo.rows.map((r: Row) => r.municipality)).toEqual(['Besigheim']);
    expect((await grid('presse')).status).toBe(403);
    expect((await batch('caritas-manager', 'approve')).status).toBe(403);
    expect((await batch('caritas-manager', 'accept')).status).toBe(403);
    expect((await batch('caritas-lead', 'accept')).status).toBe(403);
  });

  it('the lead sees flags and reasons, then approves the whole date at once', async () => {
    const seen = (await grid('caritas-lead')).body;
    expect(row(seen, 'Asperg').flags.map((f) => f.field)).toEqual(['clients']);
    expect(row(seen, 'Asperg').submission!.reasons).toEqual({ clients: 'Neue Gemeinschaftsunterkunft im Oktober bezogen' });
    const approved = await batch('caritas-lead', 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.results.map((r: { municipality: string; status: string }) => [r.municipality, r.status])).toEqual([
      ['Asperg', 'approved'],
      ['Kornwestheim', 'approved'],
    ]);
  });

  it('four eyes in the batch: a lead cannot approve figures she entered; the answer says so per municipality', async () => {
    await save('awo-lead', [{ municipality: 'Besigheim', counts: BEFORE }]);
    expect((await batch('awo-lead', 'submit')).status).toBe(200);
    const own = await batch('awo-lead', 'approve');
    expect(own.status).toBe(200);
    expect(own.body.results).toEqual([
      expect.objectContaining({ municipality: 'Besigheim', ok: false, status: 'submitted', message: expect.stringMatching(/Vier-Augen-Prinzip/) }),
    ]);
  });

  it('the press office accepts all approved submissions of the date at once, with a result per partner and municipality', async () => {
    const accepted = await batch('presse', 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body.results.map((r: { partner: string; municipality: string; ok: boolean }) => [r.partner, r.municipality, r.ok])).toEqual([
      ['caritas', 'Asperg', true],
      ['caritas', 'Kornwestheim', true],
    ]);
    // The AWO submission is not approved yet and stays untouched.
    expect((await getSubmission(`${DATE}.awo.besigheim`, api.store.db))!.status).toBe('submitted');
    const again = await batch('presse', 'accept');
    expect(again.body.results).toEqual([]);
  });
});

describe('the single-submission way keeps the same plausibility gate', () => {
  it('refuses submitting one municipality with an unexplained change, and submits once the grid holds the reason', async () => {
    const date = '2026-01-31';
    expect((await api.call('presse', 'POST', '/statistics/snapshots', { date })).status).toBe(201);
    // Asperg's previous accepted figures are those of 2025-12-31: 150 clients.
    let s = (await api.call('caritas-manager', 'POST', '/statistics/submissions', { date, municipality: 'Asperg', counts: { ...BEFORE, clients: 60 } })).body;
    const refused = await api.call('caritas-manager', 'POST', `/statistics/submissions/${s.id}/transitions`, { action: 'submit', version: s.version });
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toEqual([expect.objectContaining({ field: 'clients', message: expect.stringMatching(/150 → 60 \(−60 %\)/) })]);
    const saved = await save(
      'caritas-manager',
      [
        {
          municipality: 'Asperg',
          version: s.version,
          counts: { ...BEFORE, clients: 60 },
          reasons: { clients: 'Viele Familien sind in eigene Wohnungen in anderen Kreisen gezogen' },
        },
      ],
      date,
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    s = row(saved.body, 'Asperg').submission!;
    const res = await api.call('caritas-manager', 'POST', `/statistics/submissions/${(s as unknown as { id: string }).id}/transitions`, {
      action: 'submit',
      version: s.version,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});
