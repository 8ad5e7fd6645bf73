import * as z from 'zod/mini';
import { type Actor, hasRole } from './actor.ts';
import { Municipality } from './municipalities.ts';
import { PartnerId } from './partners.ts';
import { type StatsAuditEntry as AuditEntry, COUNT_KEYS, type CountKey, Counts, PartialCounts, StatsAuditEntry } from './statistics.ts';

/**
 * A statistics submission: one partner's counts for one municipality on one reporting
 * date, and its way through the four-eyes workflow:
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──accept──▶ accepted
 *     ▲                  │                      │                    │
 *     └──(edit)── returned ◀──────return────────┘                    │
 *     ▲                                                              │
 *     └────────────── correct (with reason, revision + 1) ◀──────────┘
 *   discard: a correction in draft or returned goes back to the accepted figures.
 *
 * The accepted figures of each revision are kept (`accepted`); the county aggregate
 * always uses the latest accepted revision, so a correction in progress changes
 * nothing until the press office accepts it.
 */

export const SUBMISSION_STATUSES = [
  { id: 'draft', label: 'Entwurf' },
  { id: 'submitted', label: 'Eingereicht, wartet auf Freigabe' },
  { id: 'returned', label: 'Zurückgegeben' },
  { id: 'approved', label: 'Vom Träger freigegeben' },
  { id: 'accepted', label: 'Von der Pressestelle angenommen' },
] as const;

export const SubmissionStatus = z.enum(['draft', 'submitted', 'returned', 'approved', 'accepted'], { error: 'Unbekannter Status.' });
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

export function submissionStatusLabel(s: SubmissionStatus): string {
  return SUBMISSION_STATUSES.find((x) => x.id === s)!.label;
}

export const SubmissionAction = z.enum(['submit', 'approve', 'return', 'accept', 'correct', 'discard'], { error: 'Unbekannte Aktion.' });
export type SubmissionAction = z.infer<typeof SubmissionAction>;

export const SUBMISSION_ACTION_LABELS: Record<SubmissionAction, string> = {
  submit: 'Zur Freigabe einreichen',
  approve: 'Freigeben (Träger)',
  return: 'Zurückgeben',
  accept: 'Annehmen (Pressestelle)',
  correct: 'Korrektur beginnen',
  discard: 'Korrektur verwerfen',
};

/** Stored counts: read leniently (the rules were checked when they were written). */
const StoredCounts = z.object(
  Object.fromEntries(COUNT_KEYS.map((k) => [k, z.optional(z.number().check(z.int(), z.gte(0)))])) as { [K in CountKey]: z.ZodMiniOptional<z.ZodMiniNumber> },
);

/** The figures as the press office accepted them, one entry per revision. */
export const AcceptedRevision = z.object({
  revision: z.number().check(z.int(), z.positive()),
  counts: z.object(Object.fromEntries(COUNT_KEYS.map((k) => [k, z.number().check(z.int(), z.gte(0))])) as { [K in CountKey]: z.ZodMiniNumber }),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  /** Why the figures of the previous revision were corrected (absent for revision 1). */
  reason: z.optional(z.string()),
});
export type AcceptedRevision = z.infer<typeof AcceptedRevision>;

export const Submission = z.object({
  id: z.string(),
  date: z.string(),
  partner: PartnerId,
  municipality: Municipality,
  status: SubmissionStatus,
  counts: StoredCounts,
  /** 1 for the first figures, +1 for each correction after acceptance. */
  revision: z.number().check(z.int(), z.positive()),
  /** While a correction is in progress: why. */
  correctionReason: z.optional(z.string()),
  /** The author's reasons for figures flagged against the previous reporting date (statistics-plausibility.ts). */
  reasons: z.optional(z.partialRecord(z.enum(COUNT_KEYS), z.string())),
  returnComment: z.optional(z.string()),
  accepted: z.array(AcceptedRevision),
  version: z.number().check(z.int(), z.positive()),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
  createdByName: z.string(),
  /** Demo data written by the local seed, never real figures. */
  demo: z.optional(z.boolean()),
  audit: z.array(StatsAuditEntry),
});
export type Submission = z.infer<typeof Submission>;

export const latestAccepted = (s: Pick<Submission, 'accepted'>): AcceptedRevision | undefined => s.accepted.at(-1);

/** A correction is under way: the partner works on revision n+1 while revision n counts. */
export const inCorrection = (s: Pick<Submission, 'accepted' | 'status'>) => s.accepted.length > 0 && s.status !== 'accepted';

const isMember = (actor: Actor, s: Pick<Submission, 'partner'>) => actor.partner === s.partner;
const isPartnerStaff = (actor: Actor, s: Pick<Submission, 'partner'>) => isMember(actor, s) && (hasRole(actor, 'manager') || hasRole(actor, 'partner-lead'));

