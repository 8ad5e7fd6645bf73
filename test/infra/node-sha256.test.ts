import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunction } from '@newsroom/infra-aws/bundle.ts';
import * as node from '@newsroom/infra-aws/node-sha256.ts';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { afterAll, describe, expect, it } from 'vitest';

const texts = [
  '',
  'abc',
  'Die Größe der Übergänge: „ä“, ß, € und 👩🏽‍🦱 in einem Satz.',
  // A lone surrogate: both encode it as U+FFFD.
  'kaputt \ud800 Ende',
  JSON.stringify(['Titel', 'Teaser', 'Text '.repeat(5_000), 'Landkreis', [['A', 'face']]]),
];

describe('SHA-256 from node:crypto in the Lambda bundles (infra/aws/node-sha256.ts)', () => {
  it.each(texts.map((t) => [t.slice(0, 30), t] as const))('hashes %j exactly as @noble/hashes does, which the editor uses', (_, text) => {
    const noble = bytesToHex(sha256(utf8ToBytes(text)));
    expect(node.bytesToHex(node.sha256(node.utf8ToBytes(text)))).toBe(noble);
    expect(node.utf8ToBytes(text)).toEqual(utf8ToBytes(text));
  });

  it('turns a view into part of a larger buffer into hex, not the whole buffer', () => {
    const bytes = new Uint8Array([0, 1, 2, 254, 255, 9]).subarray(2, 5);
    expect(node.bytesToHex(bytes)).toBe(bytesToHex(bytes));
  });

  const out = mkdtempSync(join(tmpdir(), 'node-sha256-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('replaces @noble/hashes in the stories bundle', async () => {
    const { metafile } = await bundleFunction('functions/stories/index.ts', out);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContain('infra/aws/node-sha256.ts');
    expect(inputs.filter((i) => i.includes('@noble/hashes'))).toEqual([]);
  });
});
