import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type IForbiddenRuleType } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import ts from 'typescript';

/**
 * The import rules of .dependency-cruiser.mjs, checked over a source tree: every
 * module dependency-cruiser reads, and the imports of .astro files (frontmatter and
 * <script> blocks), which it cannot read. Each violation comes back as one readable
 * line: "rule: from → to" (a cycle names its whole way).
 */
export const CONFIG = fileURLToPath(new URL('../../.dependency-cruiser.mjs', import.meta.url));
export const ROOTS = ['functions', 'site', 'infra', 'test', 'content'];

export async function loadRules(): Promise<ICruiseOptions> {
  return extractDepcruiseOptions(CONFIG);
}

export async function importViolations(baseDir: string, options: ICruiseOptions): Promise<string[]> {
  const roots = ROOTS.filter((r) => readdirSync(baseDir).includes(r));
  const { output } = await cruise(roots, { ...options, baseDir, validate: true, outputType: 'json' });
  const result = typeof output === 'string' ? JSON.parse(output) : output;
  const found: string[] = result.summary.violations.map((v: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }) =>
    v.cycle ? `${v.rule.name}: ${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')}` : `${v.rule.name}: ${v.from} → ${v.to}`,
  );
  const astro = astroImports(baseDir, roots);
  return [...found, ...ruleViolations(options.ruleSet?.forbidden ?? [], astro)].sort();
}

/**
 * Imports that leave their workspace package by a relative path (`../../store/x.ts`)
 * instead of its name (`@newsroom/store/x.ts`): the name is what tells a reader, and
 * the rules above, which package a module leans on. One line per import:
 * "relative-import-across-packages: from → to".
 */
export function relativeCrossings(baseDir: string): string[] {
  const folders = [...workspaceFolders(baseDir).values()];
  const packageOf = (path: string) => folders.filter((f) => path.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
  const out: string[] = [];
  for (const root of ROOTS.filter((r) => readdirSync(baseDir).includes(r))) {
    for (const entry of readdirSync(join(baseDir, root), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|mts|mjs|js|astro)$/.test(entry.name)) continue;
      const file = join(entry.parentPath, entry.name);
      if (file.split(sep).some((part) => part === 'node_modules' || part === 'dist' || part === '.astro')) continue;
      const from = relative(baseDir, file).split(sep).join('/');
      const own = packageOf(from);
      if (!own) continue;
      const source = readFileSync(file, 'utf8');
      const specifiers = entry.name.endsWith('.astro') ? astroSpecifiers(source) : ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
      for (const specifier of specifiers.filter((s) => s.startsWith('.'))) {
        const to = relative(baseDir, resolve(dirname(file), specifier))
          .split(sep)
          .join('/');
        if (!to.startsWith(`${own}/`) && !to.startsWith('node_modules/')) out.push(`relative-import-across-packages: ${from} → ${to}`);
      }
    }
  }
  return out.sort();
}

/** Where each workspace package of the tree lives: its name (`@newsroom/domain`) to its folder (`functions/domain`). */
function workspaceFolders(baseDir: string): Map<string, string> {
  const folders = new Map<string, string>();
  let workspaces: string[] = [];
  try {
    workspaces = JSON.parse(readFileSync(join(baseDir, 'package.json'), 'utf8')).workspaces ?? [];
  } catch {
    return folders;
  }
  for (const folder of workspaces) folders.set(JSON.parse(readFileSync(join(baseDir, folder, 'package.json'), 'utf8')).name, folder);
  return folders;
}

/** Every import of our own code by every .astro file under `roots` (relative or by workspace package name), as repository paths. */
export function astroImports(baseDir: string, roots: string[]): { from: string; to: string }[] {
  const edges: { from: string; to: string }[] = [];
  const packages = workspaceFolders(baseDir);
  for (const root of roots) {
    for (const entry of readdirSync(join(baseDir, root), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.astro')) continue;
      const file = join(entry.parentPath, entry.name);
      if (file.split(sep).some((part) => part === 'node_modules' || part === 'dist' || part === '.astro')) continue;
      const from = relative(baseDir, file).split(sep).join('/');
      for (const specifier of astroSpecifiers(readFileSync(file, 'utf8'))) {
        const named = /^(@[^/]+\/[^/]+)\/(.+)$/.exec(specifier);
        const folder = named && packages.get(named[1]!);
        if (folder) edges.push({ from, to: `${folder}/${named![2]}` });
        else if (specifier.startsWith('.'))
          edges.push({
            from,
            to: relative(baseDir, resolve(dirname(file), specifier))
              .split(sep)
              .join('/'),
          });
      }
    }
  }
  return edges;
}

/** The module specifiers a component imports: in its frontmatter and in its scripts. */
function astroSpecifiers(source: string): string[] {
  const code: string[] = [];
  const frontmatter = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(source);
  if (frontmatter) code.push(frontmatter[1]!);
  for (const script of source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) code.push(script[1]!);
  return code.flatMap((c) => ts.preProcessFile(c, true, true).importedFiles.map((f) => f.fileName));
}

type Condition = Record<string, unknown> & { path?: string | string[]; pathNot?: string | string[]; circular?: boolean };
const patterns = (p: string | string[] | undefined) => (p === undefined ? [] : Array.isArray(p) ? p : [p]);

/**
 * dependency-cruiser's matching for rules of `path` and `pathNot`, including its
 * group references: `$1` in a `to` pattern stands for the first group `from.path`
 * captured. A rule with any other condition cannot be judged here, and says so.
 */
export function ruleViolations(rules: IForbiddenRuleType[], edges: { from: string; to: string }[]): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    if (!('from' in rule) || !('to' in rule)) throw new Error(`rule ${rule.name}: only from/to rules can be checked for .astro files`);
    const from = rule.from as Condition;
    const to = rule.to as Condition;
    if (to.circular) continue;
    for (const side of [from, to]) {
      const other = Object.keys(side).filter((k) => k !== 'path' && k !== 'pathNot');
      if (other.length) throw new Error(`rule ${rule.name}: ${other.join(', ')} cannot be checked for .astro files`);
    }
    for (const edge of edges) {
      const match = patterns(from.path)
        .map((p) => new RegExp(p).exec(edge.from))
        .find(Boolean);
      if (from.path !== undefined && !match) continue;
      if (patterns(from.pathNot).some((p) => new RegExp(p).test(edge.from))) continue;
      const groups = (p: string) => p.replace(/\$(\d)/g, (_, n: string) => match?.[Number(n)] ?? '');
      if (to.path !== undefined && !patterns(to.path).some((p) => new RegExp(groups(p)).test(edge.to))) continue;
      if (patterns(to.pathNot).some((p) => new RegExp(groups(p)).test(edge.to))) continue;
      out.push(`${rule.name}: ${edge.from} → ${edge.to}`);
    }
  }
  return out;
}
