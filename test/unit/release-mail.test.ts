import { readFileSync } from 'node:fs';
import { publicPhotos } from '@newsroom/domain/photos.ts';
import { BOILERPLATE, renderReleaseMail } from '@newsroom/domain/release-mail.ts';
import { embargoLine, type ReleaseMailSnapshot } from '@newsroom/domain/release-send.ts';
import { describe, expect, it } from 'vitest';

const snapshot: ReleaseMailSnapshot = {
  release: {
    id: 'abc',
    slug: 'bilanz-abc',
    datelinePlace: 'Ludwigsburg',
    headline: 'Integrationsmanagement zieht Bilanz',
    lead: 'Das Integrationsmanagement hat viele Menschen begleitet.',
    body: 'Ein Absatz mit *Betonung*.\n\nNoch einer.',
    quotes: [],
    contacts: [{ name: 'Julia Neumann', function: 'Pressesprecherin', phone: '07141 144-0', email: 'presse@example.org' }],
    topics: ['arbeit'],
    partners: ['lra'],
    featuredStoryIds: [],
    photos: publicPhotos([
      {
        id: 'tischfoto001',
        alt: 'Ein Tisch mit Tassen',
        credit: 'Landratsamt',
        licence: 'Frei mit Quellenangabe.',
        focal: { x: 0.5, y: 0.5 },
        width: 1600,
        height: 1200,
      },
    ]),
    publishedAt: '2026-03-24T09:00:00.000Z',
    updatedAt: '2026-03-24T09:00:00.000Z',
    corrections: [],
  },
  version: 3,
  embargoAt: '2026-03-24T09:00:00.000Z',
  kind: 'release',
  link: 'https://api.example/vorab/geheim',
  siteUrl: 'https://site.example',
};

describe('a release as a mail to journalists', () => {
  it('states the Sperrfrist in Berlin time in the words journalists expect, in winter and in summer time', () => {
    expect(embargoLine(new Date('2026-03-24T09:00:00Z'))).toBe('SPERRFRIST: 24.03.2026, 10:00 Uhr');
    expect(embargoLine(new Date('2026-07-01T08:30:00Z'))).toBe('SPERRFRIST: 01.07.2026, 10:30 Uhr');
  });

  it('before the Sperrfrist: first in the subject and in the first line of both parts, with the private link', () => {
    const mail = renderReleaseMail(snapshot, new Date('2026-03-20T12:00:00Z'));
    expect(mail.subject).toBe('SPERRFRIST: 24.03.2026, 10:00 Uhr: Integrationsmanagement zieht Bilanz');
    expect(mail.text.split('\n')[0]).toBe('SPERRFRIST: 24.03.2026, 10:00 Uhr');
    expect(mail.html).toMatch(/<h1>SPERRFRIST: 24.03.2026, 10:00 Uhr<\/h1>/);
    expect(mail.text).toContain('https://api.example/vorab/geheim');
    expect(mail.html).toContain('<em>Betonung</em>');
    expect(mail.text).toContain('Ein Tisch mit Tassen (Foto: Landratsamt):\nhttps://site.example/bilder/tischfoto001/1280.jpg');
  });

  it('after the Sperrfrist: no embargo wording; a correction says so first', () => {
    const after = renderReleaseMail({ ...snapshot, link: 'https://site.example/pressemitteilungen/bilanz-abc/' }, new Date('2026-03-24T09:00:00Z'));
    expect(after.subject).toBe('Integrationsmanagement zieht Bilanz');
    expect(after.text).not.toContain('SPERRFRIST');
    const fix = renderReleaseMail(
      { ...snapshot, embargoAt: undefined, kind: 'correction', correctionNote: 'Eine Zahl war falsch.' },
      new Date('2026-03-25T09:00:00Z'),
    );
    expect(fix.subject).toBe('KORREKTUR: Integrationsmanagement zieht Bilanz');
    expect(fix.text).toContain('Korrektur: Eine Zahl war falsch.');
  });

  it('carries the one-click unsubscribe headers (RFC 8058) and footer links the list gives for each recipient', () => {
    expect(renderReleaseMail(snapshot, new Date('2026-03-20T12:00:00Z')).headers).toBeUndefined();
    const headers = { 'List-Unsubscribe': '<https://api.example/abmelden/x>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    const mail = renderReleaseMail(snapshot, new Date('2026-03-20T12:00:00Z'), {
      headers,
      links: [{ label: 'Vom Presseverteiler abmelden', href: 'https://api.example/abmelden/x' }],
    });
    expect(mail.headers).toEqual(headers);
    expect(mail.text).toContain('Vom Presseverteiler abmelden:\nhttps://api.example/abmelden/x');
  });

  it('ends with the same boilerplate as the site (content/boilerplate.md)', () => {
    const source = readFileSync(new URL('../../content/boilerplate.md', import.meta.url), 'utf8');
    const [, front, body] = source.split(/^---\s*$/m);
    expect(front).toContain(`title: ${BOILERPLATE.title}`);
    const paragraphs = body!
      .trim()
      .split(/\n\s*\n/)
      .map((p) => p.replace(/\s+/g, ' ').trim());
    expect(paragraphs).toEqual(BOILERPLATE.paragraphs);
  });
});
