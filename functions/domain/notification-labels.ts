import type { Delivery, NotificationKind } from './notifications.ts';

/** What the editor's preferences screen and the mails call each kind. */
export const NOTIFICATION_LABELS: Record<NotificationKind, string> = {
  'story-submitted': 'Eine Geschichte wartet auf Ihre Freigabe (Trägerleitung)',
  'story-returned': 'Ihre Geschichte wurde mit einem Kommentar zurückgegeben',
  'story-approved': 'Ihre Geschichte wurde freigegeben',
  'story-ready-for-press': 'Ein Träger hat eine Geschichte für die Pressestelle freigegeben',
  'story-published': 'Eine Geschichte ist veröffentlicht',
  takedown: 'Etwas wurde von der Website genommen (Widerruf, Ablauf, Pressestelle)',
  'consent-expiring': 'Eine Einwilligung läuft bald ab (30 und 7 Tage vorher)',
  'statistics-due': 'Die Statistik für einen Stichtag ist noch zu melden',
  'release-needs-correction': 'Eine Pressemitteilung muss berichtigt werden (Einwilligung gilt nicht mehr)',
};

export const DELIVERY_LABELS: Record<Delivery, string> = { sofort: 'sofort', taeglich: 'tägliche Zusammenfassung', aus: 'aus' };
