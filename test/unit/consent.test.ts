import {
  AGE_GROUPS,
  CHANNELS,
  type Channel,
  ConsentInput,
  type ConsentRecord,
  type ConsentSubject,
  consentProblems,
  consentStatus,
  DETAILS,
  type Detail,
  NAMINGS,
  type Person,
  PHOTOS,
} from '@newsroom/domain/consent.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADULT, consentFor } from '../fixtures/consent.ts';

const NOW = new Date('2026-06-15T10:00:00Z');
const subject = (persons: Person[], consents: ConsentRecord[], channels: Channel[] = ['website', 'press']): ConsentSubject => ({
  partner: 'caritas',
  channels,
  persons,
  consents,
});

describe('the consent rule names what is missing, per person, in German', () => {
  it('covered: no problems', () => {
    expect(consentProblems(subject([ADULT], [consentFor()]), NOW)).toEqual([]);
  });

  it('a detail the consent does not cover', () => {
    const b: Person = { ...ADULT, id: 'B', shows: { ...ADULT.shows, details: ['origin'] } };
    expect(consentProblems(subject([ADULT, b], [consentFor('A'), consentFor('B')]), NOW)).toEqual(['Person B: Einwilligung deckt „Herkunftsland“ nicht ab.']);
  });

  it('no consent, withdrawn, expired, not yet valid', () => {
    const persons = ['A', 'B', 'C', 'D'].map((id) => ({ ...ADULT, id }));
    const problems = consentProblems(
      subject(persons, [
        consentFor('B', { withdrawal: { date: '2026-06-01', receivedVia: 'phone' } }),
        consentFor('C', { validUntil: '2026-06-14' }),
        consentFor('D', { date: '2026-06-16' }),
      ]),
      NOW,
    );
    expect(problems).toEqual([
      'Person A: Es liegt keine Einwilligung vor.',
      'Person B: Die Einwilligung wurde am 01.06.2026 widerrufen.',
      'Person C: Die Einwilligung ist am 14.06.2026 abgelaufen.',
      'Person D: Die Einwilligung gilt erst ab 16.06.2026.',
    ]);
  });

  it('valid through the last day, in Berlin time', () => {
    const lastDay = consentFor('A', { validUntil: '2026-06-15' });
    expect(consentProblems(subject([ADULT], [lastDay]), new Date('2026-06-15T21:59:00Z'))).toEqual([]);
    // 22:00 UTC is midnight in Berlin (summer time): the 16th has begun.
    expect(consentProblems(subject([ADULT], [lastDay]), new Date('2026-06-15T22:00:00Z'))).toHaveLength(1);
  });

  it('channel, naming and photos beyond the scope', () => {
    const shown: Person = { ...ADULT, shows: { naming: 'full-name', photos: 'recognisable', details: [] } };
    expect(consentProblems(subject([shown], [consentFor()], ['website', 'social']), NOW)).toEqual([
      'Person A: Einwilligung deckt den Kanal „Soziale Medien“ nicht ab.',
      'Person A: Einwilligung erlaubt die Nennung nur mit Pseudonym, die Geschichte nennt die Person mit vollem Namen.',
      'Person A: Einwilligung deckt „Fotos, auf denen die Person erkennbar ist“ nicht ab (erlaubt: keine Fotos).',
    ]);
  });

  it('a minor needs the guardians, and from the assent age their own assent', () => {
    const teen: Person = { ...ADULT, ageGroup: 'minor-assent' };
    expect(consentProblems(subject([teen], [consentFor('A')]), NOW)).toEqual([
      'Person A: Für Minderjährige müssen die Sorgeberechtigten einwilligen.',
      'Person A: Die eigene Zustimmung der minderjährigen Person fehlt (ab 14 Jahren erforderlich).',
    ]);
    expect(consentProblems(subject([teen], [consentFor('A', { givenBy: 'guardians', guardianCount: 2, minorAssent: true })]), NOW)).toEqual([]);
    const child: Person = { ...ADULT, ageGroup: 'minor-young' };
    expect(consentProblems(subject([child], [consentFor('A', { givenBy: 'guardians', guardianCount: 1 })]), NOW)).toEqual([]);
  });

  it('religion and health need the explicit Art. 9 tick, in the form and in the rule', () => {
    const shown: Person = { ...ADULT, shows: { ...ADULT.shows, details: ['religion'] } };
    const withoutTick = consentFor('A', { scope: { ...consentFor().scope, details: ['religion'] } });
    expect(consentProblems(subject([shown], [withoutTick]), NOW)).toEqual(['Person A: Für „Religion“ fehlt die ausdrückliche Einwilligung nach Art. 9 DSGVO.']);
    const form = ConsentInput.safeParse({ ...withoutTick });
    expect(form.success).toBe(false);
    expect(form.error?.issues[0]?.message).toMatch(/Art\. 9 DSGVO/);
  });

  it('a story without persons is refused', () => {
    expect(consentProblems(subject([], []), NOW)[0]).toMatch(/keine Person/);
  });

  it('the latest version counts: a correction replaces, a withdrawal ends', () => {
    const v1 = consentFor('A', { scope: { ...consentFor().scope, details: [] } });
    const v2 = consentFor('A', { version: 2 });
    expect(consentProblems(subject([ADULT], [v2, v1]), NOW)).toEqual([]);
    expect(consentStatus(subject([ADULT], [v1, v2, { ...v2, version: 3, withdrawal: { date: '2026-06-10', receivedVia: 'letter' } }]), NOW)).toBe('withdrawn');
  });

  it('status at a glance: expiring within 30 days', () => {
    expect(consentStatus(subject([ADULT], [consentFor('A', { validUntil: '2026-07-01' })]), NOW)).toBe('expiring');
    expect(consentStatus(subject([ADULT], [consentFor('A', { validUntil: '2026-06-01' })]), NOW)).toBe('expired');
    expect(consentStatus(subject([ADULT], [consentFor()]), NOW)).toBe('complete');
  });
});

