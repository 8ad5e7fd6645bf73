/**
 * `node functions/publish/search-index-cli.ts <siteDir>`: the full search index of a
 * built site in a process of its own (search-index.ts runs it after each full build).
 */
import { buildSearchIndexes, holdSearchService, releaseSearchService } from './search-shards.ts';

holdSearchService();
try {
  console.info(JSON.stringify(await buildSearchIndexes(process.argv[2]!)));
} finally {
  await releaseSearchService();
}
