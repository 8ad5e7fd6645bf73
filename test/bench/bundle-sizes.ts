import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FUNCTIONS } from '@newsroom/http/routes.ts';
import { bundleFunction, MAX_BUNDLE_KB, REPO_ROOT } from '@newsroom/infra-aws/bundle.ts';
import type { Metafile } from 'esbuild';
import { round } from './results.ts';

/** The goals per function: minified `index.mjs` (AWS SDK excluded, the runtime ships it), and its own cold init. */
export const GOAL_KB = MAX_BUNDLE_KB;
export const GOAL_INIT_MS = 100;

const kb = (bytes: number) => round(bytes / 1024);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Which package (or folder of ours) the bytes of a bundle come from, largest first. */
function composition(inputs: Record<string, { bytesInOutput: number }>): Record<string, number> {
  const by: Record<string, number> = {};
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const key = path.includes('node_modules/') ? path.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1') : path.split('/').slice(0, 2).join('/');
    by[key] = (by[key] ?? 0) + bytesInOutput;
  }
  return Object.fromEntries(
    Object.entries(by)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => [k, kb(v)]),
  );
}

/** The runtime's modules (AWS SDK) the bundle imports when it loads, as opposed to those it loads at first use. */
function importedAtInit(output: Metafile['outputs'][string]): string[] {
  return [...new Set(output.imports.filter((i) => i.external && i.kind === 'import-statement' && i.path.startsWith('@aws-sdk/')).map((i) => i.path))].sort();
}

/**
 * One cold import in a fresh Node process, started as Lambda starts a function (source
 * maps on, in Lambda mode): CPU and wall time of `import(index.mjs)`. With `preload`, those
 * modules are imported first, outside the measured time. The script lies beside the bundle,
 * so `@aws-sdk/*` resolves exactly as the bundle resolves it.
 */
function coldImport(dir: string, fn: string, preload: string[]): { cpuMs: number; wallMs: number } {
  const out = execFileSync(process.execPath, ['--enable-source-maps', join(dir, 'measure.mjs'), ...preload], {
    cwd: dir,
    env: { PATH: process.env.PATH, AWS_LAMBDA_FUNCTION_NAME: `Newsroom-${fn}`, AWS_REGION: 'eu-central-1', TABLE_NAME: 'bench', POWERTOOLS_LOG_LEVEL: 'INFO' },
    encoding: 'utf8',
  });
  return JSON.parse(out) as { cpuMs: number; wallMs: number };
}

const MEASURE = `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (const m of process.argv.slice(2)) await import(m);
const c = cpu(), t = performance.now();
await import('./index.mjs');
process.stdout.write(JSON.stringify({ cpuMs: cpu() - c, wallMs: performance.now() - t }));
`;

/**
 * Bundles every Lambda exactly as the CDK stack does (infra/aws/bundle.ts) and measures
 * the minified `index.mjs`, its gzip size (close to what Lambda downloads and unpacks),
 * where the bytes come from, and its cold import: the median of `runs` fresh processes,
 * once as a whole (with the AWS SDK clients it loads at init, from node_modules as the
 * runtime loads them from its own disk) and once on its own (those clients loaded first).
 */
export async function bundleSizes(runs = Number(process.env.BENCH_RUNS ?? 15)) {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-sizes-'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const loadBefore = loadavg()[0]!;
  try {
    const rows = [];
    for (const fn of [...FUNCTIONS, 'scheduler']) {
      const out = join(dir, fn);
      const { bytes, metafile } = await bundleFunction(`functions/${fn}/index.ts`, out);
      writeFileSync(join(out, 'measure.mjs'), MEASURE);
      const output = Object.values(metafile.outputs).find((o) => o.entryPoint)!;
      const sdk = importedAtInit(output);
      // Alternating, so that a change in the machine's load falls on both alike.
      const whole: { cpuMs: number; wallMs: number }[] = [];
      const own: { cpuMs: number; wallMs: number }[] = [];
      for (let i = 0; i < runs; i++) {
        whole.push(coldImport(out, fn, []));
        own.push(coldImport(out, fn, sdk));
      }
      const gzip = gzipSync(await readFile(join(out, 'index.mjs'))).length;
      const ownInitMs = round(median(own.map((r) => r.cpuMs)));
      rows.push({
        function: fn,
        minifiedKB: kb(bytes),
        gzipKB: kb(gzip),
        ownInitMs,
        ownInitFastestMs: round(Math.min(...own.map((r) => r.cpuMs))),
        ownInitWallMs: round(median(own.map((r) => r.wallMs))),
        coldImportMs: round(median(whole.map((r) => r.cpuMs))),
        coldImportWallMs: round(median(whole.map((r) => r.wallMs))),
        sdkAtInit: sdk,
        withinGoal: kb(bytes) <= GOAL_KB && ownInitMs <= GOAL_INIT_MS,
        composition: composition(output.inputs),
      });
    }
    return {
      method:
        'esbuild via infra/aws/bundle.ts (as cdk synth): ESM, minified, node24, @aws-sdk/* external (provided by the nodejs24.x runtime), source map beside the file and not counted. ' +
        `Cold import: median of ${runs} fresh Node processes each (node --enable-source-maps, AWS_LAMBDA_FUNCTION_NAME set), CPU time (user + system) of import('index.mjs'), ` +
        'close to its wall time on an idle machine and, unlike wall time, hardly growing with other work on a shared one (wall time beside it). ' +
        'ownInitMs: the bundle alone, the runtime SDK clients it imports at init (sdkAtInit) loaded before (ownInitFastestMs: its fastest run, the least disturbed by other work); ' +
        'coldImportMs: the bundle with those clients. ' +
        'withinGoal: minifiedKB <= goalKB and ownInitMs <= goalInitMs.',
      goalKB: GOAL_KB,
      goalInitMs: GOAL_INIT_MS,
      loadAverage: { before: round(loadBefore), after: round(loadavg()[0]!) },
      rows,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
