import { ConsentInput } from '@newsroom/domain/consent.ts';
import { ReleaseInput } from '@newsroom/domain/release.ts';
import { StoryInput, slugify } from '@newsroom/domain/story.ts';
import { safeText, stripUnsafeText, withoutUnsafeText } from '@newsroom/domain/text.ts';
import { User } from '@newsroom/domain/user.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { ENGLISH } from '../fixtures/language.ts';

const FORBIDDEN = [
  ['\u0000', 'NUL'],
  ['\u0001', 'SOH'],
  ['\u0008', 'backspace'],
  ['\u000B', 'vertical tab'],
  ['\u000C', 'form feed'],
  ['\u001B', 'escape'],
  ['\u001F', 'unit separator'],
  ['\u007F', 'DEL'],
  ['\u0085', 'C1 next line'],
  ['\u202A', 'LRE'],
  ['\u202B', 'RLE'],
  ['\u202C', 'PDF'],
  ['\u202D', 'LRO'],
  ['\u202E', 'RLO'],
  ['\u2066', 'LRI'],
  ['\u2067', 'RLI'],
  ['\u2068', 'FSI'],
  ['\u2069', 'PDI'],
  ['\uD800', 'lone high surrogate'],
  ['\uDFFF', 'lone low surrogate'],
  ['\uFFFE', 'U+FFFE'],
  ['\uFFFF', 'U+FFFF'],
] as const;

const title = safeText('Der Titel', { error: 'Bitte einen Titel angeben.' }).check(zm.trim(), zm.minLength(5, 'Der Titel braucht mindestens 5 Zeichen.'));

describe('safeText: the one rule for characters in text fields', () => {
  for (const [char, name] of FORBIDDEN) {
    it(`refuses ${name} with a German message naming the field and the character`, () => {
      const r = title.safeParse(`Ein Tit${char}el`);
      expect(r.success).toBe(false);
      expect(r.error!.issues).toHaveLength(1);
      const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      expect(r.error!.issues[0]!.message).toMatch(new RegExp(`^Der Titel enthält .+ \\(${code.replace('+', '\\+')}\\) an Stelle 8\\.`));
    });
  }

  it('keeps tab, newline, emoji, umlauts, Arabic with its direction marks, and turns CRLF and CR into newlines', () => {
    for (const ok of ['Zeile\teins', 'Größe und Straße', 'Familie 👨‍👩‍👧 in Asperg', 'مرحبا\u200F بكم', 'Eins\nzwei']) expect(title.parse(ok)).toBe(ok);
    expect(title.parse('Eins\r\nzwei\rdrei')).toBe('Eins\nzwei\ndrei');
  });

  it('counts the position in characters, so an emoji before it does not shift it', () => {
    expect(title.safeParse('🙂🙂🙂🙂\u0001').error!.issues[0]!.message).toContain('an Stelle 5');
  });

  it('every text field of stories, persons, consents, releases and users uses it', () => {
    const story = StoryInput.safeParse({
      title: 'Titel\u0001',
      teaser: 'Ein Anreißer mit\u202E genug Zeichen',
      body: `${'Text '.repeat(12)}\u0007`,
      municipality: 'Asperg',
      topics: ['arbeit'],
      persons: [{ id: 'A', role: 'Mutter\u0000', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
    });
    const messages = (r: { error?: zm.core.$ZodError }) => Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(messages(story)).toMatchObject({
      title: expect.stringMatching(/^Der Titel enthält/),
      teaser: expect.stringMatching(/^Der Anreißer enthält/),
      body: expect.stringMatching(/^Der Text der Geschichte enthält/),
      'persons.0.role': expect.stringMatching(/^Die Rolle der Person enthält/),
    });
    const consent = ConsentInput.safeParse({
      personId: 'A',
      givenBy: 'person',
      date: '2026-01-10',
      language: 'Ara\u0002bisch',
      interpreter: true,
      formReference: 'EW\uFFFF-1',
      validUntil: '2099-12-31',
      scope: { channels: ['website'], naming: 'pseudonym', photos: 'none', details: [], specialCategories: false },
    });
    expect(messages(consent)).toMatchObject({
      language: expect.stringMatching(/^Die Sprache des Gesprächs enthält/),
      formReference: expect.stringMatching(/^Das Aktenzeichen des Formulars enthält/),
    });
    const release = ReleaseInput.safeParse({
      headline: 'Eine Überschrift\u2066',
      lead: `${'Vorspann '.repeat(6)}\u0003`,
      body: 'Text '.repeat(25),
      topics: ['arbeit'],
      partners: ['awo'],
      quotes: [{ text: 'Ein Zitat mit \u001F Zeichen', name: 'Julia Neumann', function: 'Sprecherin', organisation: 'Landratsamt' }],
      contacts: [{ name: 'Julia\u0008 Neumann', function: 'Pressestelle', phone: '+49 7141 555\u000B0100', email: 'presse@example.org' }],
      photos: [{ file: 'bild.jpg', alt: 'Ein Bild mit \uD800 Text', credit: 'Foto\u007F' }],
    });
    expect(messages(release)).toMatchObject({
      headline: expect.stringMatching(/^Die Überschrift enthält/),
      lead: expect.stringMatching(/^Der Vorspann enthält/),
      'quotes.0.text': expect.stringMatching(/^Das Zitat enthält/),
      'contacts.0.name': expect.stringMatching(/^Der Name der Ansprechperson enthält/),
      'contacts.0.phone': expect.stringMatching(/^Die Telefonnummer enthält/),
      'photos.0.alt': expect.stringMatching(/^Der Alternativtext enthält/),
      'photos.0.credit': expect.stringMatching(/^Die Bildquelle enthält/),
    });
    const user = User.safeParse({ username: 'neu-user', name: 'Neu\u202D', email: 'neu@example.org', role: 'manager', partner: 'awo' });
    expect(messages(user)).toMatchObject({ name: expect.stringMatching(/^Der Name enthält/) });
  });

  it('stripping removes exactly what the rule refuses, deep inside objects, and leaves dates alone', () => {
    const field = safeText('Das Feld');
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom(...FORBIDDEN.map(([c]) => c)),
            fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
          ),
        }),
        (s) => {
          const stripped = stripUnsafeText(s);
          expect(field.safeParse(stripped).success).toBe(true);
          expect(stripUnsafeText(stripped)).toBe(stripped);
        },
      ),
    );
    const at = new Date();
    expect(withoutUnsafeText({ a: ['x\u0001y', { b: 'z\u202E' }], at, n: 1 })).toEqual({ a: ['xy', { b: 'z' }], at, n: 1 });
  });
});

