import { type Actor, hasRole } from './actor.ts';
import type { Release } from './release.ts';
import { type PublicRelease, toPublicRelease } from './release-public.ts';
import { canReadRelease } from './release-workflow.ts';
import { type PublicPublication, type Snapshot, toPublicSnapshot } from './statistics-snapshot.ts';
import { type PublicStory, type Story, toPublicStory } from './story.ts';
import { canRead } from './workflow.ts';

/**
 * Who sees what of a story, a press release or a statistics snapshot. There are two
 * read models, and every route answers with one of them or with 404:
 *
 * - `full`: the record as kept (persons, consents, read-back, audit with staff names,
 *   workflow state) and everything hanging off it (versions, diffs, comments,
 *   withdrawal reports, exports), for the item's own partner, and for the press office
 *   and administrators once the partner has released it (`canRead`, `canReadRelease`);
 * - `public`: exactly what the public site shows of it (the site's own projection),
 *   for everyone else, and only while the site shows it.
 *
 * Otherwise the item does not exist for the caller: 404, so ids leak nothing. Statistics
 * submissions have no public side at all: `canReadSubmission` and `submissionFor`
 * (statistics-workflow.ts) give them to their partner and, once released, the press office.
 */
export type Seen<Full, Public> = { audience: 'full'; record: Full } | { audience: 'public'; record: Public };

/** What the site shows of a story: its own page (website), or its card in a press release (press). */
export function publicStory(story: Story, now: Date): PublicStory | undefined {
  return toPublicStory(story, now, 'website') ?? toPublicStory(story, now, 'press');
}

export function storyFor(actor: Actor, story: Story, now: Date): Seen<Story, PublicStory> | undefined {
  if (canRead(actor, story)) return { audience: 'full', record: story };
  const shown = publicStory(story, now);
  return shown && { audience: 'public', record: shown };
}

/** `stories`: the release's featured stories as stored, for the consent behind photos of people. */
export function releaseFor(actor: Actor, release: Release, now: Date, stories: ReadonlyMap<string, Story>): Seen<Release, PublicRelease> | undefined {
  if (canReadRelease(actor, release)) return { audience: 'full', record: release };
  const shown = toPublicRelease(release, now, stories);
  return shown && { audience: 'public', record: shown };
}

/**
 * A reporting date as partner staff see it: the call for figures (date, kind, status)
 * and, once published, the figures exactly as the site shows them. The press office's
 * work on it (audit, who opened and published it, a publication taken off the site)
 * stays with the press office and administrators.
 */
export type ReportingDate = Pick<Snapshot, 'date' | 'dateLabel' | 'status' | 'origin'> & { publication?: PublicPublication };

export function snapshotFor(actor: Actor, snapshot: Snapshot): Seen<Snapshot, ReportingDate> {
  if (hasRole(actor, 'press') || hasRole(actor, 'admin')) return { audience: 'full', record: snapshot };
  const { date, dateLabel, status, origin } = snapshot;
  const shown = toPublicSnapshot(snapshot);
  return { audience: 'public', record: { date, ...(dateLabel ? { dateLabel } : {}), status, origin, ...(shown ? { publication: shown.publication } : {}) } };
}
