import { type Channel, consentProblems, type Person, type Photos } from '@newsroom/domain/consent.ts';
import { AltText, derivativesOf, focalCrop, StoryPhoto } from '@newsroom/domain/photos.ts';
import { contentHash, readBackProblems } from '@newsroom/domain/read-back.ts';
import { consentSubject, type Story } from '@newsroom/domain/story.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADULT, consentFor } from '../fixtures/consent.ts';

const NOW = new Date('2026-06-01T10:00:00Z');
const photo = (persons: { personId: string; recognisable: boolean }[], alt = 'Zwei Hände halten einen Schlüssel.') => ({
  id: 'abcdefabcdef',
  alt,
  credit: 'Caritas',
  licence: 'Nur für die Berichterstattung.',
  focal: { x: 0.5, y: 0.5 },
  persons,
  ...(persons.length ? {} : { noPerson: true }),
});
const subject = (photos: ReturnType<typeof photo>[], scopePhotos: Photos, channels: Channel[] = ['website', 'press']) => ({
  partner: 'caritas' as const,
  channels: ['website', 'press'] as Channel[],
  persons: [ADULT],
  consents: [consentFor('A', { scope: { ...consentFor().scope, photos: scopePhotos, channels } })],
  photos,
});

describe('the consent rule covers photos', () => {
  it('a recognisable person needs consent to recognisable photos; the refusal names the person and the photo', () => {
    const problems = consentProblems(subject([photo([{ personId: 'A', recognisable: true }])], 'not-recognisable'), NOW);
    expect(problems).toEqual([
      'Person A, Foto „Zwei Hände halten einen Schlüssel.“: Die Einwilligung deckt „Fotos, auf denen die Person erkennbar ist“ nicht ab (erlaubt: Fotos, auf denen die Person nicht erkennbar ist).',
    ]);
    expect(consentProblems(subject([photo([{ personId: 'A', recognisable: true }])], 'recognisable'), NOW)).toEqual([]);
  });

  it('a person shown but not recognisable needs at least consent to photos on which they are not recognisable', () => {
    expect(consentProblems(subject([photo([{ personId: 'A', recognisable: false }])], 'none'), NOW)).toEqual([
      'Person A, Foto „Zwei Hände halten einen Schlüssel.“: Die Einwilligung deckt „Fotos, auf denen die Person nicht erkennbar ist“ nicht ab (erlaubt: keine Fotos).',
    ]);
    expect(consentProblems(subject([photo([{ personId: 'A', recognisable: false }])], 'not-recognisable'), NOW)).toEqual([]);
  });

  it('every channel of the story: a consent without the feed refuses the photo there too', () => {
    const problems = consentProblems(subject([photo([{ personId: 'A', recognisable: true }])], 'recognisable', ['website']), NOW);
    expect(problems).toContain(
      'Person A, Foto „Zwei Hände halten einen Schlüssel.“: Die Einwilligung deckt das Foto im Kanal „Pressemitteilung / Feed“ nicht ab.',
    );
  });

  it('„keine Person erkennbar“ asks nothing of anyone; a photo of someone not in the story is refused', () => {
    expect(consentProblems(subject([photo([])], 'none'), NOW)).toEqual([]);
    expect(consentProblems(subject([photo([{ personId: 'B', recognisable: false }])], 'recognisable'), NOW)).toEqual([
      'Foto „Zwei Hände halten einen Schlüssel.“: Person B kommt in der Geschichte nicht vor. Bitte die Person anlegen oder die Angabe entfernen.',
    ]);
  });

  it('a story gives its photos to the rule (consentSubject), so the workflow and the site judge them', () => {
    const story = {
      partner: 'caritas',
      channels: ['website'],
      persons: [ADULT],
      consents: [consentFor()],
      showMunicipality: true,
      photos: [photo([{ personId: 'A', recognisable: true }])],
    } as unknown as Story;
    expect(consentProblems(consentSubject(story), NOW)).toHaveLength(1);
  });

  const level = (p: Photos) => ['none', 'not-recognisable', 'recognisable'].indexOf(p);
  it('property: publication is allowed if and only if every shown person’s consent covers the photo’s level on every channel', () => {
    const seen = { allowed: 0, refused: 0 };
    const ids = ['A', 'B', 'C'];
    const channelList: Channel[] = ['website', 'press', 'print', 'social'];
    fc.assert(
      fc.property(
        fc.subarray(ids, { minLength: 1 }),
        fc.subarray(channelList, { minLength: 1 }),
        // Per person: the photo level consented to, and whether the consent leaves out one of the story's channels (one in five).
        fc.array(fc.record({ photos: fc.constantFrom<Photos>('none', 'not-recognisable', 'recognisable'), dropChannel: fc.integer({ min: 0, max: 4 }) }), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.array(fc.array(fc.record({ personId: fc.constantFrom(...ids, 'D'), recognisable: fc.boolean() }), { maxLength: 3 }), { maxLength: 4 }),
        (personIds, channels, scopes, tags) => {
          const persons: Person[] = personIds.map((id) => ({ ...ADULT, id, shows: { naming: 'anonymous', photos: 'none', details: [] } }));
          const consents = personIds.map((id) => {
            const s = scopes[ids.indexOf(id)]!;
            const granted = s.dropChannel === 0 ? channels.slice(1) : channels;
            return consentFor(id, { scope: { channels: granted, naming: 'anonymous', photos: s.photos, details: [], specialCategories: false } });
          });
          const photos = tags.map((t, i) => photo([...new Map(t.map((x) => [x.personId, x])).values()], `Foto Nummer ${i + 1} zeigt einen Weg.`));
          const problems = consentProblems({ partner: 'caritas', channels, persons, consents, photos }, NOW);

          const consentOf = (id: string) => consents.find((c) => c.personId === id);
          const shown = photos.flatMap((p) => p.persons);
          const covered =
            persons.every((p) => channels.every((ch) => consentOf(p.id)!.scope.channels.includes(ch))) &&
            shown.every((s) => {
              const c = consentOf(s.personId);
              return c !== undefined && level(c.scope.photos) >= level(s.recognisable ? 'recognisable' : 'not-recognisable');
            });
          expect(problems.length === 0, problems.join('\n')).toBe(covered);
          seen[covered ? 'allowed' : 'refused']++;
        },
      ),
      { numRuns: 500 },
    );
    expect(seen.allowed).toBeGreaterThan(20);
    expect(seen.refused).toBeGreaterThan(20);
  });
});

describe('the read-back covers the photos', () => {
  const story = {
    title: 'Eine Geschichte',
    teaser: 'Ein Anreißer',
    body: 'Ein Text',
    municipality: 'Asperg',
    showMunicipality: true,
    persons: [ADULT],
  } as unknown as Story;
  const readBack = (s: Story) => ({
    date: '2026-01-02',
    how: 'read-aloud' as const,
    language: 'Deutsch',
    personIds: ['A'],
    contentHash: contentHash(s),
    recordedAt: '',
    recordedBy: '',
    recordedByName: '',
  });

  it('a story without photos hashes as before photos existed', () => {
    expect(contentHash({ ...story, photos: [] })).toBe(contentHash(story));
  });

  it('an added or changed photo voids the read-back', () => {
    const withPhoto = { ...story, photos: [StoryPhoto.parse(photo([{ personId: 'A', recognisable: false }]))] };
    expect(readBackProblems({ ...story, readBack: readBack(story) })).toEqual([]);
    expect(readBackProblems({ ...withPhoto, readBack: readBack(story) })[0]).toMatch(/nach der Rückbestätigung geändert/);
    const confirmed = { ...withPhoto, readBack: readBack(withPhoto) };
    expect(readBackProblems(confirmed)).toEqual([]);
    const recognisable = { ...confirmed, photos: [{ ...withPhoto.photos[0]!, persons: [{ personId: 'A', recognisable: true }] }] };
    expect(readBackProblems(recognisable)[0]).toMatch(/nach der Rückbestätigung geändert/);
    const swapped = { ...confirmed, photos: [{ ...withPhoto.photos[0]!, id: 'zzzzzzzzzzzz' }] };
    expect(readBackProblems(swapped)[0]).toMatch(/nach der Rückbestätigung geändert/);
  });
});

describe('photo descriptions and files', () => {
  it.each(['Bild von zwei Händen mit Schlüssel', 'Foto: Weinberge im Herbst', 'foto von einem Weg'])('the alt text „%s“ is refused with guidance', (alt) => {
    const r = AltText.safeParse(alt);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/beschreibt, was zu sehen ist/);
  });

  it('derivatives never upscale and keep the aspect ratio', () => {
    expect(derivativesOf('abcdefabcdef', 1000, 500).map((d) => [d.width, d.height, d.format])).toEqual([
      [480, 240, 'avif'],
      [480, 240, 'webp'],
      [480, 240, 'jpeg'],
      [800, 400, 'avif'],
      [800, 400, 'webp'],
      [800, 400, 'jpeg'],
    ]);
    expect(derivativesOf('abcdefabcdef', 300, 200).map((d) => d.width)).toEqual([300, 300, 300]);
  });

  it('the Open Graph crop keeps the focal point in view, inside the picture', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 6000 }),
        fc.integer({ min: 200, max: 6000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (w, h, x, y) => {
          const c = focalCrop(w, h, { x, y });
          expect(c.left).toBeGreaterThanOrEqual(0);
          expect(c.top).toBeGreaterThanOrEqual(0);
          expect(c.left + c.width).toBeLessThanOrEqual(w);
          expect(c.top + c.height).toBeLessThanOrEqual(h);
          expect(x * w).toBeGreaterThanOrEqual(c.left - 1);
          expect(x * w).toBeLessThanOrEqual(c.left + c.width + 1);
          expect(y * h).toBeGreaterThanOrEqual(c.top - 1);
          expect(y * h).toBeLessThanOrEqual(c.top + c.height + 1);
        },
      ),
    );
  });
});
