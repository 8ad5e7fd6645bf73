import * as z from 'zod/mini';
import { type Actor, hasRole } from './actor.ts';
import { consentProblems } from './consent.ts';
import { readBackProblems } from './read-back.ts';
import {
  type AuditEntry,
  consentSubject,
  revisionSubject,
  type Story,
  StoryInput,
  type StoryStatus,
  statusLabel as statusLabelOf,
  textInWork,
} from './story.ts';
import { describeFinding, findPersonalData } from './text-checks.ts';

/**
 * The story workflow as an explicit state machine.
 *
 *   draft ──submit──▶ submitted ──approve──▶ partner-approved ──press-approve──▶ press-approved ──publish──▶ published
 *     ▲                  │                        │                                  │                       │
 *     └──(edit)── returned ◀──────return──────────┴──────────────────────────────────┘              unpublish│
 *                                                                                   unpublished ◀────────────┘
 *                                                                                        └──publish (again)──▶ published
 *
 * Each transition names who may take it (`allowed`) and which gates must pass.
 * Gates are pure checks on the story and the facts the caller loaded (`GateContext`);
 * the consent gate plugs in here for submit, approvals and publication.
 *
 * A change to a story that has been public is a revision (`story.revision`): it runs
 * through the same states from draft to press-approved while the story stays as it is,
 * and its publication replaces the published text. Nobody approves a text they wrote,
 * submitted or changed last.
 */
export const StoryAction = z.enum(['submit', 'approve', 'press-approve', 'return', 'publish', 'unpublish'], {
  error: 'Unbekannte Aktion.',
});
export type StoryAction = z.infer<typeof StoryAction>;

export const ACTION_LABELS: Record<StoryAction, string> = {
  submit: 'Zur Freigabe einreichen',
  approve: 'Freigeben (Träger)',
  'press-approve': 'Freigeben (Pressestelle)',
  return: 'Zurückgeben',
  publish: 'Veröffentlichen',
  unpublish: 'Von der Website nehmen',
};

export interface GateContext {
  now: Date;
  /** The author confirmed the contact data or addresses the text check found. */
  confirmTextFindings?: boolean;
}

/** A gate returns the German problems that block the transition; empty means pass. */
export type Gate = (story: Story, ctx: GateContext) => string[];

interface Transition {
  from: readonly StoryStatus[];
  to: StoryStatus;
  /** Returns a German refusal, or undefined when the actor may take this transition. */
  allowed: (actor: Actor, story: Story) => string | undefined;
  needsComment?: boolean;
  gates: readonly Gate[];
}

const isMember = (actor: Actor, story: Story) => actor.partner === story.partner;

