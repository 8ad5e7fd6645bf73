import { contentHash, readBackProblems } from '@newsroom/domain/read-back.ts';
import type { Story } from '@newsroom/domain/story.ts';
import { describe, expect, it } from 'vitest';
import { ADULT, consented, withReadBack } from '../fixtures/consent.ts';

const base = {
  id: 's1',
  slug: 's',
  title: 'Eine Geschichte aus Tamm',
  teaser: 'Ein Anreißer, der lang genug ist für die Prüfung.',
  municipality: 'Tamm',
  topics: ['wohnen'],
  body: 'Der endgültige Text, so wie er vorgelesen wurde.',
  partner: 'caritas',
  status: 'submitted',
  version: 1,
  authorId: 'a',
  authorName: 'A',
  createdAt: '2026-01-01',
  updatedAt: '2026-01-01',
  audit: [],
  ...consented,
} as unknown as Story;

describe('read-back approval is bound to the text', () => {
  it('covers the text it was recorded for', () => {
    expect(readBackProblems(withReadBack(base))).toEqual([]);
  });

  it('is voided by any change of what is shown: text, title, teaser, municipality, declared details', () => {
    const confirmed = withReadBack(base);
    for (const changed of [
      { body: `${base.body} Ein Satz mehr.` },
      { title: 'Ein anderer Titel' },
      { teaser: 'Ein anderer Anreißer für die Geschichte.' },
      { municipality: 'Asperg' },
      { persons: [{ ...ADULT, shows: { ...ADULT.shows, details: ['origin'] } }] },
    ] as Partial<Story>[]) {
      expect(readBackProblems({ ...confirmed, ...changed })[0]).toMatch(/nach der Rückbestätigung geändert/);
    }
  });

  it('names persons who did not confirm, and is missing until recorded', () => {
    const two = { ...base, persons: [ADULT, { ...ADULT, id: 'B' }] };
    const onlyA = withReadBack(two);
    onlyA.readBack = { ...onlyA.readBack!, personIds: ['A'] };
    expect(readBackProblems(onlyA)).toEqual(['Person B: Die Rückbestätigung des Textes fehlt.']);
    expect(readBackProblems(base)[0]).toMatch(/Rückbestätigung fehlt/);
  });

  it('hashes deterministically', () => {
    expect(contentHash(base)).toBe(contentHash({ ...base }));
    expect(contentHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });
});