// ---------------------------------------------------------------------------------------------
// Property: publication is allowed if and only if every person's consent covers what is shown.

const ids = <T extends { id: string }>(list: readonly T[]) => list.map((x) => x.id) as T['id'][];
const order = (list: readonly { id: string }[], id: string) => list.findIndex((x) => x.id === id);
const day = (offset: number) => new Date(NOW.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

const personArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    role: fc.constantFrom('Mutter', 'Vater', 'Sohn', 'Tochter', 'Klient'),
    ageGroup: fc.constantFrom(...ids(AGE_GROUPS)),
    shows: fc.record({
      naming: fc.constantFrom(...ids(NAMINGS)),
      photos: fc.constantFrom(...ids(PHOTOS)),
      details: fc.subarray(ids(DETAILS) as Detail[]),
    }),
  }) as fc.Arbitrary<Person>;

const consentArb = (personId: string) =>
  fc.record({
    personId: fc.constant(personId),
    givenBy: fc.constantFrom('person' as const, 'guardians' as const),
    guardianCount: fc.constant(1),
    minorAssent: fc.boolean(),
    date: fc.integer({ min: -400, max: 3 }).map(day),
    language: fc.constant('Arabisch'),
    interpreter: fc.boolean(),
    formReference: fc.constant('EW-1'),
    validUntil: fc.integer({ min: -3, max: 400 }).map(day),
    scope: fc.record({
      channels: fc.subarray(ids(CHANNELS) as Channel[], { minLength: 1 }),
      naming: fc.constantFrom(...ids(NAMINGS)),
      photos: fc.constantFrom(...ids(PHOTOS)),
      details: fc.subarray(ids(DETAILS) as Detail[]),
      specialCategories: fc.boolean(),
    }),
    version: fc.constant(1),
    recordedAt: fc.constant(NOW.toISOString()),
    recordedBy: fc.constant('x'),
    recordedByName: fc.constant('X'),
    withdrawal: fc.option(fc.constant({ date: day(-1), receivedVia: 'phone' as const }), { nil: undefined, freq: 5 }),
  }) as fc.Arbitrary<ConsentRecord>;

/**
 * A consent built to cover `p` on every channel, then widened at random: covered cases
 * must come up often, not only by chance.
 */
