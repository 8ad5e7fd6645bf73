import { renderNotifications } from '@newsroom/domain/notification-mail.ts';
import { deliveryOf, type NotificationKind, type Person, recipientsOf, type StoryEvent } from '@newsroom/domain/notifications.ts';
import { describe, expect, it } from 'vitest';

/** Everyone who could be told, by their part in a Caritas story. */
const person = (subject: string, role: Person['role'], partner: Person['partner']): Person => ({
  subject,
  role,
  partner,
  email: `${subject}@example.org`,
  enabled: true,
});
const PEOPLE = [
  person('author', 'manager', 'caritas'),
  person('colleague', 'manager', 'caritas'),
  person('lead', 'partner-lead', 'caritas'),
  person('other-lead', 'partner-lead', 'awo'),
  person('other-manager', 'manager', 'awo'),
  person('press', 'press', 'lra'),
  person('admin', 'admin', 'lra'),
];
const story: StoryEvent['story'] = { partner: 'caritas', authorId: 'author' };

/** Who takes each step (never told of their own step) and who is told what. */
const TABLE: [StoryEvent['action'], string | undefined, Record<string, NotificationKind[]>][] = [
  ['submit', 'author', { lead: ['story-submitted'] }],
  ['return', 'lead', { author: ['story-returned'] }],
  ['approve', 'lead', { author: ['story-approved'], press: ['story-ready-for-press'] }],
  ['press-approve', 'press', { author: ['story-approved'] }],
  ['publish', 'press', { author: ['story-published'], lead: ['story-published'] }],
  ['unpublish', 'press', { lead: ['takedown'] }],
  ['withdrawal', 'author', { press: ['takedown'], lead: ['takedown'] }],
  ['expiry', undefined, { press: ['takedown'], lead: ['takedown'] }],
];

describe('who gets which notification, for every step × role', () => {
  it.each(TABLE)('%s (taken by %s)', (action, actor, expected) => {
    const got = recipientsOf({ action, story }, PEOPLE, actor);
    for (const p of PEOPLE) {
      const kinds = got.filter((g) => g.person.subject === p.subject).map((g) => g.kind);
      expect(kinds, `${action}: ${p.subject}`).toEqual(expected[p.subject] ?? []);
    }
  });

  it('tells nobody who is disabled or has no address, and the author of a story also leading it only once per kind', () => {
    const authorLead = person('author', 'partner-lead', 'caritas');
    const got = recipientsOf({ action: 'publish', story }, [authorLead, { ...person('lead', 'partner-lead', 'caritas'), enabled: false }], 'press');
    expect(got.map((g) => [g.kind, g.person.subject])).toEqual([['story-published', 'author']]);
    expect(recipientsOf({ action: 'submit', story }, [{ ...person('lead', 'partner-lead', 'caritas'), email: '' }], 'author')).toEqual([]);
  });
});

describe('preferences', () => {
  it('deliver at once unless chosen otherwise; takedowns always at once', () => {
    expect(deliveryOf('story-submitted', {})).toBe('sofort');
    expect(deliveryOf('story-submitted', { 'story-submitted': 'taeglich' })).toBe('taeglich');
    expect(deliveryOf('story-published', { 'story-published': 'aus' })).toBe('aus');
    expect(deliveryOf('takedown', { takedown: 'aus' })).toBe('sofort');
  });
});

describe('notification mails', () => {
  const content = {
    kind: 'story-returned' as const,
    title: 'Neue Arbeit in Asperg',
    status: 'Zurückgegeben',
    link: 'http://localhost:4322/#/geschichten/abc',
    comment: 'Bitte den zweiten Absatz kürzen.',
    preferencesLink: 'http://localhost:4322/#/benachrichtigungen',
  };

  it('say title, status, comment and the link, in German, as HTML and text', () => {
    const mail = renderNotifications([content]);
    expect(mail.subject).toBe('Ihre Geschichte wurde mit einem Kommentar zurückgegeben: „Neue Arbeit in Asperg“');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Neue Arbeit in Asperg');
      expect(part).toContain('Zurückgegeben');
      expect(part).toContain('Bitte den zweiten Absatz kürzen.');
      expect(part).toContain('http://localhost:4322/#/geschichten/abc');
      expect(part).toContain('http://localhost:4322/#/benachrichtigungen');
    }
    expect(mail.html).toContain('<html lang="de">');
  });

  it('group a day of notifications into one summary, each under its kind', () => {
    const mail = renderNotifications([
      content,
      { ...content, kind: 'story-published', title: 'Sprachkurs in Tamm', status: 'Veröffentlicht', comment: undefined },
    ]);
    expect(mail.subject).toBe('Tägliche Zusammenfassung: 2 Neuigkeiten in der Redaktion');
    expect(mail.text.indexOf('Neue Arbeit in Asperg')).toBeLessThan(mail.text.indexOf('Sprachkurs in Tamm'));
    expect(mail.text).toContain('Eine Geschichte ist veröffentlicht');
  });

  it('escape what a title holds in the HTML part', () => {
    expect(renderNotifications([{ ...content, title: '<script>alert(1)</script>' }]).html).not.toContain('<script>alert');
  });
});
