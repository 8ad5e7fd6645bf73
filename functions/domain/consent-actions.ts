import type { Actor } from './actor.ts';
import {
  type ConsentInput,
  type ConsentRecord,
  consentProblems,
  label,
  latestConsents,
  longGermanDay,
  personLabel,
  WITHDRAWAL_CHANNELS,
  type WithdrawalInput,
} from './consent.ts';
import { formVersionProblem } from './consent-templates.ts';
import { type AuditEntry, consentSubject, type Story, type StoryStatus } from './story.ts';
import { canRecordConsent } from './workflow.ts';

export type ConsentDecision =
  | { ok: true; record: ConsentRecord; audit: AuditEntry; status?: StoryStatus }
  | { ok: false; reason: 'forbidden' | 'invalid'; message: string };

const refuse = (reason: 'forbidden' | 'invalid', message: string) => ({ ok: false, reason, message }) as const;

/**
 * Records a consent as a new version for one person. A second version for the same
 * person is a correction and needs a reason. When the new version no longer covers a
 * published story, the story comes off the site in the same write.
 */
export function recordConsent(story: Story, input: ConsentInput, actor: Actor, now: Date, correctionReason?: string): ConsentDecision {
  const denied = canRecordConsent(actor, story);
  if (denied) return refuse('forbidden', denied);
  // A person the pending revision adds needs their consent before the revision can go forward.
  const person = [...story.persons, ...(story.revision?.persons ?? [])].find((p) => p.id === input.personId);
  if (!person)
    return refuse(
      'invalid',
      `${personLabel({ id: input.personId })} kommt in dieser Geschichte nicht vor. Bitte zuerst die Person in der Geschichte anlegen und speichern.`,
    );
  const unsigned = formVersionProblem(input.formVersion);
  if (unsigned) return refuse('invalid', unsigned);
  const previous = latestConsents(story.consents).get(input.personId);
  if (previous?.withdrawal)
    return refuse('invalid', `${personLabel(person)} hat die Einwilligung widerrufen. Eine neue Einwilligung braucht eine neue Geschichte.`);
  const reason = correctionReason?.trim();
  if (previous && !reason) return refuse('invalid', `Für ${personLabel(person)} liegt schon eine Einwilligung vor. Bitte den Grund der Korrektur angeben.`);

  const at = now.toISOString();
  const record: ConsentRecord = {
    ...input,
    version: (previous?.version ?? 0) + 1,
    recordedAt: at,
    recordedBy: actor.sub,
    recordedByName: actor.name,
    ...(reason ? { correctionReason: reason } : {}),
  };
  const after = { ...story, consents: [...story.consents, record] };
  const takeDown = story.status === 'published' && consentProblems(consentSubject(after), now).length > 0;
  return {
    ok: true,
    record,
    status: takeDown ? 'unpublished' : undefined,
    audit: {
      at,
      by: actor.sub,
      byName: actor.name,
      action: previous ? 'consent-corrected' : 'consent-recorded',
      comment: `${personLabel(person)}, Version ${record.version}, gültig bis ${longGermanDay(record.validUntil)}${reason ? `; Grund: ${reason}` : ''}${takeDown ? '; deckt die Veröffentlichung nicht mehr ab, Geschichte von der Website genommen' : ''}`,
      ...(takeDown ? { from: story.status, to: 'unpublished' as const } : {}),
    },
  };
}

/**
 * A withdrawal is a new version of the person's consent carrying the withdrawal; the
 * story moves to `withdrawn` in the same write, wherever it was in the workflow.
 */
export function withdrawConsent(story: Story, personId: string, input: WithdrawalInput, actor: Actor, now: Date): ConsentDecision {
  const denied = canRecordConsent(actor, story);
  if (denied) return refuse('forbidden', denied);
  const previous = latestConsents(story.consents).get(personId);
  if (!previous) return refuse('invalid', `Für ${personLabel({ id: personId })} liegt keine Einwilligung vor, die widerrufen werden könnte.`);
  const at = now.toISOString();
  const record: ConsentRecord = {
    ...previous,
    version: previous.version + 1,
    recordedAt: at,
    recordedBy: actor.sub,
    recordedByName: actor.name,
    withdrawal: input,
  };
  delete record.correctionReason;
  return {
    ok: true,
    record,
    status: 'withdrawn',
    audit: {
      at,
      by: actor.sub,
      byName: actor.name,
      action: 'consent-withdrawn',
      from: story.status,
      to: 'withdrawn',
      comment: `${personLabel({ id: personId })} hat am ${longGermanDay(input.date)} die Einwilligung in die ${input.scope === 'processing' ? 'Verarbeitung und Veröffentlichung' : 'Veröffentlichung'} widerrufen (${label(WITHDRAWAL_CHANNELS, input.receivedVia)})${input.note ? `: ${input.note}` : ''}`,
    },
  };
}

/**
 * The scheduler's decision for a published story on day `now`: take it down when a
 * consent no longer covers it (expired, or anything else the rule finds).
 */
export function expiryTakedown(story: Story, now: Date): AuditEntry | undefined {
  if (story.status !== 'published') return undefined;
  const problems = consentProblems(consentSubject(story), now);
  if (problems.length === 0) return undefined;
  return {
    at: now.toISOString(),
    by: 'system',
    byName: 'Automatische Prüfung',
    action: 'consent-expired',
    from: 'published',
    to: 'unpublished',
    comment: problems.join(' '),
  };
}
