import { ensureEditorBuilt } from '@newsroom/redaktion/build.ts';

/**
 * Builds the editor's static files (if older than their sources) before any worker starts:
 * local systems starting in parallel workers would otherwise each build them into the same folder.
 */
export default async function setup(): Promise<void> {
  await ensureEditorBuilt(() => undefined);
}