/** Everyone who entered or submitted the figures of the current revision. */
export function figureAuthors(s: Pick<Submission, 'audit'>): Set<string> {
  let start = 0;
  s.audit.forEach((e, i) => {
    if (e.action === 'create' || e.action === 'correct') start = i;
  });
  return new Set(
    s.audit
      .slice(start)
      .filter((e) => ['create', 'edit', 'submit', 'correct'].includes(e.action))
      .map((e) => e.by),
  );
}

const notOwnFigures = (actor: Actor, s: Submission) =>
  figureAuthors(s).has(actor.sub) ? 'Vier-Augen-Prinzip: Sie haben diese Zahlen selbst erfasst oder eingereicht und können sie nicht freigeben.' : undefined;

/** Complete and consistent counts: the gate for submit, approve and accept. */
export function completeGate(s: Pick<Submission, 'counts'>): string[] {
  const r = Counts.safeParse(s.counts);
  if (r.success) return [];
  // Missing fields stop the complete schema early; the rules between the present ones still count.
  const partial = PartialCounts.safeParse(s.counts);
  return [...new Set([...r.error.issues, ...(partial.success ? [] : partial.error.issues)].map((i) => i.message))];
}

interface Transition {
  from: readonly SubmissionStatus[];
  allowed: (actor: Actor, s: Submission) => string | undefined;
  /** A comment is required (return: what to change; correct: why). */
  needs?: 'comment' | 'reason';
  gated?: boolean;
  when?: (s: Submission) => string | undefined;
}

const pressOffice = (actor: Actor) => (hasRole(actor, 'press') ? undefined : 'Nur die Pressestelle des Landratsamts darf Meldungen annehmen.');

export const SUBMISSION_TRANSITIONS: Record<SubmissionAction, Transition> = {
  submit: {
    from: ['draft', 'returned'],
    allowed: (a, s) => (isPartnerStaff(a, s) ? undefined : 'Nur Mitarbeitende des eigenen Trägers können diese Meldung einreichen.'),
    gated: true,
  },
  approve: {
    from: ['submitted'],
    allowed: (a, s) =>
      isMember(a, s) && hasRole(a, 'partner-lead') ? notOwnFigures(a, s) : 'Nur die Partnerleitung des eigenen Trägers darf diese Meldung freigeben.',
    gated: true,
  },
  return: {
    from: ['submitted', 'approved'],
    allowed: (a, s) =>
      s.status === 'submitted'
        ? isMember(a, s) && hasRole(a, 'partner-lead')
          ? undefined
          : 'Nur die Partnerleitung des eigenen Trägers darf diese Meldung zurückgeben.'
        : pressOffice(a) && 'Nur die Pressestelle darf eine freigegebene Meldung zurückgeben.',
    needs: 'comment',
  },
  accept: {
    from: ['approved'],
    allowed: (a, s) => pressOffice(a) ?? notOwnFigures(a, s),
    gated: true,
  },
  correct: {
    from: ['accepted'],
    allowed: (a, s) => (isPartnerStaff(a, s) ? undefined : 'Nur Mitarbeitende des eigenen Trägers können eine Korrektur beginnen.'),
    needs: 'reason',
  },
  discard: {
    from: ['draft', 'returned'],
    allowed: (a, s) => (isPartnerStaff(a, s) ? undefined : 'Nur Mitarbeitende des eigenen Trägers können eine Korrektur verwerfen.'),
    when: (s) => (s.accepted.length > 0 ? undefined : 'Nur eine Korrektur kann verworfen werden; ein erster Entwurf bleibt bis zum Einreichen bestehen.'),
  },
};

export type SubmissionDecision =
  | { ok: true; next: Submission; audit: AuditEntry }
  | { ok: false; reason: 'forbidden' | 'state' | 'comment' | 'gate'; message: string; problems: string[] };

/**
 * Decides a transition and computes the next state (the version is the store's).
 * Pure: the caller persists `next` in one conditional write.
 */
