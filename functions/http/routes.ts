import type { Route } from './route.ts';
import { DISTRIBUTION_ROUTES } from './routes/distribution.ts';
import { HISTORY_ROUTES } from './routes/history.ts';
import { META_ROUTES } from './routes/meta.ts';
import { PHOTO_ROUTES } from './routes/photos.ts';
import { RELEASE_ROUTES } from './routes/releases.ts';
import { STATISTICS_ROUTES } from './routes/statistics.ts';
import { STORY_ROUTES } from './routes/stories.ts';
import { USER_ROUTES } from './routes/users.ts';

export { FUNCTIONS, type FunctionName, type Route, routeKey } from './route.ts';

/**
 * The route table, defined once: each function's routes in `routes/<fn>.ts` (so a Lambda
 * bundles only the schemas of its own routes), together here for the CDK stack, the local
 * gateway and the API document.
 */
export const ROUTES: readonly Route[] = [
  ...META_ROUTES,
  ...STORY_ROUTES,
  ...HISTORY_ROUTES,
  ...RELEASE_ROUTES,
  ...USER_ROUTES,
  ...STATISTICS_ROUTES,
  ...PHOTO_ROUTES,
  ...DISTRIBUTION_ROUTES,
];
