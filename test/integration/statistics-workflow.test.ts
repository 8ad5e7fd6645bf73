import type { ContentChange } from '@newsroom/events/changes.ts';
import { onContentChange } from '@newsroom/events/in-process.ts';
import { getSubmission, publishedSnapshots } from '@newsroom/store/statistics.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './harness.ts';

/**
 * Statistics through the gateway on dynalite, as the people use it: an administrator
 * assigns municipalities, the press office opens a reporting date, managers enter
 * counts, partner leads approve with four eyes, the press office accepts and
 * publishes; a correction after publication needs a reason and a public note.
 */

let api: Api;
const changes: ContentChange[] = [];
let stopListening: () => void;

const DATE = '2025-12-31';
const COUNTS = { clients: 120, minors: 40, germanB1: 30, employed: 20, training: 6, ended: 15, rental: 9 };

beforeAll(async () => {
  api = await startApi();
  stopListening = onContentChange((c) => {
    changes.push(c);
  });
  const settings = await api.call('admin', 'GET', '/statistics/settings');
  const saved = await api.call('admin', 'PUT', '/statistics/settings', {
    version: settings.body.version,
    threshold: 5,
    assignment: { caritas: ['Kornwestheim', 'Asperg'], awo: ['Besigheim', 'Freiberg am Neckar'], drk: ['Ludwigsburg'], kdv: ['Ludwigsburg'] },
  });
  expect(saved.status).toBe(200);
  expect((await api.call('presse', 'POST', '/statistics/snapshots', { date: DATE })).status).toBe(201);
});

afterAll(async () => {
  stopListening();
  await api.close();
});

const act = (user: string, s: { id: string; version: number }, action: string, comment?: string) =>
  api.call(user, 'POST', `/statistics/submissions/${s.id}/transitions`, { action, version: s.version, ...(comment ? { comment } : {}) });

async function create(user: string, municipality: string, counts: object = COUNTS, date = DATE) {
  const res = await api.call(user, 'POST', '/statistics/submissions', { date, municipality, counts });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('a submission from draft to accepted', () => {
  it('goes draft → submitted → approved (lead, not the author) → accepted (press office), with an audit entry per step', async () => {
    let s = await create('caritas-manager', 'Kornwestheim', { clients: 120, minors: 40 });
    expect(s).toMatchObject({ id: '2025-12-31.caritas.kornwestheim', status: 'draft', revision: 1, version: 1, actions: ['submit'] });

    const incomplete = await act('caritas-manager', s, 'submit');
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.problems.map((p: { message: string }) => p.message).join(' ')).toMatch(
      /Bitte für die Zahl der beendeten Beratungen eine ganze Zahl angeben/,
    );

    s = (await api.call('caritas-manager', 'PUT', `/statistics/submissions/${s.id}`, { version: s.version, counts: COUNTS })).body;
    expect(s.version).toBe(2);
    s = (await act('caritas-manager', s, 'submit')).body;
    expect(s.status).toBe('submitted');

    const self = await act('caritas-manager', s, 'approve');
    expect(self.status).toBe(403);

    s = (await act('caritas-lead', s, 'approve')).body;
    expect(s.status).toBe('approved');
    expect((await act('caritas-lead', s, 'accept')).status).toBe(403);
    s = (await act('presse', s, 'accept')).body;
    expect(s.status).toBe('accepted');
    expect(s.accepted).toEqual([expect.objectContaining({ revision: 1, counts: COUNTS, byName: 'Julia Neumann' })]);
    expect(s.audit.map((e: { action: string }) => e.action)).toEqual(['create', 'edit', 'submit', 'approve', 'accept']);
    expect(s.actions).toEqual([]);
  });

  it('refuses the lead approving figures they entered themselves (four eyes)', async () => {
    let s = await create('caritas-lead', 'Asperg', { ...COUNTS, clients: 50, minors: 10 });
    s = (await act('caritas-lead', s, 'submit')).body;
    const res = await act('caritas-lead', s, 'approve');
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/Vier-Augen-Prinzip/);
  });

  it("a lead who only corrected a colleague's draft cannot approve it either", async () => {
    let s = await create('awo-manager', 'Freiberg am Neckar', { clients: 30 });
    s = (await api.call('awo-lead', 'PUT', `/statistics/submissions/${s.id}`, { version: s.version, counts: { ...COUNTS, clients: 90 } })).body;
    s = (await act('awo-manager', s, 'submit')).body;
    expect((await act('awo-lead', s, 'approve')).status).toBe(403);
  });

  it('a lead returns with a comment; the manager sees it, fixes and resubmits', async () => {
    let s = await create('drk-manager', 'Ludwigsburg', { ...COUNTS, clients: 300, minors: 100 });
    s = (await act('drk-manager', s, 'submit')).body;
    expect((await act('drk-lead', s, 'return')).status).toBe(422);
    s = (await act('drk-lead', s, 'return', 'Die Zahl der Minderjährigen bitte mit der Liste vom Jugendamt abgleichen.')).body;
    expect(s.status).toBe('returned');
    const seen = await api.call('drk-manager', 'GET', `/statistics/submissions/${s.id}`);
    expect(seen.body.returnComment).toMatch(/Jugendamt/);
    s = (await act('drk-manager', s, 'submit')).body;
    expect(s.returnComment).toBeUndefined();
    s = (await act('drk-lead', s, 'approve')).body;
    expect((await act('presse', s, 'accept')).body.status).toBe('accepted');
  });
});

