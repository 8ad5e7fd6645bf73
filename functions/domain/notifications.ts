import type { Role } from './actor.ts';
import type { PartnerId } from './partners.ts';

/**
 * Workflow notifications: who is told what, when it is their turn. Staff only, and
 * never client details: a notification names the item's title and its new status and
 * links to it in the editor, nothing else (a return also carries the reviewer's comment).
 */
export const NOTIFICATION_KINDS = [
  'story-submitted',
  'story-returned',
  'story-approved',
  'story-ready-for-press',
  'story-published',
  'takedown',
  'consent-expiring',
  'statistics-due',
  'release-needs-correction',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Takedowns, and releases held back by one, concern consent: whoever must act on one is always told, at once. */
export const ALWAYS_AT_ONCE: readonly NotificationKind[] = ['takedown', 'release-needs-correction'];

export const DELIVERIES = ['sofort', 'taeglich', 'aus'] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** A person's choices; a kind not named is at once. */
export type NotificationPreferences = Partial<Record<NotificationKind, Delivery>>;

/** How a kind reaches a person: their choice, at once when they chose nothing, and at once always for takedowns. */
export function deliveryOf(kind: NotificationKind, prefs: Partial<NotificationPreferences>): Delivery {
  if (ALWAYS_AT_ONCE.includes(kind)) return 'sofort';
  return prefs[kind] ?? 'sofort';
}

/** Who a notification is for: everyone of a role (of a partner), or one person by their subject. */
export type Audience = { role: Extract<Role, 'manager' | 'partner-lead' | 'press'>; partner?: PartnerId } | { subject: string };

export interface StoryEvent {
  action: 'submit' | 'approve' | 'press-approve' | 'return' | 'publish' | 'unpublish' | 'withdrawal' | 'expiry';
  story: { partner: PartnerId; authorId: string };
}

export interface Addressed {
  kind: NotificationKind;
  to: Audience;
}

/**
 * Who hears of a step of a story's workflow (or of a revision's: the same people):
 * submitted → the partner's leads; returned → the author; approved by the partner → the
 * author and the press office; approved by the press office → the author; published →
 * the author and the partner's leads; taken down (by the press office, a withdrawal or
 * an expired consent) → the press office and the partner's leads.
 */
export function storyNotifications({ action, story }: StoryEvent): Addressed[] {
  const author: Audience = { subject: story.authorId };
  const leads: Audience = { role: 'partner-lead', partner: story.partner };
  const press: Audience = { role: 'press' };
  switch (action) {
    case 'submit':
      return [{ kind: 'story-submitted', to: leads }];
    case 'return':
      return [{ kind: 'story-returned', to: author }];
    case 'approve':
      return [
        { kind: 'story-approved', to: author },
        { kind: 'story-ready-for-press', to: press },
      ];
    case 'press-approve':
      return [{ kind: 'story-approved', to: author }];
    case 'publish':
      return [
        { kind: 'story-published', to: author },
        { kind: 'story-published', to: leads },
      ];
    case 'unpublish':
    case 'withdrawal':
    case 'expiry':
      return [
        { kind: 'takedown', to: press },
        { kind: 'takedown', to: leads },
      ];
  }
}

/** Someone who can be told: their subject (as the workflow's records name them), role, partner and address. */
export interface Person {
  subject: string;
  role: Role;
  partner: PartnerId;
  email: string;
  enabled: boolean;
}

/**
 * Who gets which notification of a story's step: everyone the rules name who is enabled
 * and has an address, never the person who took the step, and each person once per kind.
 */
export function recipientsOf(event: StoryEvent, people: readonly Person[], actorSubject?: string): { kind: NotificationKind; person: Person }[] {
  const out: { kind: NotificationKind; person: Person }[] = [];
  for (const { kind, to } of storyNotifications(event)) {
    for (const person of people) {
      if (!person.enabled || !person.email || person.subject === actorSubject) continue;
      const meant = 'subject' in to ? person.subject === to.subject : person.role === to.role && (to.partner === undefined || person.partner === to.partner);
      if (meant && !out.some((o) => o.kind === kind && o.person.subject === person.subject)) out.push({ kind, person });
    }
  }
  return out;
}

/** A notification as it is queued: what the mail says; the sender renders it (notification-mail.ts). Schema: notification-schemas.ts. */
export interface NotificationContent {
  kind: NotificationKind;
  /** The item's title and its new status, in German. */
  title: string;
  status: string;
  /** The item in the editor. */
  link: string;
  comment?: string;
  /** Why it went down (the takedown's reason) and where the report is. */
  reason?: string;
  reportLink?: string;
  /** The editor's preferences screen. */
  preferencesLink: string;
}
