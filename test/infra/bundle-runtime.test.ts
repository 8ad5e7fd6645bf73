import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunction, MAX_BUNDLE_KB, REPO_ROOT } from '@newsroom/infra-aws/bundle.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What a bundle leaves to the Lambda runtime must be in the runtime. The nodejs24.x runtime
 * ships the AWS SDK v3 service clients and the DynamoDB document client; it has no
 * `@aws-sdk/s3-presigned-post` (nor helpers like `@aws-sdk/core/util` in the version that
 * package needs), so a function importing it must carry it, and still weigh at most
 * MAX_BUNDLE_KB. The stack's own functions without their own bundler (the publisher and the
 * photo processor have theirs) are bundled here exactly as `cdk synth` does.
 */
const IN_RUNTIME = /^@aws-sdk\/(client-[a-z0-9-]+|lib-dynamodb)$/;
const OWN_BUNDLER = new Set(['publish', 'photo-processing']);

let out: string;
const results = new Map<string, Awaited<ReturnType<typeof bundleFunction>>>();

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'bundle-runtime-'));
  const fns = (await readdir(join(REPO_ROOT, 'functions'), { withFileTypes: true }))
    .filter((d) => d.isDirectory() && !OWN_BUNDLER.has(d.name))
    .map((d) => d.name);
  for (const fn of fns) {
    const entry = `functions/${fn}/index.ts`;
    if (existsSync(join(REPO_ROOT, entry))) results.set(fn, await bundleFunction(entry, join(out, fn)));
  }
}, 120_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const externalSdk = (r: Awaited<ReturnType<typeof bundleFunction>>) => {
  const output = Object.entries(r.metafile.outputs).find(([file]) => file.endsWith('index.mjs'))![1];
  return [...new Set(output.imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/')).map((i) => i.path))];
};

describe('Lambda bundles and the runtime', () => {
  it('every function leaves only service clients and the document client to the runtime', () => {
    expect(results.size).toBeGreaterThan(5);
    for (const [fn, r] of results) {
      expect({ fn, missingInRuntime: externalSdk(r).filter((p) => !IN_RUNTIME.test(p)) }).toEqual({ fn, missingInRuntime: [] });
    }
  });

  it('the photos function carries the presigned POST itself and stays within the size limit', () => {
    const photos = results.get('photos')!;
    const bundled = Object.keys(photos.metafile.inputs).filter((f) => f.includes('@aws-sdk/s3-presigned-post/'));
    expect(bundled.length).toBeGreaterThan(0);
    expect(externalSdk(photos)).not.toContain('@aws-sdk/s3-presigned-post');
    const bytes = Object.entries(photos.metafile.outputs).find(([file]) => file.endsWith('index.mjs'))![1].bytes;
    expect(bytes / 1024).toBeLessThanOrEqual(MAX_BUNDLE_KB);
  });
});