describe('zod speaks German', () => {
  it('messages no schema words itself are German, never "Invalid input: expected array, received object"', () => {
    const schema = z.object({
      list: z.array(z.string()),
      n: z.number().int().min(1).max(3),
      choice: z.enum(['a', 'b']),
      flag: z.boolean(),
      mail: z.email(),
      code: z.string().regex(/^x$/),
      nested: z.object({ s: z.string() }),
      u: z.union([z.string(), z.number()]),
    });
    const samples = [
      {},
      [],
      'text',
      { list: {}, n: 1.5, choice: 'c', flag: 'ja', mail: 'kein', code: 'y', nested: [], u: {} },
      { list: [1], n: 0, choice: 1, flag: null, mail: 3, code: 4, nested: { s: 1 }, u: null },
      { n: 99, list: 'x' },
    ];
    for (const sample of samples) {
      const r = schema.safeParse(sample);
      expect(r.success).toBe(false);
      for (const issue of r.error!.issues) expect(issue.message, JSON.stringify(sample)).not.toMatch(ENGLISH);
    }
    expect(z.strictObject({}).safeParse({ extra: 1 }).error!.issues[0]!.message).toBe('Unbekannte Felder: extra.');
    expect(z.object({ list: z.array(z.string()) }).safeParse({ list: {} }).error!.issues[0]!.message).toBe('Hier wird eine Liste erwartet.');
  });
});

describe('slugify', () => {
  it('a title of only emoji, dashes or another script still gives a readable address', () => {
    expect(slugify('🙂🙂🙂🙂🙂', 'geschichte')).toBe('geschichte');
    expect(slugify('----- — –', 'pressemitteilung')).toBe('pressemitteilung');
    expect(slugify('مرحبا بكم', 'geschichte')).toBe('geschichte');
    expect(slugify('🙂 Neue Arbeit 🙂', 'geschichte')).toBe('neue-arbeit');
  });
});
