import { PARTNERS, type PartnerId, partnerName } from '@newsroom/domain/partners.ts';
import { TOPICS, type TopicId, topicLabel } from '@newsroom/domain/topics.ts';
import type { ReleaseFeed } from './feed-writers.ts';
import { publicReleases } from './releases.ts';
import { type FeedSet, feedsOf, partnerPath, RELEASES, topicPath } from './site.ts';

/** Which releases a list page or feed shows: all, one topic's, or those one partner took part in. */
export type Scope = { kind: 'all' } | TopicScope | PartnerScope;
export type TopicScope = { kind: 'topic'; id: TopicId };
export type PartnerScope = { kind: 'partner'; id: PartnerId };

export const topicScopes = (): TopicScope[] => TOPICS.map((t) => ({ kind: 'topic', id: t.id }));
export const partnerScopes = (): PartnerScope[] => PARTNERS.map((p) => ({ kind: 'partner', id: p.id }));

export function scopePage(scope: Scope): string {
  return scope.kind === 'all' ? RELEASES.path : scope.kind === 'topic' ? topicPath(scope.id) : partnerPath(scope.id);
}

export const scopeFeeds = (scope: Scope): FeedSet => feedsOf(scopePage(scope));

/** "Pressemitteilungen zum Thema Wohnen" – the feed's name in readers and in the page's head. */
export function scopeFeedTitle(scope: Scope): string {
  if (scope.kind === 'all') return RELEASES.feedTitle;
  const what = scope.kind === 'topic' ? `zum Thema ${topicLabel(scope.id)}` : `mit ${partnerName(scope.id)}`;
  return `Pressemitteilungen ${what} – Integrationsmanagement im Landkreis Ludwigsburg`;
}

export async function scopeReleases(scope: Scope) {
  const all = await publicReleases();
  if (scope.kind === 'all') return all;
  return scope.kind === 'topic' ? all.filter((r) => r.topics.includes(scope.id)) : all.filter((r) => r.partners.includes(scope.id));
}

export async function scopeFeed(scope: Scope, site: URL): Promise<ReleaseFeed> {
  return {
    site,
    idPath: scope.kind === 'all' ? 'pressemitteilungen' : `pressemitteilungen/${scope.kind === 'topic' ? 'thema' : 'traeger'}/${scope.id}`,
    title: scopeFeedTitle(scope),
    description: RELEASES.description,
    page: scopePage(scope),
    feeds: scopeFeeds(scope),
    releases: await scopeReleases(scope),
  };
}
