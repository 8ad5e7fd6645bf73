import * as z from 'zod/mini';
import { type MailBlock, MailMessage, renderMail } from './mail.ts';
import { NOTIFICATION_LABELS } from './notification-labels.ts';
import { NotificationContent } from './notification-schemas.ts';
import type { NotificationContent as Content } from './notifications.ts';

/**
 * What travels on the mail queue: a rendered mail, or notifications for one person that
 * the sender renders (one at once, several as the daily summary). Rendering in the sender
 * keeps the layout out of the API functions' bundles.
 */
export const NotificationMail = z.object({
  key: MailMessage.shape.key,
  to: MailMessage.shape.to,
  notifications: z.array(NotificationContent).check(z.minLength(1), z.maxLength(500)),
});
export type NotificationMail = z.infer<typeof NotificationMail>;

/**
 * One recipient's mail of a press release's send (functions/operations/release-sends.ts):
 * the sender renders it from the send's stored snapshot (functions/mail/release.ts).
 */
export const ReleaseSendMail = z.object({
  key: MailMessage.shape.key,
  to: MailMessage.shape.to,
  sendId: z.string().check(z.minLength(1), z.maxLength(100)),
  headers: z.optional(z.record(z.string(), z.string().check(z.maxLength(2000)))),
  links: z.optional(z.array(z.object({ label: z.string().check(z.maxLength(200)), href: z.string().check(z.maxLength(2000)) })).check(z.maxLength(5))),
});
export type ReleaseSendMail = z.infer<typeof ReleaseSendMail>;

export const QueuedMail = z.union([MailMessage, NotificationMail, ReleaseSendMail]);
export type QueuedMail = z.infer<typeof QueuedMail>;

const FOOTER = (preferencesLink: string): MailBlock[] => [
  {
    kind: 'paragraph',
    text: 'Sie erhalten diese Nachricht, weil Sie in der Redaktion des Integrationsmanagements am Arbeitsablauf beteiligt sind. Sie enthält bewusst nur Titel und Status, keine Angaben über Klientinnen und Klienten.',
  },
  { kind: 'link', label: 'Benachrichtigungen einstellen (sofort, täglich oder aus)', href: preferencesLink },
];

function blocksOf(n: Content): MailBlock[] {
  return [
    {
      kind: 'facts',
      rows: [{ label: 'Titel', value: n.title }, { label: 'Status', value: n.status }, ...(n.reason ? [{ label: 'Grund', value: n.reason }] : [])],
    },
    ...(n.comment ? [{ kind: 'paragraph' as const, text: `Kommentar: ${n.comment}` }] : []),
    { kind: 'link', label: 'In der Redaktion öffnen', href: n.link },
    ...(n.reportLink ? [{ kind: 'link' as const, label: 'Bericht über die Rücknahme öffnen', href: n.reportLink }] : []),
  ];
}

/** One notification, or the day's summary of several: the one layout, German, title and status only. */
export function renderNotifications(notifications: readonly Content[]): { subject: string; html: string; text: string } {
  const first = notifications[0]!;
  if (notifications.length === 1) {
    const heading = NOTIFICATION_LABELS[first.kind];
    return renderMail({
      subject: `${heading}: „${first.title}“`,
      preheader: first.status,
      heading,
      blocks: blocksOf(first),
      footer: FOOTER(first.preferencesLink),
    });
  }
  return renderMail({
    subject: `Tägliche Zusammenfassung: ${notifications.length} Neuigkeiten in der Redaktion`,
    heading: 'Ihre tägliche Zusammenfassung',
    blocks: notifications.flatMap((n) => [{ kind: 'heading' as const, text: NOTIFICATION_LABELS[n.kind] }, ...blocksOf(n)]),
    footer: FOOTER(first.preferencesLink),
  });
}

/** The mail to send for what was queued (a release send's mail is rendered from its send: functions/mail/release.ts). */
export function renderQueued(queued: Exclude<QueuedMail, ReleaseSendMail>): MailMessage {
  if ('notifications' in queued) return { key: queued.key, to: queued.to, ...renderNotifications(queued.notifications) };
  return queued;
}