const coveringArb = (p: Person) =>
  consentArb(p.id).map(
    (c): ConsentRecord => ({
      ...c,
      givenBy: p.ageGroup === 'adult' ? c.givenBy : 'guardians',
      minorAssent: p.ageGroup === 'minor-assent' ? true : c.minorAssent,
      date: day(-10),
      validUntil: day(10),
      withdrawal: undefined,
      scope: {
        channels: ids(CHANNELS) as Channel[],
        naming: order(NAMINGS, c.scope.naming) >= order(NAMINGS, p.shows.naming) ? c.scope.naming : p.shows.naming,
        photos: order(PHOTOS, c.scope.photos) >= order(PHOTOS, p.shows.photos) ? c.scope.photos : p.shows.photos,
        details: [...new Set([...c.scope.details, ...p.shows.details])],
        specialCategories: c.scope.specialCategories || p.shows.details.some((d) => d === 'religion' || d === 'health'),
      },
    }),
  );

const storyArb = fc.integer({ min: 1, max: 4 }).chain((n) => {
  const personIds = ['A', 'B', 'C', 'D'].slice(0, n);
  return fc.tuple(...personIds.map(personArb)).chain((persons) =>
    fc.record({
      persons: fc.constant(persons),
      consents: fc.tuple(
        ...persons.map((p) =>
          fc.oneof({ arbitrary: coveringArb(p), weight: 6 }, { arbitrary: consentArb(p.id), weight: 2 }, { arbitrary: fc.constant(undefined), weight: 1 }),
        ),
      ),
      channels: fc.subarray(ids(CHANNELS) as Channel[], { minLength: 1 }),
    }),
  );
});

/** The requirement, stated independently of the implementation. */
function covers(p: Person, c: ConsentRecord | undefined, channels: Channel[], today: string): boolean {
  if (!c || c.withdrawal) return false;
  if (!(c.date <= today && today <= c.validUntil)) return false;
  if (p.ageGroup !== 'adult' && c.givenBy !== 'guardians') return false;
  if (p.ageGroup === 'minor-assent' && !c.minorAssent) return false;
  if (!channels.every((ch) => c.scope.channels.includes(ch))) return false;
  if (order(NAMINGS, p.shows.naming) > order(NAMINGS, c.scope.naming)) return false;
  if (order(PHOTOS, p.shows.photos) > order(PHOTOS, c.scope.photos)) return false;
  if (!p.shows.details.every((d) => c.scope.details.includes(d))) return false;
  const special = p.shows.details.some((d) => d === 'religion' || d === 'health');
  return !special || c.scope.specialCategories;
}

describe('property: allowed if and only if covered, for every person', () => {
  it('holds for random stories, scopes and dates', () => {
    let allowedCases = 0;
    fc.assert(
      fc.property(storyArb, ({ persons, consents, channels }) => {
        const records = consents.filter((c): c is ConsentRecord => c !== undefined);
        const problems = consentProblems(subject(persons, records, channels), NOW);
        const expected = persons.every((p, i) => covers(p, consents[i], channels, day(0)));
        if (expected) allowedCases++;
        expect(problems.length === 0).toBe(expected);
        // Every refusal names the person it is about.
        for (const problem of problems) expect(problem).toMatch(/^Person [A-D]: /);
        // And names every person who is not covered.
        persons.forEach((p, i) => {
          if (!covers(p, consents[i], channels, day(0))) expect(problems.some((m) => m.startsWith(`Person ${p.id}:`))).toBe(true);
        });
      }),
      { numRuns: 600 },
    );
    // Both outcomes must be exercised for the property to mean anything.
    expect(allowedCases).toBeGreaterThan(60);
    expect(allowedCases).toBeLessThan(540);
  });

  it("widening a consent's scope never takes coverage away", () => {
    fc.assert(
      fc.property(personArb('A'), consentArb('A'), (person, consent) => {
        const wider: ConsentRecord = {
          ...consent,
          scope: {
            channels: ids(CHANNELS) as Channel[],
            naming: 'full-name',
            photos: 'recognisable',
            details: ids(DETAILS) as Detail[],
            specialCategories: true,
          },
        };
        const before = consentProblems(subject([person], [consent], ['website']), NOW).length === 0;
        const after = consentProblems(subject([person], [wider], ['website']), NOW).length === 0;
        expect(!before || after).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
