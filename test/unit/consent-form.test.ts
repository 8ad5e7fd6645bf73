import type { Channel, Detail, Naming, Photos } from '@newsroom/domain/consent.ts';
import { CONSENT_FORM_VERSION, scopeSentences } from '@newsroom/domain/consent-form.ts';
import { FORM_TEXTS } from '@newsroom/domain/consent-form-texts.ts';
import { FORM_TEMPLATES, formVersionProblem, isSignable } from '@newsroom/domain/consent-templates.ts';
import { describe, expect, it } from 'vitest';

/**
 * The printed consent form's sentences, for every combination of scope a story can
 * declare, against German written out here by hand (not built by the code under test).
 */

const CHANNELS: Channel[] = ['website', 'press', 'print', 'social'];
const NAMINGS: Naming[] = ['anonymous', 'pseudonym', 'first-name', 'full-name'];
const PHOTOS: Photos[] = ['none', 'not-recognisable', 'recognisable'];
const ORDINARY: Detail[] = ['origin', 'municipality', 'employer', 'family'];
const SPECIAL: Detail[] = ['religion', 'health'];

const subsets = <T>(items: readonly T[]): T[][] => items.reduce<T[][]>((all, item) => all.concat(all.map((s) => [...s, item])), [[]]);

const DETAIL_SENTENCE: Record<string, string> = {
  origin: 'Ich bin einverstanden, dass die Geschichte das Herkunftsland nennt.',
  municipality: 'Ich bin einverstanden, dass die Geschichte den Wohnort (Ludwigsburg) nennt.',
  employer: 'Ich bin einverstanden, dass die Geschichte den Arbeitgeber oder die Schule nennt.',
  family: 'Ich bin einverstanden, dass die Geschichte die Familiensituation nennt.',
};
const NAMING_SENTENCE: Record<'adult' | 'minor', Record<Naming, string>> = {
  adult: {
    anonymous: 'Ich bin einverstanden, dass ich ohne Namen genannt werde.',
    pseudonym: 'Ich bin einverstanden, dass ich mit einem ausgedachten Namen, nicht mit dem echten Namen genannt werde.',
    'first-name': 'Ich bin einverstanden, dass ich nur mit dem Vornamen genannt werde.',
    'full-name': 'Ich bin einverstanden, dass ich mit dem vollen Namen (Vorname und Nachname) genannt werde.',
  },
  minor: {
    anonymous: 'Ich bin einverstanden, dass mein Kind ohne Namen genannt wird.',
    pseudonym: 'Ich bin einverstanden, dass mein Kind mit einem ausgedachten Namen, nicht mit dem echten Namen genannt wird.',
    'first-name': 'Ich bin einverstanden, dass mein Kind nur mit dem Vornamen genannt wird.',
    'full-name': 'Ich bin einverstanden, dass mein Kind mit dem vollen Namen (Vorname und Nachname) genannt wird.',
  },
};
const PHOTO_SENTENCE: Record<'adult' | 'minor', Record<Photos, string>> = {
  adult: {
    none: 'Es werden keine Fotos gezeigt.',
    'not-recognisable': 'Ich bin einverstanden: Es werden Fotos gezeigt, auf denen man mich nicht erkennt (zum Beispiel von hinten oder nur die Hände).',
    recognisable: 'Ich bin einverstanden: Es werden Fotos gezeigt, auf denen man mich erkennt.',
  },
  minor: {
    none: 'Es werden keine Fotos gezeigt.',
    'not-recognisable': 'Ich bin einverstanden: Es werden Fotos gezeigt, auf denen man mein Kind nicht erkennt (zum Beispiel von hinten oder nur die Hände).',
    recognisable: 'Ich bin einverstanden: Es werden Fotos gezeigt, auf denen man mein Kind erkennt.',
  },
};
const SPECIAL_SENTENCES: Record<string, { intro: string; consent: string }> = {
  religion: {
    intro: 'Die Geschichte erzählt auch etwas über die Religion.',
    consent: 'Ja, ich stimme ausdrücklich zu, dass die Geschichte die Religion nennt.',
  },
  health: {
    intro: 'Die Geschichte erzählt auch etwas über die Gesundheit.',
    consent: 'Ja, ich stimme ausdrücklich zu, dass die Geschichte die Gesundheit nennt.',
  },
  'religion,health': {
    intro: 'Die Geschichte erzählt auch etwas über die Religion und die Gesundheit.',
    consent: 'Ja, ich stimme ausdrücklich zu, dass die Geschichte die Religion und die Gesundheit nennt.',
  },
};
const CHANNEL_TEXT: Record<Channel, string> = {
  website: 'auf der Internetseite des Integrationsmanagements im Landkreis Ludwigsburg (für alle sichtbar)',
  press: 'in Pressemitteilungen an Zeitungen, Radio und Fernsehen und im Newsfeed der Internetseite',
  print: 'in gedruckten Heften, Flyern oder Berichten',
  social: 'in sozialen Medien (zum Beispiel Instagram oder Facebook)',
};

