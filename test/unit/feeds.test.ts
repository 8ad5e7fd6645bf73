import { PARTNERS, type PartnerId, partnerName, partnerShort } from '@newsroom/domain/partners.ts';
import { publicPhotos } from '@newsroom/domain/photos.ts';
import { Release, ReleaseInput } from '@newsroom/domain/release.ts';
import { toPublicRelease } from '@newsroom/domain/release-public.ts';
import { Story, StoryInput, toPublicStory } from '@newsroom/domain/story.ts';
import { unsafeCharacter } from '@newsroom/domain/text.ts';
import { TOPICS, type TopicId, topicLabel } from '@newsroom/domain/topics.ts';
import { type ReleaseFeedDocument, releaseAtom, releaseFeedItem, releaseJsonFeed, releaseRss, storiesRss } from '@newsroom/newsroom/src/lib/feed-writers.ts';
import type { SiteRelease } from '@newsroom/newsroom/src/lib/releases.ts';
import { type Scope, scopeFeeds, scopeFeedTitle, scopePage } from '@newsroom/newsroom/src/lib/scopes.ts';
import { RELEASES } from '@newsroom/newsroom/src/lib/site.ts';
import type { SiteStory } from '@newsroom/newsroom/src/lib/stories.ts';
import { parseFeed } from '@rowanmanning/feed-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consented, withReadBack } from '../fixtures/consent.ts';
import { ENGLISH } from '../fixtures/language.ts';
import { xmlProblems } from '../fixtures/strict-xml.ts';

/**
 * The feeds written straight from content (no Astro build per sample): whatever a
 * person types into any text field of a story or a release is either refused by the
 * schema in German, or every feed that carries it (stories' RSS; releases' RSS, Atom
 * and JSON Feed for all, per topic and per partner) is well-formed and readable. And
 * text stored before the schema refused it cannot break a feed either.
 */

/** Thousands of feeds per property: generous, as the machine may be shared. */
const PROPERTY_TIMEOUT = 60_000;

const SITE = new URL('https://integration.example.org');
const NOW = new Date('2027-03-25T12:00:00.000Z');
const PUBLISHED = '2027-03-25T09:00:00.000Z';

const FORBIDDEN = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000B',
  '\u000C',
  '\u001F',
  '\u007F',
  '\u0085',
  '\u202E',
  '\u2066',
  '\u2069',
  '\uD800',
  '\uDFFF',
  '\uFFFE',
  '\uFFFF',
];
const AWKWARD = [
  '<',
  '>',
  '&',
  ']]>',
  '"',
  "'",
  '&amp;',
  '&lt;b&gt;',
  '&nbsp;',
  '&#1;',
  '<script>alert(1)</script>',
  '<![CDATA[',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '🙂',
  '👨‍👩‍👧',
  'ß',
  'مرحبا',
  '\u200F',
  '*',
  '[a](javascript:x)',
  '`',
];
/** Any code point, lone surrogates included. */
const oneChar = fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
const cleanUnit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...AWKWARD) },
  { weight: 6, arbitrary: fc.constantFrom(...'abc xyz ÄÖÜäöü 0123 .,;:-') },
  { weight: 2, arbitrary: oneChar.filter((c) => !unsafeCharacter(c)) },
);
const anyUnit = fc.oneof({ weight: 8, arbitrary: cleanUnit }, { weight: 2, arbitrary: fc.constantFrom(...FORBIDDEN) }, { weight: 1, arbitrary: oneChar });

/** Random text around `filler`, which alone meets the field's minimum length. */
const around = (unit: fc.Arbitrary<string>, filler: string, maxLength = 8) =>
  fc.tuple(fc.string({ unit, maxLength }), fc.string({ unit, maxLength })).map(([a, b]) => `${a}${filler}${b}`);

const storyFields = (unit: fc.Arbitrary<string>) =>
  fc.record({
    title: around(unit, ' Titel '),
    teaser: around(unit, ' Ein Anreißer mit genug Zeichen '),
    body: around(unit, ' Der Text der Geschichte, lang genug für die Mindestlänge von fünfzig Zeichen. ', 20),
    role: around(unit, ' Mutter '),
  });

