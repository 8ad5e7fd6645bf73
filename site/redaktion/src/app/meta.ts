import type { Actor, Meta, StoryStatus } from './api.ts';

/** Label lookups over the reference data from `GET /meta`; unknown ids fall back to the id. */
export function labels(meta: Meta) {
  const partner = (id: string) => meta.partners.find((p) => p.id === id);
  return {
    status: (id: StoryStatus) => meta.statuses.find((s) => s.id === id)?.label ?? id,
    partnerName: (id: string) => partner(id)?.name ?? id,
    partnerShort: (id: string) => partner(id)?.short ?? id,
    role: (id: string) => meta.roles.find((r) => r.id === id)?.label ?? id,
    topic: (id: string) => meta.topics.find((t) => t.id === id)?.label ?? id,
    /** What an audit entry records, in German and in the past tense; unknown actions by their button label. */
    auditAction: (action: string): string | undefined => AUDIT_ACTIONS[action] ?? (meta.actions as Record<string, string>)[action],
    actor: (me: Actor) => ({
      name: me.name,
      roles: me.roles.map((r) => meta.roles.find((x) => x.id === r)?.label ?? r).join(', '),
      partner: partner(me.partner)?.name ?? me.partner,
    }),
  };
}
export type Labels = ReturnType<typeof labels>;

const AUDIT_ACTIONS: Record<string, string> = {
  create: 'Angelegt',
  edit: 'Bearbeitet',
  submit: 'Zur Freigabe eingereicht',
  approve: 'Vom Träger freigegeben',
  'press-approve': 'Von der Pressestelle freigegeben',
  return: 'Zurückgegeben',
  publish: 'Veröffentlicht',
  unpublish: 'Von der Website genommen',
  'consent-recorded': 'Einwilligung erfasst',
  'consent-corrected': 'Einwilligung korrigiert',
  'consent-withdrawn': 'Widerruf der Einwilligung erfasst',
  'consent-expired': 'Einwilligung abgelaufen, automatisch von der Website genommen',
  'read-back': 'Rückbestätigung des Textes erfasst',
  restore: 'Frühere Fassung wiederhergestellt',
  'revision-start': 'Überarbeitung begonnen',
  'revision-edit': 'Überarbeitung bearbeitet',
  'revision-read-back': 'Rückbestätigung der Überarbeitung erfasst',
  'revision-submit': 'Überarbeitung zur Freigabe eingereicht',
  'revision-approve': 'Überarbeitung vom Träger freigegeben',
  'revision-press-approve': 'Überarbeitung von der Pressestelle freigegeben',
  'revision-return': 'Überarbeitung zurückgegeben',
  'revision-publish': 'Überarbeitung veröffentlicht; sie ersetzt die bisherige Fassung',
  'revision-discard': 'Überarbeitung verworfen',
  erased: 'Daten gelöscht',
  'preview-link-created': 'Vorschau-Link erstellt',
  'preview-link-revoked': 'Vorschau-Link widerrufen',
};
