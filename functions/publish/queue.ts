import type { ContentChange } from '@newsroom/events/changes.ts';
import { applyPlan, type Edge } from './apply.ts';
import { ImageReferences } from './image-refs.ts';
import { type LiveSite, type PublishPlan, planPublish, type SitePaths } from './plan.ts';
import type { SiteRenderer } from './renderer.ts';
import type { SiteContentCache } from './site-content.ts';
import type { SiteFiles } from './site-files.ts';

/**
 * The one publish loop, for `npm start` (incremental.ts: a build folder per publish,
 * switched atomically) and for the Lambda (lambda/index.ts: the site bucket). The target
 * is the only difference: where the plan reads the live site, where it writes, what makes
 * the result live, and what a full publish is.
 *
 * Requests that arrive while a publish runs wait and become one publish together. A
 * publish re-reads the items of its changes from the store, plans the files that differ
 * (plan.ts) and writes them (apply.ts). After a failed publish the content copy may be
 * ahead of the live site and the changed items' old state is gone: the next publish is
 * full, whatever it was asked for.
 */

/** One log line per event, as one JSON object (Powertools style). */
export type PublishLog = (entry: Record<string, unknown>) => void;

/** A content change; a full publish; or a reconciliation (read the store again, publish what differs: the safety net for a write nobody announced). */
export type PublishRequest = ContentChange | { full: true; reason: string } | { reconcile: true; reason: string };

export interface PublishReport {
  mode: 'full' | 'incremental' | 'unchanged';
  reasons: string[];
  durationMs: number;
  written: string[];
  removed: string[];
  searchIndexes: string[];
  timings: Record<string, number>;
  buildDir?: string;
  /** What the edge was told: paths newly gone, paths back, how many paths it forgot. */
  goneAdded?: string[];
  goneRemoved?: string[];
  invalidated?: number;
}

/** What the live site was made from: the renderer, the content copy it shows, its output paths. */
export interface SiteBase {
  renderer: SiteRenderer;
  content: SiteContentCache;
  paths: SitePaths;
}

export interface PublishTarget {
  /** The live site, as a plan reads it. */
  live(): LiveSite;
  /** Where one publish writes: locally a copy of the live build, in AWS the bucket itself. */
  open(): Promise<PublishOutput>;
  /**
   * A full publish that builds instead of rendering every page through `open` (locally:
   * Astro's build, which also makes the renderer). Without it a full publish reads the
   * whole store again and writes every page that differs.
   */
  build?(): Promise<{ base: SiteBase; report: Pick<PublishReport, 'timings' | 'buildDir'> }>;
  /** Routes whose files someone else provides (plan.ts). */
  skipRoutes?: readonly string[];
  /**
   * Tells the readers' side every gone address it lacks before anything is planned or
   * rendered, and returns those (in AWS: the edge's key value store; a batch retried after
   * a failure renders everything, minutes at 10,000 stories, and a withdrawal acknowledged
   * before the failure must not wait for that). Locally the static server reads the store's
   * gone list itself at start (infra/local/start.ts).
   */
  goneFirst?(addresses: readonly string[]): Promise<readonly string[]>;
}

export interface PublishOutput {
  files: SiteFiles;
  edge: Edge;
  /** How long opening took, by step (locally: the wait for the copy). */
  timings: Record<string, number>;
  /** After the plan is written: makes it live (locally: checks the build, switches to it) or records it (the bucket's state). */
  commit(plan: PublishPlan, content: SiteContentCache): Promise<{ buildDir?: string }>;
  /** After a failure: drops what was written where readers do not see it. */
  discard(): Promise<void>;
}

export interface PublishQueue {
  /**
   * Asks for one publish of all of `reqs`. Resolves with its report once a publish that
   * started after this call is live; rejects when it failed (the site stays as it was).
   * Requests made during a publish are coalesced into one more publish.
   */
  request(...reqs: PublishRequest[]): Promise<PublishReport>;
  /** A publish runs or waits. */
  busy(): boolean;
  /**
   * Runs `task` with the live site's renderer while no publish runs, and none starts until
   * it ends: a render pass is global to the loaded site bundle, so a pass of someone else
   * (a preview) must not interleave with a publish's.
   */
  exclusive<T>(task: (base: SiteBase) => Promise<T>): Promise<T>;
}

export interface PublishQueueOptions {
  target: PublishTarget;
  /** What the live site was made from; without it the first publish is full. */
  base?: SiteBase;
  /** The live site may lag behind the store (a new deployment, a publish given up): the first publish is full. */
  behind?: boolean;
  /** The instant pages are judged by. */
  clock: () => Date;
  log: PublishLog;
}

interface Waiter {
  reqs: PublishRequest[];
  resolve: (r: PublishReport) => void;
  reject: (err: Error) => void;
}

const reasonOf = (req: PublishRequest) => ('reason' in req ? req.reason : `${req.kind} ${req.id} ${req.change}`);
/** "/geschichten/x" → "/geschichten/x/" for pages: the address readers use. */
const displayPath = (p: string) => (p === '/' || /\.[a-z0-9]+$/i.test(p) ? p : `${p}/`);

