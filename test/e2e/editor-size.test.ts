import { describe, expect, it } from 'vitest';
import { editorSize, GOAL_KB, PAGES } from '../bench/editor-size.ts';

/**
 * The limit of issue 15 as a test, measured exactly as `npm run bench editor` measures it
 * (test/bench/editor-size.ts): the production build, every screen opened cold in Chromium,
 * every script it loads until its sections are shown gzipped and summed. A screen that pulls
 * a big dependency in eagerly instead of on use pushes its page over the limit and fails here.
 */
describe('the editor’s JavaScript per page', () => {
  it(`stays at or under ${GOAL_KB} KB gzipped on every screen`, { timeout: 900_000 }, async () => {
    const { rows } = await editorSize();
    expect(rows.map((r) => r.page)).toEqual(PAGES.map((p) => p.page));
    for (const row of rows) {
      // A screen that failed to start would load little and pass for the wrong reason.
      expect(row.heading, row.page).not.toMatch(/nicht starten|nicht gefunden|nicht geklappt|aktualisiert/i);
      expect(row.scripts, row.page).toBeGreaterThan(0);
    }
    const over = rows.filter((r) => !r.withinGoal).map((r) => `${r.page}: ${r.gzipKB} KB`);
    expect(over, `über ${GOAL_KB} KB`).toEqual([]);
  });
});