/** Content completeness: a story leaves draft only with every required field valid. */
export const contentGate: Gate = (story) => {
  const result = StoryInput.safeParse(story);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

/** Every person has a valid consent covering every declared channel, naming, photo and detail. */
export const consentGate: Gate = (story, ctx) => consentProblems(consentSubject(story), ctx.now);

/** Contact data or an address in the text blocks submission until fixed or confirmed. */
export const textGate: Gate = (story, ctx) =>
  ctx.confirmTextFindings ? [] : findPersonalData({ title: story.title, teaser: story.teaser, body: story.body }).map(describeFinding);

/** The people in the story confirmed exactly this text (read-back approval). */
export const readBackGate: Gate = (story) => readBackProblems(story);

/** Publishing means the website; a story not meant for it cannot be published there. */
export const websiteGate: Gate = (story) =>
  story.channels.includes('website') ? [] : ['Die Geschichte ist nicht für den Kanal „Website“ vorgesehen und kann dort nicht veröffentlicht werden.'];

const partnerMember = (actor: Actor, story: Story) =>
  isMember(actor, story) && (hasRole(actor, 'manager') || hasRole(actor, 'partner-lead'))
    ? undefined
    : 'Nur Mitarbeitende des eigenen Trägers können diese Geschichte einreichen.';

const notOwnWork = (actor: Actor, story: Story) => {
  if (actor.sub === story.authorId || actor.sub === (story.submittedBy ?? lastActor(story, 'submit'))) {
    return 'Vier-Augen-Prinzip: Sie können Ihre eigene Geschichte nicht freigeben.';
  }
  if (actor.sub === story.lastEditorId) return 'Vier-Augen-Prinzip: Wer den Text zuletzt geändert hat, kann ihn nicht freigeben.';
  return undefined;
};

const pressOffice = (actor: Actor) => (hasRole(actor, 'press') ? undefined : 'Nur die Pressestelle des Landratsamts darf das.');

export const TRANSITIONS: Record<StoryAction, Transition> = {
  submit: {
    from: ['draft', 'returned'],
    to: 'submitted',
    allowed: partnerMember,
    gates: [contentGate, consentGate, textGate],
  },
  approve: {
    from: ['submitted'],
    to: 'partner-approved',
    allowed: (actor, story) =>
      isMember(actor, story) && hasRole(actor, 'partner-lead')
        ? notOwnWork(actor, story)
        : 'Nur die Partnerleitung des eigenen Trägers darf diese Geschichte freigeben.',
    gates: [contentGate, consentGate, readBackGate],
  },
  'press-approve': {
    from: ['partner-approved'],
    to: 'press-approved',
    allowed: (actor, story) => pressOffice(actor) ?? notOwnWork(actor, story),
    gates: [contentGate, consentGate, readBackGate],
  },
  return: {
    from: ['submitted', 'partner-approved', 'press-approved'],
    to: 'returned',
    allowed: (actor, story) => {
      if (story.status === 'submitted') {
        return isMember(actor, story) && hasRole(actor, 'partner-lead')
          ? undefined
          : 'Nur die Partnerleitung des eigenen Trägers darf diese Geschichte zurückgeben.';
      }
      return pressOffice(actor);
    },
    needsComment: true,
    gates: [],
  },
  publish: {
    from: ['press-approved', 'unpublished'],
    to: 'published',
    allowed: pressOffice,
    gates: [contentGate, websiteGate, consentGate, readBackGate],
  },
  unpublish: {
    from: ['published'],
    to: 'unpublished',
    allowed: pressOffice,
    gates: [],
  },
};

function lastActor(story: Story, action: string): string | undefined {
  return story.audit.findLast((e) => e.action === action)?.by;
}

/** Which text an action works on: the story itself, or its pending revision. */
export type WorkflowTarget = 'story' | 'revision';

/**
 * While a revision is pending, the workflow steps are the revision's. Taking the story
 * off the site stays the story's, and so does putting a taken-down story back online
 * with its published text while the revision is not yet approved by the press office.
 */
export function workflowTarget(story: Story, action: StoryAction): WorkflowTarget {
  if (!story.revision || action === 'unpublish') return 'story';
  if (action === 'publish' && story.status === 'unpublished' && story.revision.status !== 'press-approved') return 'story';
  return 'revision';
}

const subjectOf = (story: Story, target: WorkflowTarget) => (target === 'revision' ? revisionSubject(story)! : story);

export type Decision =
  | { ok: true; to: StoryStatus; audit: AuditEntry; target: WorkflowTarget }
  | { ok: false; reason: 'forbidden' | 'state' | 'comment' | 'gate'; message: string; problems: string[] };

/**
 * Decides a transition. Pure: the caller persists the result in one conditional write.
 * A step of a revision is recorded as `revision-<action>`; only its publication changes
 * the story's own status, so only that entry carries a change of status.
 */
export function decide(story: Story, action: StoryAction, actor: Actor, ctx: GateContext & { comment?: string }): Decision {
  const t = TRANSITIONS[action];
  const target = workflowTarget(story, action);
  const subject = subjectOf(story, target);
  const refuse = (reason: Exclude<Decision, { ok: true }>['reason'], message: string, problems: string[] = []) =>
    ({ ok: false, reason, message, problems }) as const;

  if (!t.from.includes(subject.status)) {
    const where = target === 'revision' ? ' der Überarbeitung' : '';
    return refuse('state', `„${ACTION_LABELS[action]}“ ist im Status „${statusLabelOf(subject.status)}“${where} nicht möglich.`);
  }
  const denied = t.allowed(actor, subject);
  if (denied) return refuse('forbidden', denied);
  const comment = ctx.comment?.trim();
  if (t.needsComment && !comment) return refuse('comment', 'Bitte einen Kommentar angeben, damit die Autorin oder der Autor weiß, was zu ändern ist.');
  const problems = t.gates.flatMap((gate) => gate(subject, ctx));
  if (problems.length > 0) return refuse('gate', `„${ACTION_LABELS[action]}“ ist noch nicht möglich.`, problems);

  const who = { at: ctx.now.toISOString(), by: actor.sub, byName: actor.name };
  const note = comment ? { comment } : {};
  if (target === 'revision') {
    const change = action === 'publish' ? { from: story.status, to: 'published' as const } : {};
    return { ok: true, to: t.to, target, audit: { ...who, action: `revision-${action}`, ...change, ...note } };
  }
  return { ok: true, to: t.to, target, audit: { ...who, action, from: story.status, to: t.to, ...note } };
}

/** Actions the actor could take now (used by the editor to show only meaningful buttons). */
export function availableActions(story: Story, actor: Actor): StoryAction[] {
  return StoryAction.options.filter((a) => {
    const subject = subjectOf(story, workflowTarget(story, a));
    return TRANSITIONS[a].from.includes(subject.status) && !TRANSITIONS[a].allowed(actor, subject);
  });
}

/**
 * Who may see a story's full record (persons, consents, read-back, audit, versions,
 * comments): its own partner, and the press office and administrators once the partner
 * has released it. Everyone else sees at most what the public site shows (audience.ts).
 */
export function canRead(actor: Actor, story: Story): boolean {
  if (isMember(actor, story)) return true;
  if (hasRole(actor, 'press') || hasRole(actor, 'admin')) {
    if (story.status === 'withdrawn') return story.publishedAt !== undefined;
    return !['draft', 'submitted', 'returned'].includes(story.status);
  }
  return false;
}

export type TextEdit = { ok: true; target: WorkflowTarget } | { ok: false; message: string };

/**
 * What a content edit by `actor` changes: the story itself, or its revision. A story
 * that has been public is never edited in place: the edit goes into its revision
 * (started by the first edit), so the site keeps the published text. An edit leaves the
 * workflow state as it is; the read-back of the old text no longer covers the new one,
 * so an approved text that the press office changes goes back through the partner.
 */
export function textEdit(actor: Actor, story: Story): TextEdit {
  const member = isMember(actor, story) && (hasRole(actor, 'manager') || hasRole(actor, 'partner-lead'));
  const press = hasRole(actor, 'press');
  if (story.status === 'published' || story.status === 'unpublished') {
    const status = story.revision?.status ?? 'draft';
    if (!member && !press) return { ok: false, message: 'Sie dürfen diese Geschichte nicht bearbeiten.' };
    if (status === 'draft' || status === 'returned' || (press && (status === 'partner-approved' || status === 'press-approved')))
      return { ok: true, target: 'revision' };
    return { ok: false, message: `Die Überarbeitung ist im Status „${statusLabelOf(status)}“ und kann gerade nicht bearbeitet werden.` };
  }
  if (member && (story.status === 'draft' || story.status === 'returned')) return { ok: true, target: 'story' };
  if (press && (story.status === 'partner-approved' || story.status === 'press-approved')) return { ok: true, target: 'story' };
  if (isMember(actor, story)) return { ok: false, message: `Im Status „${statusLabelOf(story.status)}“ kann die Geschichte nicht bearbeitet werden.` };
  return { ok: false, message: 'Sie dürfen diese Geschichte nicht bearbeiten.' };
}

/** Who may change a story's content, and in which states (see `textEdit`). */
export function canEdit(actor: Actor, story: Story): string | undefined {
  const edit = textEdit(actor, story);
  return edit.ok ? undefined : edit.message;
}

/** A pending revision can be dropped by whoever may work on it; the published text stays. */
export function canDiscardRevision(actor: Actor, story: Story): { reason: 'forbidden' | 'state'; message: string } | undefined {
  const member = isMember(actor, story) && (hasRole(actor, 'manager') || hasRole(actor, 'partner-lead'));
  if (!member && !hasRole(actor, 'press')) return { reason: 'forbidden', message: 'Sie dürfen diese Geschichte nicht bearbeiten.' };
  if (!story.revision) return { reason: 'state', message: 'Für diese Geschichte gibt es keine Überarbeitung, die verworfen werden könnte.' };
  return undefined;
}

/** The read-back is recorded by the story's partner while the text in work is still theirs to change. */
export function canRecordReadBack(actor: Actor, story: Story): string | undefined {
  if (!isMember(actor, story) || !(hasRole(actor, 'manager') || hasRole(actor, 'partner-lead'))) {
    return 'Die Rückbestätigung erfassen nur Mitarbeitende des eigenen Trägers.';
  }
  const text = textInWork(story);
  return ['draft', 'returned', 'submitted'].includes(text.status)
    ? undefined
    : `Im Status „${statusLabelOf(text.status)}“ wird keine Rückbestätigung mehr erfasst.`;
}

/** Consent records and withdrawals are kept by the story's own partner. */
export function canRecordConsent(actor: Actor, story: Story): string | undefined {
  if (!isMember(actor, story) || !(hasRole(actor, 'manager') || hasRole(actor, 'partner-lead'))) {
    return 'Einwilligungen erfassen nur Integrationsmanager:innen und die Partnerleitung des eigenen Trägers.';
  }
  if (story.status === 'withdrawn') return 'Die Einwilligung wurde widerrufen; die Geschichte ist abgeschlossen.';
  return undefined;
}

/** Who may create a story: integration managers and partner leads, for their own partner. */
export function canCreate(actor: Actor): string | undefined {
  return hasRole(actor, 'manager') || hasRole(actor, 'partner-lead') || hasRole(actor, 'press') ? undefined : 'Sie dürfen keine Geschichten anlegen.';
}
