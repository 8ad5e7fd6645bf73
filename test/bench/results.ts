import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../bench/results/', import.meta.url));

/** Writes one benchmark's figures with the date and the machine, for comparison over time. */
export function writeResult(name: string, figures: Record<string, unknown>): string {
  mkdirSync(DIR, { recursive: true });
  const file = `${DIR}${name}.json`;
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        name,
        date: new Date().toISOString(),
        machine: {
          cores: cpus().length,
          cpu: cpus()[0]?.model,
          memoryGiB: Math.round(totalmem() / 2 ** 30),
          node: process.version,
          platform: process.platform,
          arch: process.arch,
        },
        ...figures,
      },
      null,
      2,
    )}\n`,
  );
  return file;
}

/** Writes a Markdown table beside the figures (bench/results/<name>.md), for people. */
export function writeTable(name: string, markdown: string): string {
  mkdirSync(DIR, { recursive: true });
  const file = `${DIR}${name}.md`;
  writeFileSync(
    file,
    `${markdown}\n\nMeasured ${new Date().toISOString()} on ${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.\n`,
  );
  return file;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (n: number) => Math.round(n * 10) / 10;
