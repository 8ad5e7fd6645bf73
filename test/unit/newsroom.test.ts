import type { Release } from '@newsroom/domain/release.ts';
import { publicUpdatedAt, toPublicRelease } from '@newsroom/domain/release-public.ts';
import type { Story } from '@newsroom/domain/story.ts';
import { berlinYear } from '@newsroom/newsroom/src/lib/releases.ts';
import { sitemapEntry } from '@newsroom/site-contract/sitemaps.ts';
import { describe, expect, it } from 'vitest';
import { ADULT, consentFor } from '../fixtures/consent.ts';

const NOW = new Date('2027-03-25T12:00:00.000Z');
const PUBLISHED = '2027-03-25T09:00:00.000Z';

const release = (over: Partial<Release> = {}): Release => ({
  id: 'abc1234567',
  slug: 'eine-meldung-abc1234567',
  partner: 'caritas',
  status: 'published',
  version: 4,
  authorId: 'u-1',
  authorName: 'Miriam Keller',
  lastEditorId: 'u-1',
  createdAt: '2027-03-20T08:00:00.000Z',
  updatedAt: PUBLISHED,
  datelinePlace: 'Ludwigsburg',
  headline: 'Abendkurse in drei Gemeinden beginnen',
  lead: 'Drei Gemeinden bieten gemeinsam mit dem Integrationsmanagement Deutschkurse am Abend an.',
  body: 'Wer tagsüber arbeitet, schafft den Kurs am Vormittag nicht. '.repeat(3),
  quotes: [],
  contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '+49 7141 555-0100', email: 'presse@example.org' }],
  topics: ['sprache'],
  partners: ['caritas'],
  featuredStoryIds: [],
  corrections: [],
  notices: [{ at: PUBLISHED, message: 'intern' }],
  photos: [
    {
      id: 'kursfoto0001',
      alt: 'Eine Tafel mit zwei Sprechblasen.',
      credit: 'Demo',
      licence: 'Frei mit Quellenangabe.',
      focal: { x: 0.5, y: 0.5 },
      persons: [],
      noPerson: true,
      width: 1600,
      height: 1200,
    },
  ],
  publishedAt: PUBLISHED,
  audit: [
    { at: '2027-03-20T08:00:00.000Z', by: 'u-1', byName: 'Miriam Keller', action: 'create', to: 'draft' },
    { at: '2027-03-21T08:00:00.000Z', by: 'p-1', byName: 'Julia Neumann', action: 'edit' },
    { at: PUBLISHED, by: 'p-2', byName: 'Stefan Braun', action: 'publish', from: 'approved', to: 'published' },
  ],
  ...over,
});

describe('the public projection of a press release', () => {
  it('is there for a published release and carries nothing internal', () => {
    const pub = toPublicRelease(release(), NOW)!;
    expect(pub.headline).toBe('Abendkurse in drei Gemeinden beginnen');
    for (const internal of ['audit', 'notices', 'authorName', 'authorId', 'lastEditorId', 'status', 'embargoAt', 'takedownAt', 'version']) {
      expect(pub).not.toHaveProperty(internal);
    }
    expect(pub.photos).toHaveLength(1);
    expect(pub.photos[0]).toMatchObject({
      id: 'kursfoto0001',
      alt: 'Eine Tafel mit zwei Sprechblasen.',
      credit: 'Demo',
      lead: true,
      width: 1600,
      height: 1200,
    });
    // The processed files only, and nothing about who is on the photo.
    expect(pub.photos[0]!.derivatives.map((d) => d.path)).toContain('/bilder/kursfoto0001/1280.avif');
    expect(pub.photos[0]).not.toHaveProperty('persons');
    expect(pub.photos[0]).not.toHaveProperty('noPerson');
  });

  it('is absent before the embargo, after the takedown, and in every status but published', () => {
    expect(toPublicRelease(release({ embargoAt: '2027-03-25T12:01:00.000Z' }), NOW)).toBeUndefined();
    expect(toPublicRelease(release({ embargoAt: '2027-03-25T12:00:00.000Z' }), NOW)).toBeDefined();
    expect(toPublicRelease(release({ takedownAt: '2027-03-25T12:00:00.000Z' }), NOW)).toBeUndefined();
    for (const status of ['draft', 'proposed', 'returned', 'approved', 'scheduled', 'unpublished'] as const) {
      expect(toPublicRelease(release({ status }), NOW)).toBeUndefined();
    }
  });

  it('is absent when the stored content no longer passes the schema', () => {
    expect(toPublicRelease(release({ contacts: [] }), NOW)).toBeUndefined();
  });
});

