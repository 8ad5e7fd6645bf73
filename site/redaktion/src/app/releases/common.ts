import { germanDateTime } from '@newsroom/domain/berlin-time.ts';
import { type ReleaseStatus, releaseStatusLabel } from '@newsroom/domain/release.ts';
import { RELEASE_ACTION_LABELS } from '@newsroom/domain/release-workflow.ts';
import type { Context } from '../context.ts';
import { h } from '../dom.ts';
import type { ReleaseView } from './api.ts';
import '../../styles/releases.css';

const enc = encodeURIComponent;

/** Addresses of the release screens, all under `#/pressemitteilungen`. */
export const releasesHref = (path = '') => `#/pressemitteilungen${path}`;
export const releaseHref = (id: string) => releasesHref(`/${enc(id)}`);
export const editReleaseHref = (id: string) => releasesHref(`/${enc(id)}/bearbeiten`);
export const scheduleHref = (id: string) => releasesHref(`/${enc(id)}/zeitplan`);
export const releasePhotosHref = (id: string) => releasesHref(`/${enc(id)}/fotos`);
export const newReleaseHref = () => releasesHref('/neu');

export const isPress = (ctx: Context) => ctx.me.roles.includes('press');
/** The press office and administrators see releases across partners. */
export const isCounty = (ctx: Context) => isPress(ctx) || ctx.me.roles.includes('admin');

export const publicReleaseUrl = (ctx: Context, r: Pick<ReleaseView, 'slug'>) => `${ctx.config.publicSiteUrl}/pressemitteilungen/${enc(r.slug)}/`;

const BADGE: Record<ReleaseStatus, string> = {
  draft: 'status-draft',
  proposed: 'status-submitted',
  returned: 'status-returned',
  approved: 'status-partner-approved',
  scheduled: 'status-scheduled',
  published: 'status-published',
  unpublished: 'status-unpublished',
};
export const releaseBadge = (status: ReleaseStatus) => h('span', { class: `badge ${BADGE[status]}` }, releaseStatusLabel(status));

/** „26.11.2026, 10:00 Uhr“ in the county's time zone, in a `<time>` element. */
export const berlinTime = (iso: string) => h('time', { datetime: iso }, germanDateTime(new Date(iso)));

const weekday = new Intl.DateTimeFormat('de-DE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' });
/** „Donnerstag, 26. November 2026“: the day heading of the embargo calendar. */
export const berlinDayHeading = (iso: string) => weekday.format(new Date(iso));

/** What an audit entry of a release records, in the past tense. */
const AUDIT: Record<string, string> = {
  create: 'Angelegt',
  edit: 'Bearbeitet',
  correction: 'Nach der Veröffentlichung korrigiert',
  propose: 'Der Pressestelle vorgeschlagen',
  approve: 'Von der Pressestelle freigegeben',
  return: 'Zurückgegeben',
  publish: 'Veröffentlicht',
  unpublish: 'Von der Website genommen',
  schedule: 'Zeitplan geändert',
  'embargo-ended': 'Sperrfrist abgelaufen, veröffentlicht',
  'scheduled-takedown': 'Geplantes Ende, von der Website genommen',
  'story-removed': 'Geschichte automatisch entfernt',
  'photos-migrated': 'Fotos als beschriebene Uploads übernommen',
  'preview-link-created': 'Vorschau-Link erstellt',
  'preview-link-revoked': 'Vorschau-Link widerrufen',
};
export const releaseAuditText = (e: ReleaseView['audit'][number]) =>
  (e.action === 'publish' && e.to === 'scheduled' ? 'Mit Sperrfrist zur Veröffentlichung geplant' : undefined) ??
  AUDIT[e.action] ??
  (RELEASE_ACTION_LABELS as Record<string, string>)[e.action] ??
  (e.to ? `Status: ${releaseStatusLabel(e.to)}` : e.action);

/** An audit comment for people: the schedule's ISO instants as German wall-clock times. */
export const releaseAuditComment = (comment: string) =>
  comment.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z/g, (iso) => germanDateTime(new Date(iso)));

/** Up to `max` pages of a list, for screens that group a whole list. */
export async function allPages<T>(load: (cursor?: string) => Promise<{ items: T[]; next?: string }>, max = 10): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < max; i++) {
    const page = await load(cursor);
    items.push(...page.items);
    cursor = page.next;
    if (!cursor) break;
  }
  return items;
}
