import { renderPass } from './render-pass.ts';

/**
 * One instant per render pass: every page, feed and sitemap judges embargoes, takedowns
 * and consents at the same moment, so no page can show what another already hides.
 * A full build is one pass; the incremental publisher starts one per publish.
 */
export const buildTime = (): Date => renderPass().at;
