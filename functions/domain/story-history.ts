import * as z from 'zod/mini';
import { StoryDraftInput } from './story.ts';

/** One saved version of a story's content, as the list names it (the content comes on request). */
export const VersionInfo = z.object({
  version: z.number().check(z.int(), z.positive()),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  /** Saved by the editor on its own while someone typed, not by a person's choice. */
  autosave: z.optional(z.boolean()),
});
export type VersionInfo = z.infer<typeof VersionInfo>;

/** Every save keeps the content as it was then; a restore brings it back as a new version. */
export const StoredVersion = z.extend(VersionInfo, { content: StoryDraftInput });
export type StoredVersion = z.infer<typeof StoredVersion>;

/**
 * The versions as people count them. The stored numbers count every write to the story
 * (consents and steps too, and every automatic save), so they jump; here each version a
 * person saved is numbered 1, 2, 3 …, and the automatic saves before it are its steps
 * („Zwischenstände“). Automatic saves after the last one a person saved lead to the next
 * version, still in work (`open`): the newest of them is its head.
 */
export interface VersionGroup<V extends VersionInfo = VersionInfo> {
  number: number;
  head: V;
  /** The automatic saves that led to `head`, oldest first. */
  steps: V[];
  open: boolean;
}

/** Oldest first. */
export function versionGroups<V extends VersionInfo>(versions: readonly V[]): VersionGroup<V>[] {
  const groups: VersionGroup<V>[] = [];
  let steps: V[] = [];
  for (const v of [...versions].sort((a, b) => a.version - b.version)) {
    if (v.autosave) {
      steps.push(v);
      continue;
    }
    groups.push({ number: groups.length + 1, head: v, steps, open: false });
    steps = [];
  }
  if (steps.length) groups.push({ number: groups.length + 1, head: steps.at(-1)!, steps: steps.slice(0, -1), open: true });
  return groups;
}

/** „Fassung 3“, „Fassung 4 (in Arbeit)“, „Fassung 3, Zwischenstand 2“, by stored version number. */
export function versionLabels(versions: readonly VersionInfo[]): Map<number, string> {
  const labels = new Map<number, string>();
  for (const g of versionGroups(versions)) {
    for (const [i, s] of g.steps.entries()) labels.set(s.version, `Fassung ${g.number}, Zwischenstand ${i + 1}`);
    labels.set(g.head.version, g.open ? `Fassung ${g.number} (in Arbeit)` : `Fassung ${g.number}`);
  }
  return labels;
}
