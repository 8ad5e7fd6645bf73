import * as z from 'zod/mini';
import { fromBerlinLocal } from './berlin-time.ts';

/**
 * A Berlin wall-clock time `YYYY-MM-DDTHH:mm` as a request carries it, parsed into the UTC
 * instant it denotes (ISO string); a time skipped by the clock change is refused in German.
 * Sperrfristen of releases and planned publications of stories are both entered this way.
 */
export const berlinTime = z.pipe(
  z.string(),
  z.transform((local: string, payload) => {
    const r = fromBerlinLocal(local);
    if (!r.ok) {
      payload.issues.push({ code: 'custom', message: r.message, input: local });
      return z.NEVER;
    }
    return r.at.toISOString();
  }),
);