export function decideSubmission(s: Submission, action: SubmissionAction, actor: Actor, ctx: { now: Date; comment?: string }): SubmissionDecision {
  const t = SUBMISSION_TRANSITIONS[action];
  const refuse = (reason: Exclude<SubmissionDecision, { ok: true }>['reason'], message: string, problems: string[] = []) =>
    ({ ok: false, reason, message, problems }) as const;
  if (!t.from.includes(s.status) || t.when?.(s)) {
    return refuse('state', t.when?.(s) ?? `„${SUBMISSION_ACTION_LABELS[action]}“ ist im Status „${submissionStatusLabel(s.status)}“ nicht möglich.`);
  }
  const denied = t.allowed(actor, s);
  if (denied) return refuse('forbidden', denied);
  const comment = ctx.comment?.trim();
  if (t.needs === 'comment' && !comment) return refuse('comment', 'Bitte einen Kommentar angeben, damit der Träger weiß, was zu ändern ist.');
  if (t.needs === 'reason' && (!comment || comment.length < 10))
    return refuse('comment', 'Bitte den Grund der Korrektur in mindestens 10 Zeichen angeben; er wird mit den korrigierten Zahlen gespeichert.');
  if (t.gated) {
    const problems = completeGate(s);
    if (problems.length)
      return refuse('gate', `„${SUBMISSION_ACTION_LABELS[action]}“ ist noch nicht möglich: Die Zahlen sind unvollständig oder widersprüchlich.`, problems);
  }

  const at = ctx.now.toISOString();
  let next: Submission = { ...s, updatedAt: at };
  switch (action) {
    case 'submit':
      next = { ...next, status: 'submitted' };
      delete next.returnComment;
      break;
    case 'approve':
      next = { ...next, status: 'approved' };
      break;
    case 'return':
      next = { ...next, status: 'returned', returnComment: comment! };
      break;
    case 'accept': {
      const entry: AcceptedRevision = {
        revision: s.revision,
        counts: Counts.parse(s.counts),
        at,
        by: actor.sub,
        byName: actor.name,
        ...(s.correctionReason ? { reason: s.correctionReason } : {}),
      };
      next = { ...next, status: 'accepted', accepted: [...s.accepted, entry] };
      delete next.correctionReason;
      delete next.returnComment;
      break;
    }
    case 'correct':
      next = { ...next, status: 'draft', revision: s.revision + 1, correctionReason: comment! };
      break;
    case 'discard': {
      const last = latestAccepted(s)!;
      next = { ...next, status: 'accepted', revision: last.revision, counts: { ...last.counts } };
      delete next.correctionReason;
      delete next.returnComment;
      break;
    }
  }
  const audit: AuditEntry = { at, by: actor.sub, byName: actor.name, action, from: s.status, to: next.status, ...(comment ? { comment } : {}) };
  next.audit = [...s.audit, audit];
  return { ok: true, next, audit };
}

/** Actions the actor could take now (the editor shows exactly these buttons). */
export function submissionActions(s: Submission, actor: Actor): SubmissionAction[] {
  return SubmissionAction.options.filter((a) => {
    const t = SUBMISSION_TRANSITIONS[a];
    return t.from.includes(s.status) && !t.when?.(s) && !t.allowed(actor, s);
  });
}

/**
 * Who may see a submission. The own partner sees everything; the press office and
 * administrators see it once the partner has released it (approved) or accepted
 * figures exist. Other partners never see it.
 */
export function canReadSubmission(actor: Actor, s: Submission): boolean {
  if (isMember(actor, s)) return true;
  if (hasRole(actor, 'press') || hasRole(actor, 'admin')) return s.status === 'approved' || s.status === 'accepted' || s.accepted.length > 0;
  return false;
}

/**
 * What a reader outside the partner sees while the partner works on a correction: the
 * accepted figures and trail up to the last acceptance, not the work in progress.
 */
export function submissionFor(actor: Actor, s: Submission): Submission & { correctionInProgress?: boolean } {
  if (isMember(actor, s) || !inCorrection(s) || s.status === 'approved') return s;
  const last = latestAccepted(s)!;
  const lastAccept = s.audit.findLastIndex((e) => e.action === 'accept');
  const { correctionReason: _r, returnComment: _c, ...rest } = s;
  return { ...rest, counts: { ...last.counts }, revision: last.revision, audit: s.audit.slice(0, lastAccept + 1), correctionInProgress: true };
}

export function canEditSubmission(actor: Actor, s: Submission): string | undefined {
  if (isPartnerStaff(actor, s) && ['draft', 'returned'].includes(s.status)) return undefined;
  if (isMember(actor, s)) return `Im Status „${submissionStatusLabel(s.status)}“ können die Zahlen nicht geändert werden.`;
  return 'Sie dürfen diese Meldung nicht bearbeiten.';
}

export function canCreateSubmission(actor: Actor): string | undefined {
  return hasRole(actor, 'manager') || hasRole(actor, 'partner-lead')
    ? undefined
    : 'Meldungen erfassen die Integrationsmanagerinnen und -manager und die Partnerleitungen der Träger.';
}

/** Counts to store: the draft's fields, without empty ones. */
export function cleanCounts(c: PartialCounts): PartialCounts {
  return Object.fromEntries(COUNT_KEYS.filter((k) => c[k] !== undefined).map((k) => [k, c[k]])) as PartialCounts;
}
