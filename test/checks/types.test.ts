import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { resultFile } from './start.ts';
import { TYPE_CHECKS, type TypeCheckName, type TypeCheckResult } from './type-checks.ts';

/** The type checks started by the global setup (start.ts): each must end without an error. */
async function resultOf(name: TypeCheckName): Promise<TypeCheckResult> {
  const file = resultFile(inject('typeChecksDir'), name);
  while (!existsSync(file)) await sleep(250);
  return JSON.parse(readFileSync(file, 'utf8')) as TypeCheckResult;
}

describe.concurrent('every package type-checks', () => {
  it.each(Object.keys(TYPE_CHECKS) as TypeCheckName[])('%s reports no error', async (name) => {
    const result = await resultOf(name);
    // The checker's own report is the message: file, line and what is wrong.
    expect(result.code, result.output.trim()).toBe(0);
    // astro check exits 0 when it cannot start too; a finished check ends with its count.
    if (name.startsWith('astro')) expect(result.output).toMatch(/Result \(\d+ files\)/);
  });
});
