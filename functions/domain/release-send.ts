import * as z from 'zod/mini';
import { germanDateTime } from './berlin-time.ts';
import type { PublicRelease } from './release-public.ts';

/**
 * What a send of a press release to the distribution lists is (functions/operations/release-sends.ts),
 * apart from its rendering (release-mail.ts), so the API function that starts a send carries no Markdown renderer.
 */

/** Why a release is mailed: the first send, a correction to the same recipients, or a test to the sender. */
export const SEND_KINDS = ['release', 'correction', 'test'] as const;
export const SendKind = z.enum(SEND_KINDS);
export type SendKind = z.infer<typeof SendKind>;

/** What every mail of one send says, fixed when the send starts; kept with the send in the table, never parsed from outside. */
export interface ReleaseMailSnapshot {
  release: PublicRelease;
  version: number;
  /** The Sperrfrist, when the send started before it. */
  embargoAt?: string;
  kind: SendKind;
  correctionNote?: string;
  /** Where the mail links to: before the Sperrfrist the release's preview link, after it the public page. */
  link: string;
  /** The public site's address, for the photo downloads. */
  siteUrl: string;
}

/** „SPERRFRIST: 24.03.2026, 10:00 Uhr“ (Berlin time), as journalists expect it in subject and first line. */
export const embargoLine = (embargoAt: Date) => `SPERRFRIST: ${germanDateTime(embargoAt)}`;

/** Whether the send's Sperrfrist still holds at `now`. */
export const embargoed = (s: Pick<ReleaseMailSnapshot, 'embargoAt'>, now: Date) => Boolean(s.embargoAt && Date.parse(s.embargoAt) > now.getTime());