const releaseFields = (unit: fc.Arbitrary<string>) =>
  fc.record({
    datelinePlace: around(unit, ' Asperg '),
    headline: around(unit, ' Eine Überschrift '),
    subline: around(unit, ' Unterzeile '),
    lead: around(unit, ' Der Vorspann der Pressemitteilung mit genug Zeichen. '),
    body: around(unit, ` ${'Der Text der Pressemitteilung. '.repeat(4)}`, 20),
    quoteText: around(unit, ' Ein Zitat, lang genug. '),
    quoteName: around(unit, ' Julia Neumann '),
    quoteFunction: around(unit, ' Sprecherin '),
    quoteOrganisation: around(unit, ' Landratsamt '),
    contactName: around(unit, ' Julia Neumann '),
    contactFunction: around(unit, ' Pressestelle '),
    alt: around(unit, ' Ein Foto vom Sportplatz. '),
    credit: around(unit, ' Demo '),
    correction: around(unit, ' Eine Korrektur im Text. '),
  });

/** Half the samples hold only characters the rule allows (they must reach the feeds), half anything. */
const samples = <T>(fields: (unit: fc.Arbitrary<string>) => fc.Arbitrary<T>) => fc.oneof(fields(cleanUnit), fields(anyUnit));

const scopesArb = fc.record({
  topics: fc.uniqueArray(fc.constantFrom(...TOPICS.map((t) => t.id)), { minLength: 1, maxLength: 2 }),
  partners: fc.uniqueArray(fc.constantFrom(...PARTNERS.map((p) => p.id)), { minLength: 1, maxLength: 2 }),
});

function storyRecord(content: ReturnType<typeof StoryInput.parse>): Story {
  return withReadBack(
    Story.parse({
      ...content,
      ...consented,
      persons: content.persons.length ? content.persons : consented.persons,
      id: 'story00001',
      slug: 'titel-story00001',
      partner: 'caritas',
      status: 'published',
      version: 1,
      authorId: 'm-1',
      authorName: 'Test',
      createdAt: PUBLISHED,
      updatedAt: PUBLISHED,
      publishedAt: PUBLISHED,
      audit: [{ at: PUBLISHED, by: 'm-1', byName: 'Test', action: 'create', to: 'draft' }],
    }),
  );
}

const siteStory = (s: NonNullable<ReturnType<typeof toPublicStory>>): SiteStory => ({
  ...s,
  partnerName: partnerName(s.partner),
  partnerShort: partnerShort(s.partner),
  topicLabels: s.topics.map(topicLabel),
});

function releaseRecord(content: ReturnType<typeof ReleaseInput.parse>, correction?: string): Release {
  return Release.parse({
    ...content,
    id: 'rel0000001',
    slug: 'ueberschrift-rel0000001',
    partner: 'caritas',
    status: 'published',
    version: 1,
    authorId: 'm-1',
    authorName: 'Test',
    lastEditorId: 'm-1',
    createdAt: PUBLISHED,
    updatedAt: PUBLISHED,
    publishedAt: PUBLISHED,
    corrections: correction ? [{ at: PUBLISHED, note: correction }] : [],
    notices: [],
    audit: [
      { at: PUBLISHED, by: 'm-1', byName: 'Test', action: 'create', to: 'draft' },
      { at: PUBLISHED, by: 'p-1', byName: 'Presse', action: 'transition', to: 'published' },
    ],
  });
}

const siteRelease = (r: NonNullable<ReturnType<typeof toPublicRelease>>): SiteRelease => ({
  ...r,
  year: 2027,
  topicLabels: r.topics.map((id) => ({ id, label: topicLabel(id) })),
  partnerLabels: r.partners.map((id) => ({ id, name: partnerName(id), short: partnerShort(id) })),
});

/** Every feed the release appears in: all releases, each of its topics, each of its partners. */
/** A described, processed photo without people; the properties vary its alt text and credit. */
const PHOTO = { id: 'sportplatz01', licence: 'Frei mit Quellenangabe.', focal: { x: 0.5, y: 0.5 }, persons: [], noPerson: true, width: 1600, height: 1200 };

function releaseDocuments(r: SiteRelease): ReleaseFeedDocument[] {
  const scopes: Scope[] = [
    { kind: 'all' },
    ...r.topics.map((id): Scope => ({ kind: 'topic', id })),
    ...r.partners.map((id): Scope => ({ kind: 'partner', id })),
  ];
  const item = releaseFeedItem(
    r,
    SITE,
    r.photos.map((p) => ({ ...p, original: p.derivatives.at(-1)!.path, mimeType: 'image/jpeg', bytes: 1234 })),
  );
  return scopes.map((scope) => ({
    site: SITE,
    idPath: `pressemitteilungen/${scope.kind}${'id' in scope ? `/${scope.id}` : ''}`,
    title: scopeFeedTitle(scope),
    description: RELEASES.description,
    page: scopePage(scope),
    feeds: scopeFeeds(scope),
    items: [item],
    updated: new Date(r.updatedAt),
  }));
}

