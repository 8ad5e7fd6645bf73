import * as z from 'zod/mini';

/**
 * A notice for the press office, as stored and as the API hands it to the editor: e.g.
 * a featured story was withdrawn and removed from a release. Kept until someone in the
 * press office acknowledges it.
 */
export const PressNotice = z.object({
  id: z.string(),
  at: z.string(),
  message: z.string(),
  releaseId: z.optional(z.string()),
  storyId: z.optional(z.string()),
  /** Open until the release is republished in a corrected version. */
  task: z.optional(z.boolean()),
});
export type PressNotice = z.infer<typeof PressNotice>;
