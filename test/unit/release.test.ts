import type { Actor } from '@newsroom/domain/actor.ts';
import { fromBerlinLocal, germanDateTime, toBerlinLocal } from '@newsroom/domain/berlin-time.ts';
import { isReleasePublic, Release, ScheduleInput } from '@newsroom/domain/release.ts';
import { decideRelease, dueChange, featuredGate, releaseEdit } from '@newsroom/domain/release-workflow.ts';
import type { Story } from '@newsroom/domain/story.ts';
import { describe, expect, it } from 'vitest';
import { consented, consentFor } from '../fixtures/consent.ts';

describe('embargo times in Europe/Berlin', () => {
  it('winter and summer time give different UTC instants for the same wall clock', () => {
    expect(fromBerlinLocal('2027-01-15T10:00')).toEqual({ ok: true, at: new Date('2027-01-15T09:00:00Z') });
    expect(fromBerlinLocal('2027-07-15T10:00')).toEqual({ ok: true, at: new Date('2027-07-15T08:00:00Z') });
  });

  it('around the spring change: 01:59 is winter time, 03:00 summer time, 02:30 does not exist', () => {
    expect(fromBerlinLocal('2027-03-28T01:59')).toEqual({ ok: true, at: new Date('2027-03-28T00:59:00Z') });
    expect(fromBerlinLocal('2027-03-28T03:00')).toEqual({ ok: true, at: new Date('2027-03-28T01:00:00Z') });
    const gap = fromBerlinLocal('2027-03-28T02:30');
    expect(gap.ok).toBe(false);
    if (!gap.ok) expect(gap.message).toMatch(/gibt es am 28\.03\.2027 nicht/);
  });

  it('around the autumn change: 02:30 occurs twice and means the first (summer time)', () => {
    expect(fromBerlinLocal('2026-10-25T02:30')).toEqual({ ok: true, at: new Date('2026-10-25T00:30:00Z') });
    expect(fromBerlinLocal('2026-10-25T03:00')).toEqual({ ok: true, at: new Date('2026-10-25T02:00:00Z') });
  });

  it('round-trips every quarter hour of a year, except the spring gap', () => {
    let refused = 0;
    for (let t = Date.parse('2027-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += 15 * 60_000) {
      const local = toBerlinLocal(new Date(t));
      const back = fromBerlinLocal(local);
      if (!back.ok) refused++;
      // In the autumn's repeated hour the earlier instant is meant, so only compare the wall clock.
      else expect(toBerlinLocal(back.at)).toBe(local);
    }
    expect(refused).toBe(0);
    // 35,040 conversions through Intl: about 2 s alone, several times that beside the e2e suites on 2 cores.
  }, 30_000);

  it('the schedule input stores the instant and refuses bad times in German', () => {
    expect(ScheduleInput.parse({ embargo: '2027-03-25T10:00' })).toEqual({ embargo: '2027-03-25T09:00:00.000Z' });
    expect(ScheduleInput.safeParse({ embargo: '25.03.2027' }).error?.issues[0]?.message).toMatch(/Format/);
    expect(germanDateTime(new Date('2027-03-25T09:00:00Z'))).toBe('25.03.2027, 10:00 Uhr');
  });
});

const at = '2027-03-01T08:00:00.000Z';
const release = (over: Partial<Release> = {}): Release =>
  Release.parse({
    id: 'r1',
    slug: 'r-r1',
    partner: 'caritas',
    status: 'proposed',
    version: 2,
    authorId: 'author',
    authorName: 'Autorin',
    lastEditorId: 'author',
    createdAt: at,
    updatedAt: at,
    audit: [],
    headline: 'Integrationsmanagement zieht Bilanz',
    lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg hat im vergangenen Jahr viele Menschen begleitet.',
    body: 'Text '.repeat(40),
    contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
    topics: ['wohnen'],
    partners: ['caritas'],
    ...over,
  });
const pressA: Actor = { sub: 'press-a', name: 'Presse A', roles: ['press'], partner: 'lra' };
const pressB: Actor = { sub: 'press-b', name: 'Presse B', roles: ['press'], partner: 'lra' };
const now = new Date('2027-03-10T12:00:00Z');
const noStories = new Map<string, Story>();

describe('release workflow', () => {
  it('four eyes: whoever changed the text last cannot approve it', () => {
    const edited = release({ lastEditorId: 'press-a' });
    expect(decideRelease(edited, 'approve', pressA, { now, stories: noStories })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(decideRelease(edited, 'approve', pressB, { now, stories: noStories })).toMatchObject({ ok: true, to: 'approved' });
  });

  it('publishing with a future embargo schedules, with the embargo as the public date', () => {
    const r = release({ status: 'approved', embargoAt: '2027-03-25T09:00:00.000Z' });
    expect(decideRelease(r, 'publish', pressA, { now, stories: noStories })).toMatchObject({
      ok: true,
      to: 'scheduled',
      publishedAt: '2027-03-25T09:00:00.000Z',
    });
    expect(decideRelease(release({ status: 'approved' }), 'publish', pressA, { now, stories: noStories })).toMatchObject({
      ok: true,
      to: 'published',
      publishedAt: now.toISOString(),
    });
  });

  it('the scheduler publishes at the embargo minute and takes down at the takedown', () => {
    const scheduled = release({ status: 'scheduled', embargoAt: '2027-03-25T09:00:00.000Z', publishedAt: '2027-03-25T09:00:00.000Z' });
    expect(dueChange(scheduled, new Date('2027-03-25T08:59:59Z'))).toBeUndefined();
    expect(dueChange(scheduled, new Date('2027-03-25T09:00:00Z'))).toMatchObject({ from: 'scheduled', to: 'published' });
    const live = release({ status: 'published', publishedAt: at, takedownAt: '2027-04-01T00:00:00.000Z' });
    expect(dueChange(live, new Date('2027-04-01T00:00:00Z'))).toMatchObject({ to: 'unpublished' });
  });

  it('public only when published, past the embargo and before the takedown', () => {
    const r = release({ status: 'published', publishedAt: at, embargoAt: '2027-03-25T09:00:00.000Z', takedownAt: '2027-04-01T00:00:00.000Z' });
    expect(isReleasePublic(r, new Date('2027-03-25T08:59:00Z'))).toBe(false);
    expect(isReleasePublic(r, new Date('2027-03-25T09:00:00Z'))).toBe(true);
    expect(isReleasePublic(r, new Date('2027-04-01T00:00:00Z'))).toBe(false);
    expect(isReleasePublic({ ...r, status: 'scheduled' }, new Date('2027-03-26T00:00:00Z'))).toBe(false);
  });

  it('corrections: after publication only the press office edits, as a correction; an edit after approval needs a new approval', () => {
    const manager: Actor = { sub: 'm', name: 'M', roles: ['manager'], partner: 'caritas' };
    expect(releaseEdit(manager, release({ status: 'published' }))).toMatchObject({ ok: false });
    expect(releaseEdit(pressA, release({ status: 'published' }))).toEqual({ ok: true, to: 'published', correction: true });
    expect(releaseEdit(pressA, release({ status: 'approved' }))).toEqual({ ok: true, to: 'proposed', correction: false });
    expect(releaseEdit(manager, release({ status: 'draft' }))).toEqual({ ok: true, to: 'draft', correction: false });
  });

  it('featured stories must be public with consent for the press channel; recognisable photos need photo consent', () => {
    const story = {
      id: 'st00000001',
      slug: 's',
      title: 'Eine Geschichte',
      teaser: 'Ein Anreißer, der lang genug ist für die Prüfung.',
      municipality: 'Tamm',
      topics: ['wohnen'],
      body: 'x'.repeat(60),
      partner: 'caritas',
      status: 'published',
      version: 1,
      authorId: 'a',
      authorName: 'A',
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
      audit: [],
      ...consented,
    } as Story;
    const stories = new Map([[story.id, story]]);
    expect(featuredGate(release({ featuredStoryIds: [story.id] }), { now, stories })).toEqual([]);
    const websiteOnly = { ...story, consents: [consentFor('A', { scope: { ...consentFor().scope, channels: ['website'] } })] };
    expect(featuredGate(release({ featuredStoryIds: [story.id] }), { now, stories: new Map([[story.id, websiteOnly]]) })[0]).toMatch(
      /Pressemitteilung \/ Feed/,
    );
    const photo = (recognisable: boolean) => ({
      id: 'abcdefabcdef',
      alt: 'Eine Familie vor ihrem neuen Zuhause',
      credit: 'Caritas',
      licence: 'Nur für die Berichterstattung.',
      focal: { x: 0.5, y: 0.5 },
      persons: [{ storyId: story.id, personId: 'A', recognisable }],
    });
    expect(featuredGate(release({ featuredStoryIds: [story.id], photos: [photo(true)] }), { now, stories })).toEqual([
      'Person A, Foto „Eine Familie vor ihrem neuen Zuhause“: Die Einwilligung deckt „Fotos, auf denen die Person erkennbar ist“ nicht ab (erlaubt: keine Fotos).',
    ]);
    // Not recognisable still needs consent to photos at that level: the consent allows none.
    expect(featuredGate(release({ featuredStoryIds: [story.id], photos: [photo(false)] }), { now, stories })).toHaveLength(1);
    const photosAllowed = { ...story, consents: [consentFor('A', { scope: { ...consentFor().scope, photos: 'recognisable' } })] };
    expect(featuredGate(release({ featuredStoryIds: [story.id], photos: [photo(true)] }), { now, stories: new Map([[story.id, photosAllowed]]) })).toEqual([]);
    // A person of a story the release does not feature cannot be on its photos.
    expect(featuredGate(release({ featuredStoryIds: [], photos: [photo(true)] }), { now, stories })[0]).toMatch(/vorkommt/);
  });
});
