import type { Actor, Api, Meta } from './api.ts';
import type { RuntimeConfig } from './config.ts';
import type { Labels } from './meta.ts';
import type { Route, Router } from './router.ts';

/** What every screen gets: the signed-in person, the API, reference data and the page helpers. */
export interface Context {
  config: RuntimeConfig;
  api: Api;
  meta: Meta;
  labels: Labels;
  me: Actor;
  router: Router;
  /** False once the person has navigated elsewhere: a slow answer must not draw over the new screen. */
  isCurrent(): boolean;
  /** Replaces the screen: a page heading (focused, and the document title) and the content. */
  show(title: string, ...content: (Node | string | false | undefined)[]): void;
  /** Puts a message in the status area (a polite live region); `next` keeps it for the next screen. */
  announce(message: string, opts?: { next?: boolean }): void;
  go(route: Route, opts?: { replace?: boolean }): void;
}