const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(strings)
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(strings)
        : [];

/** Well-formed for a strict XML parser, and read by a feed reader library. */
async function expectReadableXml(xml: string) {
  expect(xmlProblems(xml)).toEqual([]);
  return parseFeed(xml);
}

function expectReadableJson(text: string) {
  const feed = JSON.parse(text);
  expect(strings(feed).filter((s) => unsafeCharacter(s))).toEqual([]);
  return feed as { items: { title: string; summary: string }[] };
}

/** Every field that holds a forbidden character is refused, and said so in German, naming the field. */
function expectGermanRefusal(error: { issues: { path: PropertyKey[]; message: string }[] }, raw: Record<string, string>, labels: Record<string, string>) {
  for (const issue of error.issues) expect(issue.message).not.toMatch(ENGLISH);
  for (const [path, label] of Object.entries(labels)) {
    if (!unsafeCharacter(raw[path]!)) continue;
    const issue = error.issues.find((i) => i.path.join('.') === path);
    expect(issue?.message, path).toMatch(new RegExp(`^${label} enthält`));
  }
}

describe('RSS descriptions carry plain text as text', () => {
  const markup = '<script>alert(1)</script> Tom &amp; Jerry &lt;b&gt; fett';

  it('the teaser of a story arrives in a feed reader exactly as typed, never as markup', async () => {
    const story = toPublicStory(
      storyRecord(
        StoryInput.parse({
          title: 'Neue Arbeit in Asperg',
          teaser: `Ein Anreißer: ${markup}`,
          municipality: 'Asperg',
          topics: ['arbeit'],
          body: 'Der Text der Geschichte, lang genug für die Mindestlänge von fünfzig Zeichen.',
        }),
      ),
      NOW,
      'press',
    )!;
    const xml = await storiesRss(SITE, [siteStory(story)]);
    const feed = await expectReadableXml(xml);
    expect(feed.items[0]!.description).toBe(`Ein Anreißer: ${markup}`);
    // What a reader hands to its HTML renderer holds no tag.
    const description = /<description>([^<]*)<\/description>\s*<pubDate>/.exec(xml)![1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(description).not.toContain('<');
  });

  it('the lead of a release likewise, in the RSS of every scope', async () => {
    const r = toPublicRelease(
      releaseRecord(
        ReleaseInput.parse({
          headline: 'Eine Überschrift',
          lead: `Der Vorspann mit genug Zeichen: ${markup}`,
          body: 'Der Text der Pressemitteilung. '.repeat(5),
          contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '+49 7141 555-0100', email: 'presse@example.org' }],
          topics: ['wohnen'],
          partners: ['caritas'],
        }),
      ),
      NOW,
    )!;
    for (const doc of releaseDocuments(siteRelease(r))) {
      const feed = await expectReadableXml(await releaseRss(doc));
      expect(feed.items[0]!.description).toBe(`Der Vorspann mit genug Zeichen: ${markup}`);
    }
  });
});

