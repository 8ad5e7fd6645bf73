import { clock } from '@newsroom/operations/ports.ts';
import { db } from '@newsroom/store/client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, startApi } from './harness.ts';

/**
 * The re-identification warnings of `GET /stories/{id}` compare a story with the latest
 * accepted statistics. Those change a few times a year, so an instance reads them once a
 * minute, not three queries per read, and at once again after figures change in its process.
 */
let api: Api;
let storyId: string;
const realNow = clock.now;

beforeAll(async () => {
  api = await startApi();
  const created = await api.call('caritas-manager', 'POST', '/stories', completeStory);
  expect(created.status).toBe(201);
  storyId = created.body.id;
});

afterAll(async () => {
  clock.now = realNow;
  await api?.close();
});

/** How many requests for statistics items (keys `STATS#…`) the functions send to the table while `run` runs. */
async function statisticsReads(run: () => Promise<unknown>): Promise<number> {
  let reads = 0;
  const name = 'count-statistics-reads';
  db().raw.middlewareStack.add(
    (next) => async (args) => {
      if (JSON.stringify(args.input).includes('STATS#')) reads++;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await run();
  } finally {
    db().raw.middlewareStack.remove(name);
  }
  return reads;
}

const readStory = async () => {
  const res = await api.call('caritas-manager', 'GET', `/stories/${storyId}`);
  expect(res.status).toBe(200);
  return res.body.reidentificationWarnings as string[];
};

describe('statistics context of GET /stories/{id}', () => {
  it('is read once for many reads within a minute, and again after it', async () => {
    expect(await statisticsReads(readStory)).toBeGreaterThan(0);
    expect(
      await statisticsReads(async () => {
        for (let i = 0; i < 5; i++) await readStory();
      }),
    ).toBe(0);
    const later = new Date(Date.now() + 61_000);
    clock.now = () => later;
    expect(await statisticsReads(readStory)).toBeGreaterThan(0);
    expect(await statisticsReads(readStory)).toBe(0);
  });

  it('figures accepted in the meantime show in the very next read', async () => {
    // Asperg with few clients: the person's employer in the story makes them easy to find there.
    expect(await readStory()).toEqual([]);
    const settings = (await api.call('admin', 'GET', '/statistics/settings')).body;
    expect(
      (await api.call('admin', 'PUT', '/statistics/settings', { version: settings.version, threshold: 3, assignment: { caritas: ['Asperg'] } })).status,
    ).toBe(200);
    expect((await api.call('presse', 'POST', '/statistics/snapshots', { date: '2025-06-30' })).status).toBe(201);
    const counts = { clients: 8, minors: 2, germanB1: 3, employed: 2, training: 1, ended: 2, rental: 1 };
    let sub = (await api.call('caritas-manager', 'POST', '/statistics/submissions', { date: '2025-06-30', municipality: 'Asperg', counts })).body;
    for (const [user, action] of [
      ['caritas-manager', 'submit'],
      ['caritas-lead', 'approve'],
      ['presse', 'accept'],
    ] as const) {
      const res = await api.call(user, 'POST', `/statistics/submissions/${sub.id}/transitions`, { action, version: sub.version });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      sub = res.body;
    }
    expect(
      await statisticsReads(async () => {
        expect(await readStory()).toEqual([expect.stringContaining('(Asperg, weniger als 12 Klientinnen und Klienten)')]);
      }),
    ).toBeGreaterThan(0);
    expect(await statisticsReads(readStory)).toBe(0);
  });
});
