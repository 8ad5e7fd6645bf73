import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FUNCTIONS } from '../../functions/http/routes.ts';
import { bundleFunction } from '../../infra/aws/bundle.ts';

/** The goal per function: minified, AWS SDK excluded (the runtime ships it). */
export const GOAL_KB = 150;

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** Which package (or folder of ours) the bytes of a bundle come from, largest first. */
function composition(inputs: Record<string, { bytesInOutput: number }>): Record<string, number> {
  const by: Record<string, number> = {};
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const key = path.includes('node_modules/')
      ? path.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1')
      : path.split('/').slice(0, 2).join('/');
    by[key] = (by[key] ?? 0) + bytesInOutput;
  }
  return Object.fromEntries(Object.entries(by).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, kb(v)]));
}

/**
 * Bundles every Lambda exactly as the CDK stack does (infra/aws/bundle.ts) and measures
 * the minified `index.mjs`, its gzip size (close to what Lambda downloads and unpacks)
 * and where the bytes come from.
 */
export async function bundleSizes() {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-sizes-'));
  try {
    const rows = [];
    for (const fn of [...FUNCTIONS, 'scheduler']) {
      const out = join(dir, fn);
      const { bytes, metafile } = await bundleFunction(`functions/${fn}/index.ts`, out);
      const output = Object.values(metafile.outputs).find((o) => o.entryPoint)!;
      const gzip = gzipSync(await readFile(join(out, 'index.mjs'))).length;
      rows.push({ function: fn, minifiedKB: kb(bytes), gzipKB: kb(gzip), withinGoal: kb(bytes) <= GOAL_KB, composition: composition(output.inputs) });
    }
    return {
      method: 'esbuild via infra/aws/bundle.ts (as cdk synth): ESM, minified, node24, @aws-sdk/* external (provided by the nodejs24.x runtime), source map beside the file and not counted',
      goalKB: GOAL_KB,
      rows,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
