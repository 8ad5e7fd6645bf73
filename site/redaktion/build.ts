import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EDITOR_ROOT = fileURLToPath(new URL('./', import.meta.url));
export const EDITOR_DIST = join(EDITOR_ROOT, 'dist');
const ASTRO_CLI = fileURLToPath(new URL('../../node_modules/astro/bin/astro.mjs', import.meta.url));
/** The editor bundles the domain's renderer and labels, so their changes count too. */
const SOURCES = [
  join(EDITOR_ROOT, 'src'),
  join(EDITOR_ROOT, 'public'),
  join(EDITOR_ROOT, 'astro.config.mjs'),
  fileURLToPath(new URL('../../functions/domain', import.meta.url)),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
}

/** Builds the editor's static files unless the build is newer than every source. */
export async function ensureEditorBuilt(log: (msg: string) => void): Promise<void> {
  const built = newestMtime(join(EDITOR_DIST, 'index.html'));
  if (built > 0 && built >= Math.max(...SOURCES.map(newestMtime))) return;
  log('Redaktion wird gebaut …');
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [ASTRO_CLI, 'build', '--root', EDITOR_ROOT, '--silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c;
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`editor build failed (${code}):\n${output}`))));
  });
  log(`Redaktion gebaut in ${Math.round(performance.now() - started)} ms.`);
}
