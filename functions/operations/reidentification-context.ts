import type { Municipality } from '@newsroom/domain/municipalities.ts';
import type { ReidentificationContext } from '@newsroom/domain/reidentification.ts';
import type { Db } from '@newsroom/store/client.ts';
import { allSnapshots, getSettings, statisticsWrites, submissionsOfDate } from '@newsroom/store/statistics.ts';
import type { Ports } from './ports.ts';

/**
 * How long an instance reuses the context. The figures change a few times a year and the
 * threshold rarely: after such a change in another instance a warning lags this much at
 * most, while an instance serving many reads asks the table once a minute instead of
 * three times per read.
 */
export const CONTEXT_TTL_MS = 60_000;

const cached = new WeakMap<Db, { at: number; writes: number; context: Promise<ReidentificationContext> }>();

/**
 * The clients per municipality from the latest reporting date with accepted figures,
 * and the suppression threshold: what the re-identification warnings compare with.
 * Read once per table and instance for `CONTEXT_TTL_MS`, and again at once after a
 * statistics write in this process (locally every function runs in one).
 */
export function reidentificationContext(p: Ports): Promise<ReidentificationContext> {
  const now = p.clock.now().getTime();
  const writes = statisticsWrites();
  const hit = cached.get(p.db);
  if (hit && hit.writes === writes && now >= hit.at && now - hit.at < CONTEXT_TTL_MS) return hit.context;
  const context = load(p.db);
  cached.set(p.db, { at: now, writes, context });
  // A failed read is not kept: the next request reads again.
  context.catch(() => {
    if (cached.get(p.db)?.context === context) cached.delete(p.db);
  });
  return context;
}

async function load(d: Db): Promise<ReidentificationContext> {
  const [snapshots, settings] = await Promise.all([allSnapshots(d), getSettings(d)]);
  const latest = snapshots
    .map((s) => s.date)
    .sort()
    .at(-1);
  const clientsIn = new Map<Municipality, number>();
  if (latest) {
    for (const s of await submissionsOfDate(latest, 'accepted', d)) {
      clientsIn.set(s.municipality, (clientsIn.get(s.municipality) ?? 0) + (s.counts.clients ?? 0));
    }
  }
  return { clientsIn, threshold: settings.threshold };
}
