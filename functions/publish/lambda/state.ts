import type { SitePaths } from '../plan.ts';
import type { RouteData } from '../renderer.ts';
import type { SiteFiles } from '../site-files.ts';

/**
 * What the publisher knows about the bucket between two containers: the output paths
 * of the last publish (with their routes) and the version of every item it rendered.
 * A new container compares the versions with the store: if anything moved on without
 * reaching it (an event lost, a failed publish given up to the dead-letter queue), it
 * renders everything once. Kept in the bucket under a prefix the distribution is not
 * allowed to read (infra/aws/publisher.ts).
 */
export const STATE_FILE = '.publisher/state.json';

export interface PublisherState {
  /** The renderer the bucket was written with: a new deployment renders everything once. */
  renderer: string;
  paths: [string, Pick<RouteData, 'route' | 'component' | 'type' | 'prerender'>][];
  versions: Record<string, string>;
}

export async function readState(bucket: SiteFiles): Promise<PublisherState | undefined> {
  const text = (await bucket.read(STATE_FILE))?.toString('utf8');
  return text ? (JSON.parse(text) as PublisherState) : undefined;
}

export async function writeState(bucket: SiteFiles, renderer: string, paths: SitePaths, versions: Record<string, string>): Promise<void> {
  const state: PublisherState = {
    renderer,
    paths: [...paths].map(([p, r]) => [p, { route: r.route, component: r.component, type: r.type, prerender: r.prerender }]),
    versions,
  };
  await bucket.put(STATE_FILE, Buffer.from(JSON.stringify(state)));
}

export const pathsOf = (state: PublisherState): SitePaths => new Map(state.paths.map(([p, r]) => [p, r as RouteData]));

export function sameVersions(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}
