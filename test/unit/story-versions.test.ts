import { diffWordsWhole } from '@newsroom/domain/story-diff.ts';
import { type VersionInfo, versionGroups, versionLabels } from '@newsroom/domain/story-history.ts';
import { headWords, tailWords } from '@newsroom/domain/word-cut.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const v = (version: number, autosave = false): VersionInfo => ({
  version,
  at: `2026-12-03T10:${String(version).padStart(2, '0')}:00Z`,
  by: 'u',
  byName: 'Miriam Keller',
  ...(autosave ? { autosave } : {}),
});

describe('versions as people count them', () => {
  it('what a person saved is numbered 1, 2, 3; automatic saves are steps of the version they led to; gaps from consents and steps vanish', () => {
    // 1 created; 2–4 automatic; 5 saved; 6 a consent (no version kept); 7 automatic; 8 saved
    const versions = [v(1), v(2, true), v(3, true), v(4, true), v(5), v(7, true), v(8)];
    expect(versionGroups(versions).map((g) => [g.number, g.head.version, g.steps.map((s) => s.version), g.open])).toEqual([
      [1, 1, [], false],
      [2, 5, [2, 3, 4], false],
      [3, 8, [7], false],
    ]);
    expect(Object.fromEntries(versionLabels(versions))).toEqual({
      1: 'Fassung 1',
      2: 'Fassung 2, Zwischenstand 1',
      3: 'Fassung 2, Zwischenstand 2',
      4: 'Fassung 2, Zwischenstand 3',
      5: 'Fassung 2',
      7: 'Fassung 3, Zwischenstand 1',
      8: 'Fassung 3',
    });
  });

  it('automatic saves after the last one a person saved are the next version, in work', () => {
    const labels = versionLabels([v(3, true), v(1), v(2, true)]);
    expect(Object.fromEntries(labels)).toEqual({ 1: 'Fassung 1', 2: 'Fassung 2, Zwischenstand 1', 3: 'Fassung 2 (in Arbeit)' });
  });

  it('versions saved before automatic saves were marked count as saved by a person, without gaps', () => {
    expect([...versionLabels([v(1), v(4), v(9)]).values()]).toEqual(['Fassung 1', 'Fassung 2', 'Fassung 3']);
  });

  it('property: every version gets exactly one label; the numbers of the groups run 1…n without gaps, in the order of saving', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (autos) => {
        const versions = [v(1), ...autos.map((a, i) => v(i + 2, a))];
        const groups = versionGroups(versions);
        expect(groups.map((g) => g.number)).toEqual(groups.map((_, i) => i + 1));
        expect(groups.flatMap((g) => [...g.steps, g.head].map((x) => x.version))).toEqual(versions.map((x) => x.version));
        expect(versionLabels(versions).size).toBe(versions.length);
        expect(groups.filter((g) => g.open).length).toBe(autos.at(-1) ? 1 : 0);
      }),
    );
  });
});

const changed = (a: string, b: string) =>
  diffWordsWhole(a, b)
    .filter((p) => p.added || p.removed)
    .map((p) => `${p.added ? '+' : '-'}${p.value}`);

describe('the word diff never cuts a word in half', () => {
  it.each([
    ['Олена працює в Тамм', 'Олеся працює в Тамм', ['-Олена', '+Олеся']],
    ['Sie heißt ሰላም', 'Sie heißt ሰላማት', ['-ሰላም', '+ሰላማት']],
    ['اسمي أمل', 'اسمي أملي', ['-أمل', '+أملي']],
    ['Schüler kommen'.normalize('NFD'), 'Schülerin kommen'.normalize('NFD'), ['-Schüler'.normalize('NFD'), '+Schülerin'.normalize('NFD')]],
    ['Sie bekam 10.000 Euro', 'Sie bekam 12.500 Euro', ['-10.000', '+12.500']],
    ['Sie lernt Deutsch', 'Sie lernte Deutsch', ['-lernt', '+lernte']],
  ])('%s → %s', (a, b, expected) => {
    expect(changed(a, b)).toEqual(expected);
  });

  it('property: every changed piece is whole words of the texts compared', () => {
    const word = fc.stringMatching(/^[a-zäöüßа-яሀ-ሿ]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.array(word, { minLength: 1, maxLength: 12 }), (xs, ys) => {
        const a = xs.join(' ');
        const b = ys.join(' ');
        const parts = diffWordsWhole(a, b);
        expect(
          parts
            .filter((p) => !p.added)
            .map((p) => p.value)
            .join(''),
        ).toBe(a);
        expect(
          parts
            .filter((p) => !p.removed)
            .map((p) => p.value)
            .join(''),
        ).toBe(b);
        for (const p of parts.filter((x) => x.added || x.removed)) {
          for (const w of p.value.split(/\s+/).filter(Boolean)) expect(p.added ? ys : xs).toContain(w);
        }
      }),
    );
  });
});

describe('a long unchanged stretch is shortened between words', () => {
  it('start and end end and begin at white space', () => {
    const t = 'Frau C. hat nach einem Praktikum eine Stelle in der Pflege gefunden. Der Weg dorthin war lang.';
    expect(headWords(t, 20)).toBe('Frau C. hat nach');
    expect(tailWords(t, 20)).toBe('dorthin war lang.');
  });

  it('a word longer than the length asked for is kept whole', () => {
    expect(headWords('Donaudampfschifffahrtsgesellschaft fährt', 5)).toBe('Donaudampfschifffahrtsgesellschaft');
    expect(tailWords('sie fährt Donaudampfschifffahrtsgesellschaft', 5)).toBe('Donaudampfschifffahrtsgesellschaft');
  });

  it('property: the start is a prefix and the end a suffix of the text, each a run of whole words', () => {
    const text = fc.array(fc.stringMatching(/^[A-Za-zäöüÄÖÜß]{1,14}$/), { minLength: 1, maxLength: 60 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 200 }), (t, n) => {
        const head = headWords(t, n);
        const tail = tailWords(t, n);
        expect(t.startsWith(head)).toBe(true);
        expect(t.endsWith(tail)).toBe(true);
        expect(head.length === t.length || /\s/.test(t[head.length]!)).toBe(true);
        expect(tail.length === t.length || /\s/.test(t[t.length - tail.length - 1]!)).toBe(true);
      }),
    );
  });
});
