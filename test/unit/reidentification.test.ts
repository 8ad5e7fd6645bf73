import type { Person } from '@newsroom/domain/consent.ts';
import type { Municipality } from '@newsroom/domain/municipalities.ts';
import { reidentificationWarnings } from '@newsroom/domain/reidentification.ts';
import type { Story } from '@newsroom/domain/story.ts';
import { describe, expect, it } from 'vitest';
import { ADULT, consented } from '../fixtures/consent.ts';

const story = (person: Partial<Person['shows']>, over: Partial<Story> = {}) =>
  ({
    id: 's',
    slug: 's',
    title: 'T',
    partner: 'caritas',
    status: 'draft',
    version: 1,
    authorId: 'a',
    authorName: 'A',
    createdAt: '',
    updatedAt: '',
    audit: [],
    municipality: 'Freudental',
    ...consented,
    persons: [{ ...ADULT, shows: { ...ADULT.shows, ...person } }],
    ...over,
  }) as Story;
const ctx = (clients?: number) => ({ clientsIn: new Map<Municipality, number>(clients === undefined ? [] : [['Freudental', clients]]), threshold: 5 });

describe('re-identification warnings', () => {
  it('origin in a municipality with fewer clients than the threshold', () => {
    expect(reidentificationWarnings(story({ details: ['origin'] }), ctx(3))[0]).toMatch(
      /^Person A: Herkunftsland und Wohnort zusammen: In Freudental .* weniger als 5 Menschen/,
    );
    expect(reidentificationWarnings(story({ details: ['origin'] }), ctx(40))).toEqual([]);
  });

  it('no warning when the story does not name the municipality', () => {
    expect(reidentificationWarnings(story({ details: ['origin'] }, { showMunicipality: false }), ctx(3))).toEqual([]);
  });

  it('employer or school in a small town', () => {
    expect(reidentificationWarnings(story({ details: ['employer'] }), ctx(12))[0]).toMatch(/Arbeitgeber oder Schule in einem kleinen Ort/);
    expect(reidentificationWarnings(story({ details: ['employer'] }), ctx(30))).toEqual([]);
  });

  it('origin, employer and place without figures', () => {
    expect(reidentificationWarnings(story({ details: ['origin', 'employer'] }), ctx())[0]).toMatch(/keine Zahlen vor/);
  });

  it('a name with origin, and a recognisable photo with religion', () => {
    expect(reidentificationWarnings(story({ naming: 'first-name', details: ['origin'] }), ctx(100))[0]).toMatch(/Name, Herkunftsland und Wohnort/);
    expect(reidentificationWarnings(story({ photos: 'recognisable', details: ['religion'] }), ctx(100))[0]).toMatch(
      /erkennbares Foto zusammen mit der Religion/,
    );
  });

  it('nothing to warn about for a pseudonymous story without details', () => {
    expect(reidentificationWarnings(story({}), ctx(1))).toEqual([]);
  });
});
