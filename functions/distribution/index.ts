import { lambdaHandler } from '@newsroom/http/handler.ts';
import { DISTRIBUTION_ROUTES } from '@newsroom/http/routes/distribution.ts';
import { contactView } from '@newsroom/operations/distribution.ts';
import { DISTRIBUTION_ACTIONS } from './actions.ts';

/**
 * The press distribution (Presseverteiler): the press office's contacts, lists and CSV
 * import, and the public pages behind the sign-up form and the links in every mail.
 * Each action parses the request, runs one operation (functions/operations/distribution.ts)
 * and answers with its result.
 */
export const handler = lambdaHandler(DISTRIBUTION_ROUTES, DISTRIBUTION_ACTIONS, {
  // A conflict shows the contact as the press office sees it: never the secrets of its links.
  conflictViews: { contact: (c: Parameters<typeof contactView>[0]) => contactView(c) },
});