describe('a photo of a recognisable person', () => {
  const shown = { ...ADULT, shows: { ...ADULT.shows, photos: 'recognisable' as const } };
  const covering = consentFor('A', { scope: { ...consentFor().scope, photos: 'recognisable' } });
  const story = (consents = [covering]): Story => ({
    id: 'story00001',
    slug: 'eine-geschichte',
    partner: 'caritas',
    status: 'published',
    version: 3,
    authorId: 'u-1',
    authorName: 'Test',
    createdAt: '2027-03-01T08:00:00.000Z',
    updatedAt: '2027-03-10T08:00:00.000Z',
    publishedAt: '2027-03-10T08:00:00.000Z',
    audit: [],
    title: 'Im Verein angekommen',
    teaser: 'Ein junger Mann aus Tamm spielt seit einem Jahr im Fußballverein.',
    municipality: 'Tamm',
    topics: ['teilhabe'],
    body: 'Seit einem Jahr spielt er im Verein und trainiert inzwischen die Jugend mit.',
    showMunicipality: true,
    channels: ['website', 'press'],
    persons: [shown],
    consents,
  });
  const withPhoto = release({
    featuredStoryIds: ['story00001'],
    photos: [
      {
        id: 'trainingfoto',
        alt: 'Ein junger Mann beim Training auf dem Sportplatz.',
        credit: 'Demo',
        licence: 'Frei mit Quellenangabe.',
        focal: { x: 0.5, y: 0.5 },
        persons: [{ storyId: 'story00001', personId: 'A', recognisable: true }],
        width: 1600,
        height: 1200,
      },
      {
        id: 'sportplatz01',
        alt: 'Der leere Sportplatz am Abend.',
        credit: 'Demo',
        licence: 'Frei mit Quellenangabe.',
        focal: { x: 0.5, y: 0.5 },
        persons: [],
        noPerson: true,
        width: 1600,
        height: 1200,
      },
    ],
  });
  const files = (stories: Story[]) => toPublicRelease(withPhoto, NOW, new Map(stories.map((s) => [s.id, s])))!.photos.map((p) => p.id);

  it("is shown while the person's consent covers recognisable photos in press releases", () => {
    expect(files([story()])).toEqual(['trainingfoto', 'sportplatz01']);
  });

  it('is left out once the consent is withdrawn, or when the story is not published; the release stays', () => {
    const withdrawn = consentFor('A', { ...covering, version: 2, withdrawal: { date: '2027-03-20', receivedVia: 'letter' } });
    expect(files([story([covering, withdrawn])])).toEqual(['sportplatz01']);
    expect(files([])).toEqual(['sportplatz01']);
  });
});

describe('the updated date readers see', () => {
  it('is the public date when nothing changed after it (edits before publication do not count)', () => {
    expect(publicUpdatedAt(release())).toBe(PUBLISHED);
  });

  it('is the correction, or an edit made while the release was off the site', () => {
    expect(publicUpdatedAt(release({ correctedAt: '2027-03-26T10:00:00.000Z' }))).toBe('2027-03-26T10:00:00.000Z');
    const r = release();
    expect(publicUpdatedAt({ ...r, audit: [...r.audit, { at: '2027-03-27T10:00:00.000Z', by: 'p-1', byName: 'Julia Neumann', action: 'edit' }] })).toBe(
      '2027-03-27T10:00:00.000Z',
    );
  });
});

it("the archive year is the year in Berlin (New Year's Eve 23:30 UTC is already next year)", () => {
  expect(berlinYear('2026-12-31T23:30:00.000Z')).toBe(2027);
  expect(berlinYear('2026-12-31T22:30:00.000Z')).toBe(2026);
});

describe('a sitemap entry from a built page', () => {
  const head = (extra: string) =>
    `<!DOCTYPE html><html lang="de"><head><link rel="canonical" href="https://x.example/a/">${extra}</head><body><meta property="article:modified_time" content="1999-01-01"></body></html>`;

  it('takes the canonical address and the modified time, else the published time, from the head only', () => {
    expect(
      sitemapEntry(
        head(
          '<meta property="article:published_time" content="2027-03-25T09:00:00.000Z"><meta property="article:modified_time" content="2027-03-26T10:00:00.000Z">',
        ),
      ),
    ).toEqual({ loc: 'https://x.example/a/', lastmod: '2027-03-26T10:00:00.000Z' });
    expect(sitemapEntry(head('<meta property="article:published_time" content="2027-03-25T09:00:00.000Z">'))).toEqual({
      loc: 'https://x.example/a/',
      lastmod: '2027-03-25T09:00:00.000Z',
    });
    expect(sitemapEntry(head(''))).toEqual({ loc: 'https://x.example/a/' });
  });

  it('leaves out pages that ask not to be indexed or have no canonical address', () => {
    expect(sitemapEntry(head('<meta name="robots" content="noindex">'))).toBeUndefined();
    expect(sitemapEntry('<html><head><title>x</title></head></html>')).toBeUndefined();
  });
});
