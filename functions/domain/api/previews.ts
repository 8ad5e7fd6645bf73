import * as z from 'zod/mini';
import { PreviewLink } from '../preview.ts';

/** A preview link as the editor lists it: never its token, which only its creator saw once. */
export const PreviewLinkView = z.extend(PreviewLink, { state: z.enum(['active', 'expired', 'revoked']) });
export type PreviewLinkView = z.infer<typeof PreviewLinkView>;

export const PreviewLinkList = z.object({ items: z.array(PreviewLinkView) });
export type PreviewLinkList = z.infer<typeof PreviewLinkList>;

/** The answer to creating a link: the only time the token (inside `path`) is shown. */
export const CreatedPreviewLink = z.extend(PreviewLinkView, {
  /** The address on the public site, relative to it: `/vorschau/<token>/`. */
  path: z.string(),
});
export type CreatedPreviewLink = z.infer<typeof CreatedPreviewLink>;

export const PreviewParams = z.object({ id: z.string(), previewId: z.string().check(z.regex(/^[0-9a-f]{16}$/, 'Unbekannter Vorschau-Link.')) });

/** Creating a link takes nothing but the item in the address: an empty object, so nothing else slips in. */
export const CreatePreviewBody = z.strictObject({});
