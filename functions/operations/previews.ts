import { randomBytes } from 'node:crypto';
import type { Actor } from '@newsroom/domain/actor.ts';
import type { CreatedPreviewLink, PreviewLinkView } from '@newsroom/domain/api/previews.ts';
import { NotFound, refuse } from '@newsroom/domain/errors.ts';
import { type PreviewKind, type PreviewLink, previewExpiry, previewPath, previewState } from '@newsroom/domain/preview.ts';
import { canReadRelease } from '@newsroom/domain/release-workflow.ts';
import { canRead } from '@newsroom/domain/workflow.ts';
import { hashPreviewToken, previewIdOf, previewLinksOf, putPreviewLink, revokePreviewLink } from '@newsroom/store/previews.ts';
import { getRelease } from '@newsroom/store/releases.ts';
import { getStoryItem } from '@newsroom/store/stories.ts';
import type { Ports } from './ports.ts';

/** The story or press release a preview link belongs to. */
export interface PreviewSubject {
  kind: PreviewKind;
  id: string;
  partner: string;
  erasedAt?: string;
}

/**
 * The item, for one who may read its full record (its partner; the press office and
 * administrators once released to them: audience.ts): whoever may see the item may show
 * its page to someone outside. For anyone else it does not exist (404, so ids leak nothing).
 */
export async function previewSubject(p: Ports, actor: Actor, kind: PreviewKind, id: string): Promise<PreviewSubject> {
  if (kind === 'story') {
    const story = await getStoryItem(id, p.db);
    if (!story || !canRead(actor, story)) throw new NotFound('Diese Geschichte gibt es nicht oder Sie dürfen sie nicht sehen.');
    return { kind, id: story.id, partner: story.partner, ...(story.erasedAt ? { erasedAt: story.erasedAt } : {}) };
  }
  const release = await getRelease(id, p.db);
  if (!release || !canReadRelease(actor, release)) throw new NotFound('Diese Pressemitteilung gibt es nicht oder Sie dürfen sie nicht sehen.');
  return { kind, id: release.id, partner: release.partner };
}

const view = (link: PreviewLink, now: Date): PreviewLinkView => ({ ...link, state: previewState(link, now) });

/** `expiresAt`: a link that must last longer than the usual days (a release mailed before its Sperrfrist: release-sends.ts). */
export async function createPreviewLink(p: Ports, actor: Actor, item: PreviewSubject, expiresAt?: string): Promise<CreatedPreviewLink> {
  if (item.erasedAt) refuse({ reason: 'state', message: 'Von einer gelöschten Geschichte gibt es keine Vorschau.' });
  // 256 bits from the system's CSPRNG: guessing a link is hopeless; only its hash is stored.
  const token = randomBytes(32).toString('base64url');
  const hash = hashPreviewToken(token);
  const now = p.clock.now();
  const link: PreviewLink = {
    id: previewIdOf(hash),
    kind: item.kind,
    itemId: item.id,
    partner: item.partner,
    createdAt: now.toISOString(),
    createdBy: actor.sub,
    createdByName: actor.name,
    expiresAt: expiresAt ?? previewExpiry(now),
  };
  await putPreviewLink(hash, link, p.db);
  return { ...view(link, now), path: previewPath(token) };
}

export async function listPreviewLinks(p: Ports, item: PreviewSubject): Promise<PreviewLinkView[]> {
  const now = p.clock.now();
  return (await previewLinksOf(item.kind, item.id, p.db)).map(({ link }) => view(link, now));
}

export async function revokePreview(p: Ports, actor: Actor, item: PreviewSubject, previewId: string): Promise<PreviewLinkView> {
  const found = (await previewLinksOf(item.kind, item.id, p.db)).find(({ link }) => link.id === previewId);
  if (!found) throw new NotFound('Diesen Vorschau-Link gibt es nicht.');
  const at = p.clock.now().toISOString();
  if (!(await revokePreviewLink(found.hash, found.link, { sub: actor.sub, name: actor.name }, at, p.db))) {
    refuse({ reason: 'state', message: 'Dieser Vorschau-Link wurde bereits widerrufen.' });
  }
  return view({ ...found.link, revokedAt: at, revokedBy: actor.sub, revokedByName: actor.name }, p.clock.now());
}
