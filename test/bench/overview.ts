import { seedDemoData } from '@newsroom/infra-local/seed.ts';
import { startApi } from '../integration/harness.ts';
import { percentile, round } from './results.ts';

/** One person per kind of overview. */
const USERS = ['caritas-manager', 'caritas-lead', 'presse', 'admin'];

/**
 * The overview after sign-in on the local gateway with the demo data: GET /overview, one
 * request at a time per person (as one editor waits for its screen), `rounds` times each.
 * Beside it, for comparison, the same content the way the editor loaded it before: every
 * part from its own route, all at once, timed until the last answer.
 */
export async function overviewBench(rounds = 60) {
  const api = await startApi();
  try {
    await seedDemoData(api.store.db);
    const time = async (f: () => Promise<unknown>) => {
      const t = performance.now();
      await f();
      return performance.now() - t;
    };
    const ok = async (user: string, path: string) => {
      const res = await api.call(user, 'GET', path);
      if (res.status !== 200) throw new Error(`${user} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const rows = [];
    for (const user of USERS) {
      const first = await ok(user, '/overview');
      const separate = separatePaths(first);
      for (let i = 0; i < 3; i++) await ok(user, '/overview');
      const one: number[] = [];
      const many: number[] = [];
      for (let i = 0; i < rounds; i++) {
        one.push(await time(() => ok(user, '/overview')));
        many.push(await time(() => Promise.all(separate.map((path) => ok(user, path)))));
      }
      one.sort((a, b) => a - b);
      many.sort((a, b) => a - b);
      rows.push({
        user,
        rounds,
        bytes: JSON.stringify(first).length,
        overview: { requests: 1, p50Ms: round(percentile(one, 50)), p95Ms: round(percentile(one, 95)) },
        separateRoutes: { requests: separate.length, p50Ms: round(percentile(many, 50)), p95Ms: round(percentile(many, 95)) },
      });
    }
    const all = rows.flatMap((r) => [r.overview.p95Ms]);
    return {
      method:
        'local API gateway with JWT check + handlers in process + dynalite in memory (as npm start, without the publisher), demo data of content/seed; ' +
        'per person: 3 warm-up requests, then GET /overview sequentially; separateRoutes: the routes the editor called before, in parallel, until the last answer',
      goalMs: 300,
      withinGoal: all.every((ms) => ms < 300),
      rows,
    };
  } finally {
    await api.close();
  }
}

/** The routes that give the same parts (test/integration/overview.test.ts checks they are equal). */
function separatePaths(o: { stories: Record<string, unknown>; expiring?: unknown; releases?: unknown; notices?: unknown; statistics?: any; admin?: any }) {
  const paths = Object.keys(o.stories).map((key) => {
    const [scope, ...rest] = key.split(':');
    return `/stories?${rest.length === 2 ? `revision=${rest[1]}` : `status=${rest[0]}`}&scope=${scope}&limit=25`;
  });
  if (o.expiring) paths.push('/consents/expiring');
  if (o.releases) paths.push('/releases?status=proposed&limit=100', '/releases?status=scheduled&limit=100');
  if (o.notices) paths.push('/notices');
  if (o.statistics) paths.push('/statistics/snapshots', ...(o.statistics.latest ? [`/statistics/snapshots/${o.statistics.latest.snapshot.date}`] : []));
  if (o.admin) paths.push('/users', '/statistics/settings', `/audit?month=${o.admin.audit.month}`);
  return paths;
}