export function createPublishQueue(opts: PublishQueueOptions): PublishQueue {
  const { target, clock, log } = opts;
  let base = opts.base;
  let behind = opts.behind ?? false;
  const images = new ImageReferences();
  let queued: Waiter[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queued.length > 0) {
        const batch = queued;
        queued = [];
        try {
          const report = await publishOnce(batch.flatMap((w) => w.reqs));
          for (const w of batch) w.resolve(report);
        } catch (err) {
          for (const w of batch) w.reject(err as Error);
        }
      }
    } finally {
      running = false;
    }
  }

  async function publishOnce(reqs: PublishRequest[]): Promise<PublishReport> {
    const started = performance.now();
    const reasons = reqs.map(reasonOf);
    const full = !base || behind || reqs.some((r) => 'full' in r);
    log({ level: 'INFO', message: 'publish started', mode: full ? 'full' : 'incremental', reasons });
    try {
      const report = full ? await fullPublish(reasons) : await incrementalPublish(base!, reqs, reasons);
      behind = false;
      report.durationMs = Math.round(performance.now() - started);
      log({ level: 'INFO', message: report.mode === 'unchanged' ? 'publish unchanged' : 'publish live', ...report });
      return report;
    } catch (err) {
      images.forget();
      behind = true;
      log({
        level: 'ERROR',
        message: 'publish failed, the site stays as it was',
        reasons,
        durationMs: Math.round(performance.now() - started),
        error: (err as Error).message,
      });
      throw err;
    }
  }

  async function fullPublish(reasons: string[]): Promise<PublishReport> {
    if (target.build) {
      const built = await target.build();
      base = built.base;
      images.forget();
      return { mode: 'full', reasons, durationMs: 0, written: [], removed: [], searchIndexes: [], ...built.report };
    }
    const t0 = performance.now();
    const refreshed = await base!.content.reload();
    const refreshMs = Math.round(performance.now() - t0);
    const told = await goneFirst(base!);
    const plan = await planPublish({ ...planInput(base!), refreshed, everything: true });
    return write(base!, plan, 'full', reasons, refreshMs, told);
  }

  async function incrementalPublish(current: SiteBase, reqs: PublishRequest[], reasons: string[]): Promise<PublishReport> {
    const t0 = performance.now();
    const changes = reqs.filter((r): r is ContentChange => 'kind' in r);
    const refreshed = [...(reqs.some((r) => 'reconcile' in r) ? await current.content.reload() : []), ...(await current.content.refresh(changes))];
    const refreshMs = Math.round(performance.now() - t0);
    const told = await goneFirst(current);
    const plan = await planPublish({ ...planInput(current), refreshed });
    if (plan.write.size === 0 && plan.remove.size === 0) {
      current.paths = plan.paths;
      return {
        mode: 'unchanged',
        reasons,
        durationMs: 0,
        written: [],
        removed: [],
        searchIndexes: [],
        timings: { refreshMs, ...plan.timings },
        ...(told.size ? { goneAdded: [...told] } : {}),
      };
    }
    return write(current, plan, 'incremental', reasons, refreshMs, told);
  }

  async function goneFirst(current: SiteBase): Promise<ReadonlySet<string>> {
    return new Set(target.goneFirst ? await target.goneFirst(current.content.goneAddresses(clock())) : []);
  }

  function planInput(current: SiteBase) {
    return {
      renderer: current.renderer,
      content: current.content,
      live: target.live(),
      livePaths: current.paths,
      at: clock(),
      images,
      skipRoutes: target.skipRoutes,
    };
  }

  async function write(
    current: SiteBase,
    plan: PublishPlan,
    mode: 'full' | 'incremental',
    reasons: string[],
    refreshMs: number,
    told: ReadonlySet<string>,
  ): Promise<PublishReport> {
    const out = await target.open();
    const t0 = performance.now();
    let applied: Awaited<ReturnType<typeof applyPlan>>;
    let buildDir: string | undefined;
    try {
      applied = await applyPlan(plan, out.files, out.edge, told);
      ({ buildDir } = await out.commit(plan, current.content));
    } catch (err) {
      await out.discard();
      throw err;
    }
    current.paths = plan.paths;
    images.commit(plan.htmlChanges);
    return {
      mode,
      reasons,
      durationMs: 0,
      written: plan.written.map(displayPath),
      removed: plan.removed.map(displayPath),
      searchIndexes: plan.search ? [...plan.search.indexes.keys()].map((i) => i || 'main') : [],
      timings: { refreshMs, ...plan.timings, ...out.timings, applyMs: Math.round(performance.now() - t0), rendered: plan.rendered },
      ...(buildDir ? { buildDir } : {}),
      goneAdded: [...told, ...applied.goneAdded].sort(),
      goneRemoved: applied.goneRemoved,
      invalidated: applied.invalidated.length,
    };
  }

  return {
    request(...reqs) {
      const done = new Promise<PublishReport>((resolve, reject) => queued.push({ reqs, resolve, reject }));
      if (!running) void drain();
      return done;
    },
    busy: () => running || queued.length > 0,
    async exclusive(task) {
      while (running) await new Promise((r) => setTimeout(r, 10));
      if (!base) throw new Error('no site rendered yet');
      running = true;
      try {
        return await task(base);
      } finally {
        running = false;
        if (queued.length > 0) void drain();
      }
    },
  };
}