describe('any text in any field: refused in German, or every feed is well-formed', () => {
  it(
    "stories: title, teaser, body and the person's role",
    async () => {
      await fc.assert(
        fc.asyncProperty(samples(storyFields), fc.constantFrom<TopicId>(...TOPICS.map((t) => t.id)), async (f, topic) => {
          const input = {
            title: f.title,
            teaser: f.teaser,
            body: f.body,
            municipality: 'Asperg',
            topics: [topic],
            persons: [{ ...consented.persons[0]!, role: f.role }],
            channels: ['website', 'press'],
          };
          const parsed = StoryInput.safeParse(input);
          if (!parsed.success) {
            expectGermanRefusal(
              parsed.error,
              { title: f.title, teaser: f.teaser, body: f.body, 'persons.0.role': f.role },
              { title: 'Der Titel', teaser: 'Der Anreißer', body: 'Der Text der Geschichte', 'persons.0.role': 'Die Rolle der Person' },
            );
            return;
          }
          const story = toPublicStory(storyRecord(parsed.data), NOW, 'press');
          expect(story).toBeDefined();
          const feed = await expectReadableXml(await storiesRss(SITE, [siteStory(story!)]));
          expect(feed.items[0]!.description).toBe(parsed.data.teaser);
        }),
        { numRuns: 150 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'releases: every text field, in RSS, Atom and JSON Feed for all, per topic and per partner',
    async () => {
      await fc.assert(
        fc.asyncProperty(samples(releaseFields), scopesArb, async (f, scopes) => {
          const input = {
            datelinePlace: f.datelinePlace,
            headline: f.headline,
            subline: f.subline,
            lead: f.lead,
            body: f.body,
            quotes: [{ text: f.quoteText, name: f.quoteName, function: f.quoteFunction, organisation: f.quoteOrganisation }],
            contacts: [{ name: f.contactName, function: f.contactFunction, phone: '+49 7141 555-0100', email: 'presse@example.org' }],
            topics: scopes.topics,
            partners: scopes.partners,
            photos: [{ ...PHOTO, alt: f.alt, credit: f.credit }],
          };
          const parsed = ReleaseInput.safeParse(input);
          if (!parsed.success) {
            expectGermanRefusal(
              parsed.error,
              {
                datelinePlace: f.datelinePlace,
                headline: f.headline,
                subline: f.subline,
                lead: f.lead,
                body: f.body,
                'quotes.0.text': f.quoteText,
                'quotes.0.name': f.quoteName,
                'contacts.0.name': f.contactName,
                'photos.0.alt': f.alt,
                'photos.0.credit': f.credit,
              },
              {
                datelinePlace: 'Der Ort der Ortsmarke',
                headline: 'Die Überschrift',
                subline: 'Die Unterzeile',
                lead: 'Der Vorspann',
                body: 'Der Text',
                'quotes.0.text': 'Das Zitat',
                'quotes.0.name': 'Der Name der zitierten Person',
                'contacts.0.name': 'Der Name der Ansprechperson',
                'photos.0.alt': 'Der Alternativtext',
                'photos.0.credit': 'Die Bildquelle',
              },
            );
            return;
          }
          const r = toPublicRelease(releaseRecord(parsed.data, unsafeCharacter(f.correction) ? undefined : f.correction), NOW);
          expect(r).toBeDefined();
          for (const doc of releaseDocuments(siteRelease(r!))) {
            const rss = await expectReadableXml(await releaseRss(doc));
            expect(rss.items[0]!.description).toBe(parsed.data.lead);
            await expectReadableXml(releaseAtom(doc));
            expect(expectReadableJson(releaseJsonFeed(doc)).items[0]!.summary).toBe(parsed.data.lead);
          }
        }),
        { numRuns: 100 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('text stored before the rule cannot break a feed', () => {
  const legacy = fc.string({ unit: anyUnit, maxLength: 40 });

  it(
    "stories' RSS strips what XML forbids",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.record({ title: legacy, teaser: legacy }), async ({ title, teaser }) => {
          const story: SiteStory = {
            id: 'story00001',
            slug: 'titel-story00001',
            photos: [],
            partner: 'caritas',
            title,
            teaser,
            body: 'Text',
            topics: ['arbeit'],
            updatedAt: PUBLISHED,
            publishedAt: PUBLISHED,
            partnerName: partnerName('caritas'),
            partnerShort: partnerShort('caritas'),
            topicLabels: [topicLabel('arbeit')],
          };
          await expectReadableXml(await storiesRss(SITE, [story]));
        }),
        { numRuns: 150 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'every release feed strips it from every field, corrections and contacts included',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(legacy, { minLength: 13, maxLength: 13 }), scopesArb, async (t, scopes) => {
          const r: SiteRelease = {
            id: 'rel0000001',
            slug: 'ueberschrift-rel0000001',
            datelinePlace: t[0]!,
            headline: t[1]!,
            subline: t[2]!,
            lead: t[3]!,
            body: t[4]!,
            quotes: [{ text: t[5]!, name: t[6]!, function: t[7]!, organisation: t[8]! }],
            contacts: [{ name: t[9]!, function: t[10]!, phone: '+49 7141 555-0100', email: 'presse@example.org' }],
            topics: scopes.topics,
            partners: scopes.partners as PartnerId[],
            featuredStoryIds: [],
            photos: publicPhotos([{ ...PHOTO, alt: t[11]!, credit: t[12]! }]),
            publishedAt: PUBLISHED,
            updatedAt: PUBLISHED,
            corrections: [{ at: PUBLISHED, note: t[0]! + t[12]! }],
            year: 2027,
            topicLabels: scopes.topics.map((id) => ({ id, label: topicLabel(id) })),
            partnerLabels: scopes.partners.map((id) => ({ id, name: partnerName(id), short: partnerShort(id) })),
          };
          for (const doc of releaseDocuments(r)) {
            await expectReadableXml(await releaseRss(doc));
            await expectReadableXml(releaseAtom(doc));
            expectReadableJson(releaseJsonFeed(doc));
          }
        }),
        { numRuns: 100 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
