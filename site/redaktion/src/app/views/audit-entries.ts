import { type ReleaseStatus, releaseStatusLabel } from '@newsroom/domain/release.ts';
import { type SubmissionStatus, submissionStatusLabel } from '@newsroom/domain/statistics-workflow.ts';
import { ApiError, type StoryStatus } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDay, h, time } from '../dom.ts';
import type { AuditLine } from '../editorial-api.ts';
import { releaseAuditText } from '../releases/common.ts';
import { href } from '../router.ts';

/**
 * Lines of the global audit trail for people: what kind of item, a link to it, and what
 * happened in German. The trail names items only by key (`STORY#…`), so titles are looked
 * up once per item and page, and an item the reader may not open says so instead of linking.
 */

export type EntityKind = 'story' | 'release' | 'submission' | 'snapshot' | 'settings' | 'user' | 'organisation' | 'other';
export interface Entity {
  kind: EntityKind;
  id: string;
  kindLabel: string;
  href?: string;
}

export function entityOf(key: string): Entity {
  let m: RegExpExecArray | null;
  if ((m = /^STORY#(.+)$/.exec(key))) return { kind: 'story', id: m[1]!, kindLabel: 'Geschichte', href: href({ name: 'story', id: m[1]! }) };
  if ((m = /^RELEASE#(.+)$/.exec(key)))
    return { kind: 'release', id: m[1]!, kindLabel: 'Pressemitteilung', href: href({ name: 'releases', path: `/${encodeURIComponent(m[1]!)}` }) };
  if ((m = /^STATS#SUB#(.+)$/.exec(key)))
    return {
      kind: 'submission',
      id: m[1]!,
      kindLabel: 'Statistik-Meldung',
      href: href({ name: 'statistics', path: `/meldungen/${encodeURIComponent(m[1]!)}` }),
    };
  if ((m = /^STATS#SNAPSHOT#(.+)$/.exec(key)))
    return { kind: 'snapshot', id: m[1]!, kindLabel: 'Stichtag', href: href({ name: 'statistics', path: `/stichtage/${m[1]!}` }) };
  if (key === 'STATS#SETTINGS')
    return { kind: 'settings', id: '', kindLabel: 'Statistik-Einstellungen', href: href({ name: 'statistics', path: '/zuordnung' }) };
  if ((m = /^USER#(.+)$/.exec(key))) return { kind: 'user', id: m[1]!, kindLabel: 'Benutzerkonto', href: href({ name: 'users' }) };
  if (key === 'ORG#SETTINGS') return { kind: 'organisation', id: '', kindLabel: 'Einstellungen', href: href({ name: 'settings' }) };
  return { kind: 'other', id: key, kindLabel: 'Eintrag' };
}

/** What an administrator did to an account, and to the organisation settings. */
const ADMINISTRATION: Record<string, string> = {
  'user-invited': 'Benutzerkonto angelegt',
  'user-changed': 'Benutzerkonto geändert',
  'user-role-changed': 'Rolle geändert',
  'user-disabled': 'Benutzerkonto gesperrt',
  'user-enabled': 'Benutzerkonto entsperrt',
  'settings-changed': 'Einstellungen der Organisation geändert',
};

/** Past-tense labels of the statistics screens' own trails. */
const SUBMISSION: Record<string, string> = {
  create: 'Meldung angelegt',
  edit: 'Zahlen geändert',
  submit: 'Zur Freigabe eingereicht',
  approve: 'Vom Träger freigegeben',
  accept: 'Von der Pressestelle angenommen',
  return: 'Zurückgegeben',
  correct: 'Korrektur begonnen',
  discard: 'Korrektur verworfen',
};
const SNAPSHOT: Record<string, string> = {
  create: 'Stichtag angelegt',
  publish: 'Zahlen veröffentlicht',
  withdraw: 'Zahlen von der Website genommen',
  import: 'Aus der veröffentlichten Quelle übernommen',
};

/** What happened, in German, by the kind of item (the same action word means different steps). */
export function actionText(ctx: Context, e: AuditLine): string {
  const entity = entityOf(e.entity);
  switch (entity.kind) {
    case 'story':
      return ctx.labels.auditAction(e.action) ?? (e.to ? `Status geändert: ${ctx.labels.status(e.to as StoryStatus)}` : e.action);
    case 'release':
      return releaseAuditText({ ...e, to: e.to as ReleaseStatus | undefined } as Parameters<typeof releaseAuditText>[0]);
    case 'submission':
      return SUBMISSION[e.action] ?? e.action;
    case 'snapshot':
      return SNAPSHOT[e.action] ?? e.action;
    case 'settings':
      return 'Zuordnung oder Mindestfallzahl geändert';
    default:
      return ADMINISTRATION[e.action] ?? 'Geändert';
  }
}

/** „Entwurf → Zur Freigabe eingereicht“ when the entry changed a status. */
export function statusChange(ctx: Context, e: AuditLine): string | undefined {
  if (!e.from && !e.to) return undefined;
  const kind = entityOf(e.entity).kind;
  const label = (s: string) => {
    try {
      if (kind === 'story') return ctx.labels.status(s as StoryStatus);
      if (kind === 'release') return releaseStatusLabel(s as ReleaseStatus);
      if (kind === 'submission') return submissionStatusLabel(s as SubmissionStatus);
      if (kind === 'user') return ctx.labels.role(s);
    } catch {
      // An unknown status from older data is shown as stored.
    }
    return s;
  };
  if (e.from && e.to && e.from !== e.to) return `${label(e.from)} → ${label(e.to)}`;
  return e.to ? label(e.to) : undefined;
}

/** Titles of items, looked up once; `null` when the reader may not open the item. */
/** `known`: titles that came with another answer (the overview's), by item key. */
export function titleResolver(ctx: Context, known: Record<string, string | null> = {}) {
  const cache = new Map<string, Promise<string | null>>(Object.entries(known).map(([key, title]) => [key, Promise.resolve(title)]));
  const fetchTitle = async (entity: Entity): Promise<string | null> => {
    try {
      switch (entity.kind) {
        case 'story':
          return (await ctx.api.getStory(entity.id)).title;
        case 'release':
          return (await ctx.api.request<{ headline: string }>('GET', `/releases/${encodeURIComponent(entity.id)}`)).headline;
        case 'submission': {
          const s = await ctx.api.request<{ municipality: string; date: string }>('GET', `/statistics/submissions/${encodeURIComponent(entity.id)}`);
          return `${s.municipality}, Stichtag ${formatDay(s.date)}`;
        }
        case 'snapshot':
          return formatDay(entity.id);
        case 'settings':
          return 'Zuordnung und Mindestfallzahl';
        case 'organisation':
          return 'Impressum, Datenschutz, Ansprechpersonen';
        default:
          return entity.id;
      }
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return null;
      throw err;
    }
  };
  return (key: string): Promise<string | null> => {
    let found = cache.get(key);
    if (!found) {
      found = fetchTitle(entityOf(key));
      cache.set(key, found);
    }
    return found;
  };
}

/** The item's link: first by kind and short id, then by title once known. */
export function entityCell(ctx: Context, key: string, resolve?: (key: string) => Promise<string | null>): HTMLElement {
  const entity = entityOf(key);
  // The kind stands above the link, so the link itself names the item: its title, or its number until the title is known.
  const fallback =
    entity.kind === 'snapshot'
      ? formatDay(entity.id)
      : entity.kind === 'settings'
        ? 'Zuordnung und Mindestfallzahl'
        : entity.kind === 'organisation'
          ? 'Impressum, Datenschutz, Ansprechpersonen'
          : entity.kind === 'user'
            ? entity.id
            : `Nr. ${entity.id.slice(0, 10)}`;
  const cell = h('span', {}, h('span', { class: 'entity-kind' }, entity.kindLabel), entity.href ? h('a', { href: entity.href }, fallback) : fallback);
  void resolve?.(key).then(
    (title) => {
      if (!ctx.isCurrent()) return;
      if (title === null) {
        cell.replaceChildren(h('span', { class: 'entity-kind' }, entity.kindLabel), `${fallback} (für Sie nicht einsehbar)`);
      } else {
        cell.querySelector('a')?.replaceChildren(title);
      }
    },
    () => undefined,
  );
  return cell;
}

/** One entry as a sentence for short lists: „3. März 2026 um 14:05 · Julia Neumann · Veröffentlicht · Geschichte …“. */
export function auditLine(ctx: Context, e: AuditLine, resolve?: (key: string) => Promise<string | null>): HTMLElement {
  return h('p', {}, time(e.at), ' · ', h('strong', {}, e.byName), ' · ', actionText(ctx, e), ' · ', entityCell(ctx, e.entity, resolve));
}
