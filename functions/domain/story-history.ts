import * as z from 'zod/mini';
import { StoryDraftInput } from './story.ts';

/** One saved version of a story's content, as the list names it (the content comes on request). */
export const VersionInfo = z.object({
  version: z.number().check(z.int(), z.positive()),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
});
export type VersionInfo = z.infer<typeof VersionInfo>;

/** Every save keeps the content as it was then; a restore brings it back as a new version. */
export const StoredVersion = z.extend(VersionInfo, { content: StoryDraftInput });
export type StoredVersion = z.infer<typeof StoredVersion>;
