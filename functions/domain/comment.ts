import * as z from 'zod/mini';
import { PartnerId } from './partners.ts';

/**
 * A review comment on a story, as stored and as the API hands it to the editor: the
 * story's partner and the press office write and read them, other partners never.
 */
export const Comment = z.object({
  id: z.string(),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  partner: PartnerId,
  text: z.string(),
});
export type Comment = z.infer<typeof Comment>;
