import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importViolations, loadRules, relativeCrossings } from './import-rules.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A tree in which each rule is broken once, in the place the rule guards: what the
 * check must find there, no more and no less. The known type-only cycle of the domain
 * (read-back.ts ↔ story.ts) is in it too, and must pass.
 */
const BROKEN: Record<string, string> = {
  'functions/domain/rule.ts': "import '../store/table.ts';",
  'functions/domain/read-back.ts': "import type { Story } from './story.ts';\nexport type ReadBack = { story?: Story };",
  'functions/domain/story.ts': "import type { ReadBack } from './read-back.ts';\nexport type Story = { readBack?: ReadBack };\nexport const STORY = 1;",
  'functions/domain/a.ts': "import { B } from './b.ts';\nexport const A = B;",
  'functions/domain/b.ts': "import { A } from './a.ts';\nexport const B = () => A;",
  'functions/store/table.ts': "import '../stories/index.ts';",
  'functions/store/conflict.ts': 'export class Conflict extends Error {}',
  'functions/store/types.ts': 'export type Row = { id: string };',
  'functions/stories/index.ts': "import '../publish/plan.ts';",
  'functions/meta/index.ts': 'export const META = 1;',
  'functions/releases/index.ts': "import '../store/types.ts';",
  'functions/operations/stories.ts': "import '../stories/index.ts';",
  'functions/runtime/config.ts': "import '../domain/a.ts';",
  'functions/http/handler.ts': "import { Conflict } from '../store/conflict.ts';\nexport const conflict = Conflict;",
  'functions/publish/plan.ts':
    "import '../../site/newsroom/src/lib/pass.ts';\nimport type { Target } from './targets.ts';\nexport type Plan = { target?: Target };",
  'functions/publish/targets.ts': "import type { Plan } from './plan.ts';\nexport type Target = { plan?: Plan };",
  'site/contract/pass.ts': "import '../../functions/store/types.ts';",
  'site/newsroom/src/lib/pass.ts': "import '../../../contract/pass.ts';\nimport '../../../../functions/meta/index.ts';",
  'site/newsroom/src/lib/format.ts': "import '../../../../infra/local/server.ts';",
  'package.json': JSON.stringify({ workspaces: ['site/redaktion'] }),
  'site/redaktion/package.json': JSON.stringify({ name: '@newsroom/redaktion' }),
  'site/newsroom/src/pages/index.astro': "---\nimport { main } from '@newsroom/redaktion/src/main.ts';\n---\n<p>{main}</p>",
  'site/redaktion/src/main.ts': "import type { Row } from '../../../functions/store/types.ts';\nexport const main: Row[] = [];",
  'site/redaktion/src/pages/index.astro': "<main></main>\n<script>\n  import '../../../newsroom/src/lib/format.ts';\n</script>",
  'infra/local/server.ts': "import '../../test/fixture.ts';",
  'infra/aws/stack.ts': "import '../local/server.ts';",
  'test/fixture.ts': "import '../functions/domain/story.ts';",
};

describe('the import rules (.dependency-cruiser.mjs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'architecture-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hold in this repository', async () => {
    const violations = await importViolations(REPO, await loadRules());
    expect(violations, `imports that break the architecture:\n${violations.join('\n')}`).toEqual([]);
  });

  it('are written with package names wherever an import leaves its package', () => {
    const crossings = relativeCrossings(REPO);
    expect(crossings, `imports by relative path into another package:\n${crossings.join('\n')}`).toEqual([]);
  });

  it('find a relative import into another package, and only that', () => {
    const tree = mkdtempSync(join(tmpdir(), 'crossings-'));
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ workspaces: ['functions/domain', 'functions/store'] }),
      'functions/domain/package.json': JSON.stringify({ name: '@newsroom/domain' }),
      'functions/store/package.json': JSON.stringify({ name: '@newsroom/store' }),
      'functions/domain/story.ts': 'export const STORY = 1;',
      'functions/store/by-name.ts': "import { STORY } from '@newsroom/domain/story.ts';\nimport { ROW } from './row.ts';\nexport const X = [STORY, ROW];",
      'functions/store/row.ts': "import { STORY } from '../domain/story.ts';\nexport const ROW = STORY;",
      'functions/store/view.astro': "---\nimport { STORY } from '../domain/story.ts';\n---\n<p>{STORY}</p>",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(tree, dirname(path)), { recursive: true });
      writeFileSync(join(tree, path), `${text}\n`);
    }
    try {
      expect(relativeCrossings(tree)).toEqual([
        'relative-import-across-packages: functions/store/row.ts → functions/domain/story.ts',
        'relative-import-across-packages: functions/store/view.astro → functions/domain/story.ts',
      ]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('find each kind of break, also in .astro files, and only those', async () => {
    for (const [path, text] of Object.entries(BROKEN)) {
      mkdirSync(join(dir, dirname(path)), { recursive: true });
      writeFileSync(join(dir, path), `${text}\n`);
    }
    expect(await importViolations(dir, await loadRules())).toEqual([
      'apps-are-separate: site/newsroom/src/pages/index.astro → site/redaktion/src/main.ts',
      'apps-are-separate: site/redaktion/src/pages/index.astro → site/newsroom/src/lib/format.ts',
      'aws-reads-no-local: infra/aws/stack.ts → infra/local/server.ts',
      'code-reads-no-infra: site/newsroom/src/lib/format.ts → infra/local/server.ts',
      'config-reads-nothing: functions/runtime/config.ts → functions/domain/a.ts',
      'contract-reads-domain-only: site/contract/pass.ts → functions/store/types.ts',
      'domain-is-pure: functions/domain/rule.ts → functions/store/table.ts',
      'editor-reads-no-store: site/redaktion/src/main.ts → functions/store/types.ts',
      'entry-points-use-operations: functions/releases/index.ts → functions/store/types.ts',
      'handlers-point-down: functions/stories/index.ts → functions/publish/plan.ts',
      'http-adapter-reads-no-store: functions/http/handler.ts → functions/store/conflict.ts',
      'newsroom-reads-domain-and-store: site/newsroom/src/lib/pass.ts → functions/meta/index.ts',
      'no-circular-at-run-time: functions/domain/a.ts → functions/domain/b.ts → functions/domain/a.ts',
      'no-circular: functions/domain/a.ts → functions/domain/b.ts → functions/domain/a.ts',
      'no-circular: functions/publish/targets.ts → functions/publish/plan.ts → functions/publish/targets.ts',
      'only-tests-read-tests: infra/local/server.ts → test/fixture.ts',
      'operations-below-entry-points: functions/operations/stories.ts → functions/stories/index.ts',
      'publisher-reads-no-app: functions/publish/plan.ts → site/newsroom/src/lib/pass.ts',
      'store-reads-domain-only: functions/store/table.ts → functions/stories/index.ts',
    ]);
  });
});
