import { ensureEditorBuilt } from '@newsroom/redaktion/build.ts';
import chromium from '@sparticuz/chromium';

/**
 * Done once before any worker starts, because workers doing it side by side collide:
 * - the editor's static files are built (if older than their sources): local systems starting
 *   in parallel workers would otherwise each build them into the same folder;
 * - Chromium is unpacked from @sparticuz/chromium to /tmp: on a fresh machine two workers
 *   unpacking it at once made one launch the binary while the other was still writing it
 *   (spawn ETXTBSY).
 */
export default async function setup(): Promise<void> {
  await Promise.all([ensureEditorBuilt(() => undefined), chromium.executablePath()]);
}
