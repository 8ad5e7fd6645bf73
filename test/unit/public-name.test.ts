import { type ConsentRecord, consentProblems, NAMINGS, type Naming, type Person, Person as PersonSchema, publicPersonName } from '@newsroom/domain/consent.ts';
import { contentHash } from '@newsroom/domain/read-back.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADULT, consentFor } from '../fixtures/consent.ts';

const NOW = new Date('2026-06-15T10:00:00Z');
const named = (naming: Naming, publicName?: string): Person => ({ ...ADULT, ...(publicName ? { publicName } : {}), shows: { ...ADULT.shows, naming } });
const consentNaming = (naming: Naming): ConsentRecord => {
  const c = consentFor();
  return { ...c, scope: { ...c.scope, naming } };
};
const problems = (person: Person, consent: ConsentRecord) =>
  consentProblems({ partner: 'caritas', channels: ['website'], persons: [person], consents: [consent] }, NOW);
const rank = (n: Naming) => NAMINGS.findIndex((x) => x.id === n);

describe('the public name of a person in a story', () => {
  it('an invented name is shown with „Name geändert“ and needs only the consent to a pseudonym', () => {
    const amal = named('pseudonym', 'Amal');
    expect(publicPersonName(amal)).toBe('Amal, Name geändert');
    expect(problems(amal, consentNaming('pseudonym'))).toEqual([]);
  });

  it('a name that already says it was changed is shown as written', () => {
    expect(publicPersonName(named('pseudonym', 'Amal (Name geändert)'))).toBe('Amal (Name geändert)');
  });

  it('a real first name is declared as „nur mit Vornamen“ and needs that consent', () => {
    const amal = named('first-name', 'Amal');
    expect(publicPersonName(amal)).toBe('Amal');
    expect(problems(amal, consentNaming('pseudonym'))).toEqual([
      'Person A: Einwilligung erlaubt die Nennung nur mit Pseudonym, die Geschichte nennt die Person nur mit Vornamen.',
    ]);
    expect(problems(amal, consentNaming('first-name'))).toEqual([]);
  });

  it('„nur mit Vornamen“ puts no surname on the site', () => {
    expect(problems(named('first-name', 'Amal Haddad'), consentNaming('full-name'))).toEqual([
      'Person A: Bei „nur mit Vornamen“ steht auf der Website nur der Vorname, ohne Nachnamen.',
    ]);
  });

  it('an anonymous person gets no name on the site, and a name given anyway is refused', () => {
    const anonymous = named('anonymous', 'Amal');
    expect(publicPersonName(anonymous)).toBeUndefined();
    expect(problems(anonymous, consentNaming('full-name'))).toEqual([
      'Person A: Die Geschichte nennt die Person anonym; ein Name auf der Website passt nicht dazu. Bitte den Namen entfernen oder die Nennung ändern.',
    ]);
  });

  it('without a public name the site names nobody: never the internal „Person A“', () => {
    for (const { id } of NAMINGS) expect(publicPersonName(named(id))).toBeUndefined();
  });

  it('a name longer than 40 characters is refused by the schema in German', () => {
    const long = PersonSchema.safeParse(named('pseudonym', 'A'.repeat(41)));
    expect(long.success).toBe(false);
    expect(long.error?.issues[0]?.message).toBe('Der Name auf der Website darf höchstens 40 Zeichen haben.');
  });

  it('the read-back covers the public name: changing it voids the read-back; a person without one hashes as before', () => {
    const story = { title: 'T', teaser: 'x', body: 'y', municipality: 'Tamm' as const, showMunicipality: true, persons: [ADULT] };
    const withName = { ...story, persons: [named('pseudonym', 'Amal')] };
    expect(contentHash(withName)).not.toBe(contentHash(story));
    expect(contentHash({ ...story, persons: [named('pseudonym', 'Nour')] })).not.toBe(contentHash(withName));
    expect(contentHash(story)).toBe(contentHash({ ...story, persons: [{ ...ADULT }] }));
  });

  it('property: a person is named on the site only when the consent covers how, and never by a name the declared naming does not allow', () => {
    const naming = fc.constantFrom(...NAMINGS.map((n) => n.id));
    const name = fc.option(fc.stringMatching(/^[A-ZÄÖÜ][a-zäöüß]{1,12}( [A-Z][a-z]{1,12})?$/), { nil: undefined });
    fc.assert(
      fc.property(naming, naming, name, (shown, allowed, publicName) => {
        const person = named(shown, publicName);
        const covered = problems(person, consentNaming(allowed)).length === 0;
        const onSite = publicPersonName(person);
        if (covered && onSite) {
          // A covered name is allowed by the consent and fits the declared naming.
          expect(rank(shown)).toBeLessThanOrEqual(rank(allowed));
          expect(shown).not.toBe('anonymous');
          if (shown === 'first-name') expect(onSite).not.toMatch(/\s/);
          if (shown === 'pseudonym') expect(onSite).toMatch(/Name geändert/);
        }
        expect(onSite ?? '').not.toMatch(/^Person [A-Z]$/);
        if (!publicName || shown === 'anonymous') expect(onSite).toBeUndefined();
      }),
    );
  });
});
