import { type Actor, hasRole } from '@newsroom/domain/actor.ts';
import type { ReleaseView } from '@newsroom/domain/api/releases.ts';
import type { ReportingDateView, SnapshotView, SubmissionView } from '@newsroom/domain/api/statistics.ts';
import type { StoryView } from '@newsroom/domain/api/stories.ts';
import { snapshotFor } from '@newsroom/domain/audience.ts';
import { consentProblems, consentStatus, earliestExpiry } from '@newsroom/domain/consent.ts';
import { readBackProblems } from '@newsroom/domain/read-back.ts';
import type { Release } from '@newsroom/domain/release.ts';
import { availableReleaseActions } from '@newsroom/domain/release-workflow.ts';
import type { Snapshot, SnapshotAction } from '@newsroom/domain/statistics-snapshot.ts';
import { type Submission, submissionActions, submissionFor } from '@newsroom/domain/statistics-workflow.ts';
import { consentSubject, type Story } from '@newsroom/domain/story.ts';
import { availableActions } from '@newsroom/domain/workflow.ts';
import { clock } from '@newsroom/runtime/clock.ts';

/**
 * The records as the editor receives them, with what this actor may do now: one definition
 * for every function that answers with them (a single route, and the aggregated overview).
 */

/** The full story, with its consent status at a glance (with the reasons when it does not cover the story). */
export const storyView = (story: Story, actor: Actor): StoryView => {
  const now = clock.now();
  const subject = consentSubject(story);
  return {
    audience: 'full' as const,
    ...story,
    actions: availableActions(story, actor),
    consentStatus: consentStatus(subject, now),
    consentProblems: consentProblems(subject, now),
    consentExpires: earliestExpiry(story.consents),
    readBackProblems: readBackProblems(story),
  };
};

export const releaseView = (r: Release, actor: Actor): ReleaseView => ({ audience: 'full' as const, ...r, actions: availableReleaseActions(r, actor) });

export const submissionView = (s: Submission, actor: Actor): SubmissionView => ({ ...submissionFor(actor, s), actions: submissionActions(s, actor) });

function snapshotActions(s: Snapshot, actor: Actor): SnapshotAction[] {
  if (!hasRole(actor, 'press')) return [];
  if (s.status === 'published') return s.origin === 'submissions' ? ['publish', 'withdraw'] : ['withdraw'];
  if (s.origin !== 'submissions') return s.publication ? ['publish'] : [];
  return ['publish'];
}

/** A snapshot as this actor may see it (audience.ts), with what they may do with it. */
export const snapshotView = (s: Snapshot, actor: Actor): SnapshotView | ReportingDateView => ({
  ...snapshotFor(actor, s).record,
  actions: snapshotActions(s, actor),
});
