/**
 * One instant per build: every page, feed and sitemap judges embargoes, takedowns
 * and consents at the same moment, so no page can show what another already hides.
 */
export const buildTime = new Date();
