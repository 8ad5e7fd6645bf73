import * as z from 'zod/mini';

/** How long a preview link opens the page: long enough for a read-back by phone, short enough to be forgotten safely. */
export const PREVIEW_DAYS = 7;

export const PreviewKind = z.enum(['story', 'release']);
export type PreviewKind = z.infer<typeof PreviewKind>;

/**
 * A link that shows an item's page as the public site would render it now, to people
 * without an editor account. Only the SHA-256 of its token is stored: whoever reads the
 * table cannot open a preview. `id` (the start of that hash) names the link in the editor.
 */
export const PreviewLink = z.object({
  id: z.string(),
  kind: PreviewKind,
  itemId: z.string(),
  partner: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  createdByName: z.string(),
  expiresAt: z.string(),
  revokedAt: z.optional(z.string()),
  revokedBy: z.optional(z.string()),
  revokedByName: z.optional(z.string()),
});
export type PreviewLink = z.infer<typeof PreviewLink>;

export type PreviewState = 'active' | 'expired' | 'revoked';

export function previewState(link: Pick<PreviewLink, 'expiresAt' | 'revokedAt'>, now: Date): PreviewState {
  if (link.revokedAt) return 'revoked';
  return Date.parse(link.expiresAt) <= now.getTime() ? 'expired' : 'active';
}

export const previewExpiry = (now: Date): string => new Date(now.getTime() + PREVIEW_DAYS * 86_400_000).toISOString();

/** Where a preview opens on the public site's address (the token is the only secret in it). */
export const PREVIEW_PREFIX = '/vorschau/';
export const previewPath = (token: string) => `${PREVIEW_PREFIX}${token}/`;