describe('the consent form’s sentences', () => {
  it('name the place in the accusative: „dass die Geschichte den Wohnort (Ludwigsburg) nennt“', () => {
    const s = scopeSentences({
      adult: true,
      channels: ['website'],
      naming: 'pseudonym',
      photos: 'none',
      details: ['municipality'],
      municipality: 'Ludwigsburg',
    });
    expect(s.details).toEqual(['Ich bin einverstanden, dass die Geschichte den Wohnort (Ludwigsburg) nennt.']);
  });

  it('are the expected German for every combination of channels, naming, photos and details, for adults and minors', () => {
    const channelSets = subsets(CHANNELS).filter((c) => c.length > 0);
    const actual: unknown[] = [];
    const expected: unknown[] = [];
    for (const adult of [true, false]) {
      const who = adult ? 'adult' : 'minor';
      for (const naming of NAMINGS) {
        for (const photos of PHOTOS) {
          for (const ordinary of subsets(ORDINARY)) {
            for (const special of subsets(SPECIAL)) {
              // Channels are a list of their own: every one of their 15 combinations comes round many times.
              const channels = channelSets[actual.length % channelSets.length]!;
              actual.push(scopeSentences({ adult, channels, naming, photos, details: [...ordinary, ...special], municipality: 'Ludwigsburg' }));
              expected.push({
                channels: channels.map((c) => CHANNEL_TEXT[c]),
                naming: NAMING_SENTENCE[who][naming],
                photos: PHOTO_SENTENCE[who][photos],
                photosTick: photos !== 'none',
                details: ordinary.map((d) => DETAIL_SENTENCE[d]),
                ...(ordinary.length ? {} : { noDetails: 'Die Geschichte nennt keine weiteren Angaben wie Herkunftsland, Wohnort oder Arbeitgeber.' }),
                ...(special.length ? { special: SPECIAL_SENTENCES[special.join(',')] } : {}),
              });
            }
          }
        }
      }
    }
    expect(actual).toHaveLength(2 * 4 * 3 * 16 * 4);
    expect(actual).toEqual(expected);
  }, 60_000);

  it('leave the place out of the sentence when the story names none', () => {
    const s = scopeSentences({ adult: true, channels: ['website'], naming: 'anonymous', photos: 'none', details: ['municipality'] });
    expect(s.details).toEqual(['Ich bin einverstanden, dass die Geschichte den Wohnort nennt.']);
  });
});

describe('the form’s templates', () => {
  it('have a text for every template that is printed, and a template for every text', () => {
    expect(Object.keys(FORM_TEXTS).sort()).toEqual(
      FORM_TEMPLATES.filter((t) => !t.retired)
        .map((t) => t.version)
        .sort(),
    );
    expect(FORM_TEMPLATES.map((t) => t.languageName)).toEqual(expect.arrayContaining(['Deutsch', 'Einfache Sprache', 'Englisch', 'Arabisch']));
    expect(FORM_TEMPLATES.find((t) => t.lang === 'ar')!.dir).toBe('rtl');
  });

  it('word every scope in every language without a gap', () => {
    for (const [version, text] of Object.entries(FORM_TEXTS)) {
      for (const adult of [true, false]) {
        for (const naming of NAMINGS) {
          for (const photos of PHOTOS) {
            const s = scopeSentences({ adult, channels: CHANNELS, naming, photos, details: [...ORDINARY, ...SPECIAL], municipality: 'Ludwigsburg' }, text);
            const all = [...s.channels, s.naming, s.photos, ...s.details, s.special!.intro, s.special!.consent];
            for (const sentence of all) expect(sentence, version).toMatch(/^[^{}]*\S[^{}]*$/);
            expect(all.join(' '), version).not.toMatch(/undefined|\[object/);
            expect(s.details.join(' '), version).toContain('Ludwigsburg');
          }
        }
      }
    }
  });

  it('sign the German source; an unreviewed translation is refused as the form used, in German', () => {
    expect(formVersionProblem(CONSENT_FORM_VERSION)).toBeUndefined();
    expect(formVersionProblem('EW-2026-1')).toBeUndefined();
    for (const t of FORM_TEMPLATES.filter((x) => !isSignable(x))) {
      expect(formVersionProblem(t.version)).toBe(
        `Das Formular ${t.version} (${t.languageName}) ist ein Entwurf: Die Übersetzung ist noch nicht geprüft und gilt nicht als Einwilligung. Bitte das deutsche Formular oder eine geprüfte Übersetzung unterschreiben lassen.`,
      );
    }
    expect(formVersionProblem('EW-2099-7')).toBe('Die Formularfassung „EW-2099-7“ gibt es nicht.');
  });
});
