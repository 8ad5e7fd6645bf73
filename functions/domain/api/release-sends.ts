import * as z from 'zod/mini';
import { SendKind } from '../release-send.ts';
import { safeText } from '../text.ts';

/** Sending a press release to distribution lists: the requests and answers of its routes (functions/http/routes/releases.ts). */

const ListId = z.string().check(z.regex(/^[a-z0-9-]{1,60}$/, 'Unbekannter Verteiler.'));

export const SendBody = z.object({
  /** A correction goes to the recipients of the release's earlier sends; a first send to the chosen lists. */
  kind: z.enum(['release', 'correction'], { error: 'Bitte „release“ oder „correction“ angeben.' }),
  lists: z._default(z.array(ListId).check(z.maxLength(50)), []),
  note: z.optional(
    safeText('Der Hinweis zur Korrektur').check(z.trim(), z.minLength(10, 'Der Hinweis zur Korrektur braucht mindestens 10 Zeichen.'), z.maxLength(500)),
  ),
});
export type SendBody = z.infer<typeof SendBody>;

/** A test goes to the signed-in person: nothing to choose. */
export const TestSendBody = z.object({});

export const RecipientCountQuery = z.object({ lists: z.optional(z.string().check(z.maxLength(2000))) });

export const DistributionListOption = z.object({ id: z.string(), name: z.string(), recipients: z.number() });
export const SendOptions = z.object({
  lists: z.array(DistributionListOption),
  /** Confirmed, not suppressed recipients of the chosen lists (each address once). */
  recipients: z.number(),
});
export type SendOptions = z.infer<typeof SendOptions>;

export const SendFailure = z.object({ to: z.string(), reason: z.string() });

export const SendView = z.object({
  sendId: z.string(),
  kind: SendKind,
  lists: z.array(z.string()),
  listNames: z.array(z.string()),
  at: z.string(),
  byName: z.string(),
  recipients: z.number(),
  embargoAt: z.optional(z.string()),
  sent: z.number(),
  failed: z.number(),
  pending: z.number(),
  failures: z.array(SendFailure),
  finishedAt: z.optional(z.string()),
});
export type SendView = z.infer<typeof SendView>;
export const SendList = z.object({ items: z.array(SendView) });
export type SendList = z.infer<typeof SendList>;
