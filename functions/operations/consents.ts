import type { Actor } from '@newsroom/domain/actor.ts';
import type { ConsentInput, WithdrawalInput } from '@newsroom/domain/consent.ts';
import { type ConsentDecision, recordConsent, withdrawConsent } from '@newsroom/domain/consent-actions.ts';
import { expectVersion, refuse } from '@newsroom/domain/errors.ts';
import { type Story, statusLabel } from '@newsroom/domain/story.ts';
import { type WithdrawalReport, withdrawalReport } from '@newsroom/domain/withdrawal-report.ts';
import { putWithdrawalReport } from '@newsroom/store/reports.ts';
import { updateStory } from '@newsroom/store/stories.ts';
import { eraseStory } from './erasure.ts';
import { notifyStoryEvent } from './notifications.ts';
import type { Ports } from './ports.ts';
import { detachStoryFromReleases } from './release-cascade.ts';
import { readableStory } from './stories.ts';

export interface ConsentOutcome {
  story: Story;
  withdrawalReport?: WithdrawalReport;
}

/**
 * Consent comes first: recording a consent that no longer covers a published story, or
 * a withdrawal, takes it off the site in the same write, then takes it out of every press
 * release that featured it (release-cascade.ts). A withdrawal leaves a report of where
 * the story went; withdrawing the consent to processing erases the story's data after
 * that report is kept.
 */
async function applyConsentDecision(p: Ports, actor: Actor, story: Story, version: number, decision: ConsentDecision): Promise<ConsentOutcome> {
  if (!decision.ok) refuse(decision);
  expectVersion('story', story, version);
  const saved = await updateStory(story, { expectedVersion: version, consent: decision.record, audit: decision.audit, status: decision.status }, p.db);
  const wentOffline = story.status === 'published' && saved.status !== 'published';
  if (wentOffline) {
    await p.events.announce({ kind: 'story', id: saved.id, change: saved.status === 'withdrawn' ? 'withdrawn' : 'unpublished', at: decision.audit.at });
  }
  if (saved.status !== 'withdrawn' && !wentOffline) return { story: saved };
  const now = p.clock.now();
  const reason = saved.status === 'withdrawn' ? 'Einwilligung widerrufen' : 'Einwilligung deckt die Veröffentlichung nicht mehr ab';
  const releases = await detachStoryFromReleases(p, saved, reason, now, { consentGone: true });
  const erased = decision.record.withdrawal?.scope === 'processing';
  if (wentOffline)
    await notifyStoryEvent(p, { action: 'withdrawal', story: saved }, { story: saved, status: statusLabel(saved.status), reason, erased }, actor.sub);
  if (saved.status !== 'withdrawn') return { story: saved };
  const report = withdrawalReport(saved, releases, now);
  await putWithdrawalReport(report, p.db);
  // Withdrawing the consent to processing erases the story data, after the report is kept.
  const final = erased ? await eraseStory(p, saved, 'processing-withdrawn', actor, now) : saved;
  return { story: final, withdrawalReport: report };
}

export interface ConsentChange {
  version: number;
  consent: ConsentInput;
  /** Required when the person already has a consent: the new version corrects it. */
  correctionReason?: string;
}

export async function recordStoryConsent(p: Ports, actor: Actor, id: string, { version, consent, correctionReason }: ConsentChange): Promise<ConsentOutcome> {
  const story = await readableStory(p, actor, id);
  return applyConsentDecision(p, actor, story, version, recordConsent(story, consent, actor, p.clock.now(), correctionReason));
}

export async function withdrawStoryConsent(
  p: Ports,
  actor: Actor,
  id: string,
  personId: string,
  { version, withdrawal }: { version: number; withdrawal: WithdrawalInput },
): Promise<ConsentOutcome> {
  const story = await readableStory(p, actor, id);
  return applyConsentDecision(p, actor, story, version, withdrawConsent(story, personId, withdrawal, actor, p.clock.now()));
}