describe('validation: bad input is refused in German and nothing is stored', () => {
  it('refuses minors above clients, adult figures above adults, rentals above ended, decimals and negatives', async () => {
    const res = await api.call('caritas-manager', 'POST', '/statistics/submissions', {
      date: DATE,
      municipality: 'Asperg',
      counts: { clients: 10, minors: 12, germanB1: 1.5, employed: -1, ended: 3, rental: 4 },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    const byField = Object.fromEntries(res.body.problems.map((p: { field: string; message: string }) => [p.field, p.message]));
    expect(byField['counts.minors']).toBe('Die Zahl der Minderjährigen (12) darf nicht größer sein als die Zahl der Klientinnen und Klienten (10).');
    expect(byField['counts.germanB1']).toMatch(/muss eine ganze Zahl sein/);
    expect(byField['counts.employed']).toMatch(/darf nicht negativ sein/);
    expect(byField['counts.rental']).toMatch(/ersten eigenen Mietverträge \(4\) darf nicht größer sein als die Zahl der beendeten Beratungen \(3\)/);
    // Asperg already had the lead's submission; the refused request changed nothing in it.
    expect(await getSubmission('2025-12-31.caritas.asperg', api.store.db)).toMatchObject({ status: 'submitted', counts: { clients: 50, minors: 10 } });
  });

  it('refuses an adult figure larger than clients minus minors, naming the derived adults', async () => {
    const res = await api.call('kdv-manager', 'POST', '/statistics/submissions', {
      date: DATE,
      municipality: 'Ludwigsburg',
      counts: { clients: 20, minors: 15, employed: 6 },
    });
    expect(res.status).toBe(400);
    expect(res.body.problems[0]).toEqual({ field: 'counts.employed', message: expect.stringContaining('(5 = 20 Klient:innen − 15 Minderjährige)') });
    expect(await getSubmission('2025-12-31.kdv.ludwigsburg', api.store.db)).toBeUndefined();
  });

  it('refuses a municipality the partner is not assigned to, an unknown date, a future date, bad JSON', async () => {
    const notAssigned = await api.call('awo-manager', 'POST', '/statistics/submissions', { date: DATE, municipality: 'Murr', counts: COUNTS });
    expect(notAssigned.status).toBe(422);
    expect(notAssigned.body.problems[0].field).toBe('municipality');
    expect(notAssigned.body.detail).toMatch(/AWO ist für Murr nicht als Träger eingetragen/);

    const noDate = await api.call('awo-manager', 'POST', '/statistics/submissions', { date: '2025-06-30', municipality: 'Besigheim' });
    expect(noDate.status).toBe(422);
    expect(noDate.body.detail).toMatch(/keinen Stichtag angelegt/);

    expect((await api.call('presse', 'POST', '/statistics/snapshots', { date: '2099-12-31' })).status).toBe(201);
    const future = await api.call('awo-manager', 'POST', '/statistics/submissions', { date: '2099-12-31', municipality: 'Besigheim' });
    expect(future.status).toBe(422);
    expect(future.body.detail).toMatch(/erst ab diesem Tag/);

    const badDate = await api.call('awo-manager', 'POST', '/statistics/submissions', { date: '2025-02-30', municipality: 'Besigheim' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.problems[0].message).toBe('Dieses Datum gibt es nicht.');

    const badJson = await api.call('awo-manager', 'POST', '/statistics/submissions', '{"date":');
    expect(badJson.status).toBe(400);
    expect(badJson.body.detail).toBe('Der Inhalt der Anfrage ist kein gültiges JSON.');
  });

  it('refuses a second submission for the same partner, municipality and date with 409', async () => {
    const res = await api.call('caritas-manager-2', 'POST', '/statistics/submissions', { date: DATE, municipality: 'Kornwestheim' });
    expect(res.status).toBe(409);
    expect(res.body.existingId).toBe('2025-12-31.caritas.kornwestheim');
  });

  it('refuses a threshold below 3 and an unknown municipality in the assignment', async () => {
    const current = (await api.call('admin', 'GET', '/statistics/settings')).body;
    const res = await api.call('admin', 'PUT', '/statistics/settings', { version: current.version, threshold: 2, assignment: { awo: ['Gotham'] } });
    expect(res.status).toBe(400);
    const messages = res.body.problems.map((p: { message: string }) => p.message);
    expect(messages).toContain('Die Mindestfallzahl muss mindestens 3 sein, sonst lassen sich Einzelpersonen erkennen.');
    expect(messages).toContain('Bitte eine Stadt oder Gemeinde des Landkreises Ludwigsburg wählen.');
    expect((await api.call('caritas-lead', 'PUT', '/statistics/settings', { version: current.version, threshold: 5, assignment: {} })).status).toBe(403);
  });
});

describe("isolation: a partner never sees another partner's unpublished submissions", () => {
  it('another partner gets 404 for the id and nothing in lists; the press office sees only what leads released', async () => {
    const draft = await create('awo-manager', 'Besigheim', { clients: 3 });
    for (const user of ['caritas-manager', 'caritas-lead', 'drk-lead', 'kdv-manager']) {
      expect((await api.call(user, 'GET', `/statistics/submissions/${draft.id}`)).status, user).toBe(404);
      const list = await api.call(user, 'GET', `/statistics/submissions?date=${DATE}`);
      expect(
        list.body.items.every((s: { partner: string }) => s.partner !== 'awo'),
        user,
      ).toBe(true);
    }
    expect((await api.call('caritas-manager', 'GET', '/statistics/submissions?scope=all')).status).toBe(403);
    expect((await api.call('presse', 'GET', `/statistics/submissions/${draft.id}`)).status).toBe(404);
    expect((await api.call('presse', 'GET', '/statistics/submissions?status=submitted')).status).toBe(403);
    const ownView = await api.call('awo-lead', 'GET', `/statistics/snapshots/${DATE}`);
    expect(ownView.body.submissions.every((s: { partner: string }) => s.partner === 'awo')).toBe(true);
    expect(ownView.body.aggregate).toBeUndefined();
  });

  it('a stale version gets 409 with the current state, and nothing changes', async () => {
    const s = (await api.call('awo-manager', 'GET', '/statistics/submissions/2025-12-31.awo.besigheim')).body;
    const first = await api.call('awo-manager', 'PUT', `/statistics/submissions/${s.id}`, { version: s.version, counts: { ...COUNTS, clients: 70 } });
    expect(first.status).toBe(200);
    const stale = await api.call('awo-lead', 'PUT', `/statistics/submissions/${s.id}`, { version: s.version, counts: { ...COUNTS, clients: 80 } });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/inzwischen von jemand anderem geändert/);
    expect(stale.body.current.counts.clients).toBe(70);
    expect((await getSubmission(s.id, api.store.db))!.counts.clients).toBe(70);
  });
});

describe('the county snapshot: aggregate, completeness, publication, corrections', () => {
  it("sums accepted figures only, names what is missing, and publishes only with the press office's confirmation", async () => {
    const agg = (await api.call('presse', 'GET', `/statistics/snapshots/${DATE}`)).body;
    // Accepted so far: Kornwestheim (caritas) and Ludwigsburg (drk).
    expect(agg.aggregate.totals.clients).toBe(120 + 300);
    expect(agg.aggregate.completeness).toMatchObject({ expected: 6, received: 2 });
    expect(agg.aggregate.completeness.missing.map((m: { municipality: string }) => m.municipality)).toEqual([
      'Besigheim',
      'Freiberg am Neckar',
      'Asperg',
      'Ludwigsburg',
    ]);

    const snap = agg.snapshot;
    const refused = await api.call('presse', 'POST', `/statistics/snapshots/${DATE}/transitions`, { action: 'publish', version: snap.version });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/Es fehlen noch Zahlen aus 4 von 6 erwarteten Meldungen/);
    expect(
      (
        await api.call('caritas-lead', 'POST', `/statistics/snapshots/${DATE}/transitions`, {
          action: 'publish',
          version: snap.version,
          acceptIncomplete: true,
        })
      ).status,
    ).toBe(403);

    let awo = (await api.call('awo-manager', 'GET', '/statistics/submissions/2025-12-31.awo.besigheim')).body;
    awo = (await act('awo-manager', awo, 'submit')).body;
    awo = (await act('awo-lead', awo, 'approve')).body;
    expect((await act('presse', awo, 'accept')).status).toBe(200);

    const published = await api.call('presse', 'POST', `/statistics/snapshots/${DATE}/transitions`, {
      action: 'publish',
      version: snap.version,
      acceptIncomplete: true,
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const p = published.body.publication;
    expect(p.figures.clients).toEqual({ count: 120 + 300 + 70, origin: 'sum', asOf: DATE });
    expect(p.figures.adults.origin).toBe('derived');
    expect(p.completeness.missing.map((m: { municipality: string }) => m.municipality)).toEqual(['Freiberg am Neckar', 'Asperg', 'Ludwigsburg']);
    expect(changes.at(-1)).toMatchObject({ kind: 'statistics', id: DATE, change: 'published' });
    const site = await publishedSnapshots(api.store.db);
    expect(site.map((s) => s.date)).toContain(DATE);
  });

  it('a correction after acceptance needs a reason, counts only once accepted, and republishing needs a public note', async () => {
    let s = (await api.call('caritas-manager', 'GET', '/statistics/submissions/2025-12-31.caritas.kornwestheim')).body;
    expect((await act('caritas-manager', s, 'correct', 'kurz')).status).toBe(422);
    s = (await act('caritas-manager', s, 'correct', 'Zwei Klienten doppelt gezählt (Umzug innerhalb der Stadt).')).body;
    expect(s).toMatchObject({ status: 'draft', revision: 2, correctionReason: expect.stringMatching(/doppelt/) });
    s = (await api.call('caritas-manager', 'PUT', `/statistics/submissions/${s.id}`, { version: s.version, counts: { ...COUNTS, clients: 118 } })).body;

    // The press office sees the accepted figures while the partner works on the correction.
    const pressView = (await api.call('presse', 'GET', `/statistics/submissions/${s.id}`)).body;
    expect(pressView.counts.clients).toBe(120);
    expect(pressView.correctionInProgress).toBe(true);
    expect(pressView.correctionReason).toBeUndefined();
    const during = (await api.call('presse', 'GET', `/statistics/snapshots/${DATE}`)).body;
    expect(during.aggregate.totals.clients).toBe(490);
    expect(during.aggregate.corrections).toHaveLength(1);

    s = (await act('caritas-manager', s, 'submit')).body;
    s = (await act('caritas-lead', s, 'approve')).body;
    s = (await act('presse', s, 'accept')).body;
    expect(s.accepted.map((a: { revision: number; counts: { clients: number }; reason?: string }) => [a.revision, a.counts.clients, a.reason ?? null])).toEqual(
      [
        [1, 120, null],
        [2, 118, 'Zwei Klienten doppelt gezählt (Umzug innerhalb der Stadt).'],
      ],
    );

    const snap = (await api.call('presse', 'GET', `/statistics/snapshots/${DATE}`)).body.snapshot;
    const noNote = await api.call('presse', 'POST', `/statistics/snapshots/${DATE}/transitions`, {
      action: 'publish',
      version: snap.version,
      acceptIncomplete: true,
    });
    expect(noNote.status).toBe(422);
    expect(noNote.body.detail).toMatch(/korrigiert am/);
    const res = await api.call('presse', 'POST', `/statistics/snapshots/${DATE}/transitions`, {
      action: 'publish',
      version: snap.version,
      acceptIncomplete: true,
      note: 'Die Zahl der Klientinnen und Klienten in Kornwestheim wurde berichtigt.',
    });
    expect(res.status).toBe(200);
    expect(res.body.publication).toMatchObject({ revision: 2, corrections: [{ note: expect.stringMatching(/berichtigt/) }] });
    expect(res.body.publication.figures.clients.count).toBe(488);
    expect(changes.at(-1)).toMatchObject({ kind: 'statistics', change: 'updated' });

    const again = await api.call('presse', 'POST', `/statistics/snapshots/${DATE}/transitions`, {
      action: 'publish',
      version: res.body.version,
      acceptIncomplete: true,
      note: 'Nichts geändert, nur ein Versuch.',
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('Seit der letzten Veröffentlichung hat sich an den Zahlen nichts geändert.');
    const stale = await api.call('presse', 'POST', `/statistics/snapshots/${DATE}/transitions`, { action: 'withdraw', version: snap.version });
    expect(stale.status).toBe(409);
  });

  it('a partner may discard a correction it started; the accepted figures stay', async () => {
    let s = (await api.call('drk-manager', 'GET', '/statistics/submissions/2025-12-31.drk.ludwigsburg')).body;
    s = (await act('drk-manager', s, 'correct', 'Prüfen, ob die Zahlen der Außenstelle enthalten sind.')).body;
    expect(s.actions).toContain('discard');
    s = (await act('drk-lead', s, 'discard')).body;
    expect(s).toMatchObject({ status: 'accepted', revision: 1 });
    expect(s.correctionReason).toBeUndefined();
  });
});
