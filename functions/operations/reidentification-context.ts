import type { Municipality } from '../domain/municipalities.ts';
import type { ReidentificationContext } from '../domain/reidentification.ts';
import { allSnapshots, getSettings, submissionsOfDate } from '../store/statistics.ts';
import type { Ports } from './ports.ts';

/**
 * The clients per municipality from the latest reporting date with accepted figures,
 * and the suppression threshold: what the re-identification warnings compare with.
 */
export async function reidentificationContext(p: Ports): Promise<ReidentificationContext> {
  const [snapshots, settings] = await Promise.all([allSnapshots(p.db), getSettings(p.db)]);
  const latest = snapshots.map((s) => s.date).sort().at(-1);
  const clientsIn = new Map<Municipality, number>();
  if (latest) {
    for (const s of await submissionsOfDate(latest, 'accepted', p.db)) {
      clientsIn.set(s.municipality, (clientsIn.get(s.municipality) ?? 0) + (s.counts.clients ?? 0));
    }
  }
  return { clientsIn, threshold: settings.threshold };
}
