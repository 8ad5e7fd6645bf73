import { ConflictError } from '@newsroom/domain/errors.ts';
import { dueChange } from '@newsroom/domain/release-workflow.ts';
import { dueEmbargoes, dueTakedowns, updateRelease } from '@newsroom/store/releases.ts';
import type { Ports } from './ports.ts';

/**
 * Embargo ends and scheduled takedowns due at `now`: two Queries for what is due
 * (scheduled releases by embargo, the sparse takedown index), one versioned write each.
 * Safe to repeat: a release already switched is no longer due.
 */
export async function runReleaseSchedule(p: Ports, now: Date): Promise<{ published: string[]; takenDown: string[] }> {
  const published: string[] = [];
  const takenDown: string[] = [];
  for (const release of [...(await dueEmbargoes(now, p.db)), ...(await dueTakedowns(now, p.db))]) {
    const audit = dueChange(release, now);
    if (!audit) continue;
    try {
      await updateRelease(release, { ...release, status: audit.to! }, audit, p.db);
    } catch (err) {
      if (err instanceof ConflictError) continue;
      throw err;
    }
    (audit.to === 'published' ? published : takenDown).push(release.id);
    await p.events.announce({ kind: 'release', id: release.id, change: audit.to === 'published' ? 'published' : 'unpublished', at: audit.at });
  }
  return { published, takenDown };
}
