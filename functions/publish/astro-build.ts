/**
 * `node functions/publish/astro-build.ts`: the full Astro build of site/newsroom, run by
 * build.ts in a child process when the publisher also wants the renderer
 * (SITE_RENDERER_DIR): Astro's programmatic build with the capture integration, which
 * only watches. Without it build.ts runs the plain CLI.
 *
 * SITE_CONTENT=none builds from no content at all: the AWS bundle
 * (infra/aws/publisher-bundle.ts) wants only the renderer and the static files, and its
 * Lambda renders the pages later from the real table.
 */

import { emptySettings, type OrganisationSettings, SETTING_FIELDS } from '@newsroom/domain/organisation.ts';
import { config } from '@newsroom/runtime/config.ts';
import { RENDER_PASS, type RenderPass, type SiteContent } from '@newsroom/site-contract/render-pass.ts';
import { build } from 'astro';
import { SITE_ROOT } from './build.ts';
import { captureRenderer } from './renderer-capture.ts';

/** The bundle keeps none of this build's pages, only its renderer and static files: a dash stands where each setting belongs. */
function dashes(): OrganisationSettings {
  const s = emptySettings() as unknown as Record<string, Record<string, string>>;
  for (const { path } of SETTING_FIELDS) s[path[0]!]![path[1]!] = '–';
  return { ...(s as unknown as OrganisationSettings), pressContacts: [{ name: '–', function: '–', phone: '–', email: '–' }] };
}

const NO_CONTENT: SiteContent = {
  stories: async () => [],
  releases: async () => [],
  publishedSnapshots: async () => [],
  gonePaths: async () => [],
  photoFile: async () => undefined,
  organisationSettings: async () => dashes(),
};

const { noContent, captureRendererTo: dir } = config().publisher;
if (noContent) (globalThis as { [RENDER_PASS]?: RenderPass })[RENDER_PASS] = { at: new Date(), content: NO_CONTENT, memo: new Map() };
await build({ root: SITE_ROOT, integrations: dir ? [captureRenderer(dir)] : [] });
