import { dueChange } from '../domain/release-workflow.ts';
import { announce } from '../events/announce.ts';
import { dueEmbargoes, dueTakedowns, updateRelease } from '../store/releases.ts';
import { ConflictError } from '../domain/errors.ts';

/**
 * Embargo ends and scheduled takedowns due at `now`: two Queries for what is due
 * (scheduled releases by embargo, the sparse takedown index), one versioned write each.
 * Safe to repeat: a release already switched is no longer due.
 */
export async function runReleaseSchedule(now: Date): Promise<{ published: string[]; takenDown: string[] }> {
  const published: string[] = [];
  const takenDown: string[] = [];
  for (const release of [...await dueEmbargoes(now), ...await dueTakedowns(now)]) {
    const audit = dueChange(release, now);
    if (!audit) continue;
    try {
      await updateRelease(release, { ...release, status: audit.to! }, audit);
    } catch (err) {
      if (err instanceof ConflictError) continue;
      throw err;
    }
    (audit.to === 'published' ? published : takenDown).push(release.id);
    await announce({ kind: 'release', id: release.id, change: audit.to === 'published' ? 'published' : 'unpublished', at: audit.at });
  }
  return { published, takenDown };
}
