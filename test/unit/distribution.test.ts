import { checkSignup, isAddress, LISTS, type ListId, mayMailConfirmation, onLists, SIGNUP_CONSENT } from '@newsroom/domain/distribution.ts';
import { classifyImport } from '@newsroom/domain/distribution-csv.ts';
import { delimiterOf, parseContactsCsv } from '@newsroom/domain/distribution-csv-read.ts';
import { TOPICS, type TopicId } from '@newsroom/domain/topics.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const topicArb = fc.subarray(TOPICS.map((t) => t.id) as TopicId[]);
const listArb = fc.subarray(LISTS.map((l) => l.id) as ListId[]);
const statusArb = fc.constantFrom('pending' as const, 'active' as const, 'unsubscribed' as const);

describe('list rules', () => {
  it('a contact is on a list only when active, not suppressed, and the list is „alle“ or one of its topics', () => {
    fc.assert(
      fc.property(statusArb, topicArb, listArb, fc.boolean(), (status, topics, lists, suppressed) => {
        const expected = status === 'active' && !suppressed && lists.some((l) => l === 'alle' || topics.includes(l as TopicId));
        expect(onLists({ status, topics }, lists, suppressed)).toBe(expected);
      }),
    );
  });

  it('nobody who unsubscribed, is waiting for confirmation or is suppressed is on any list, whatever the lists', () => {
    fc.assert(
      fc.property(topicArb, listArb, (topics, lists) => {
        expect(onLists({ status: 'unsubscribed', topics }, lists, false)).toBe(false);
        expect(onLists({ status: 'pending', topics }, lists, false)).toBe(false);
        expect(onLists({ status: 'active', topics }, lists, true)).toBe(false);
      }),
    );
  });

  it('allows three confirmation mails per address and day, then none until the oldest is a day old', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3600_000).toISOString();
    expect(mayMailConfirmation([], now)).toBe(true);
    expect(mayMailConfirmation([at(1), at(2)], now)).toBe(true);
    expect(mayMailConfirmation([at(1), at(2), at(3)], now)).toBe(false);
    expect(mayMailConfirmation([at(25), at(2), at(3)], now)).toBe(true);
  });
});

describe('sign-up form', () => {
  const form = {
    name: ' Petra Presse ',
    email: ' Petra@Zeitung.Example ',
    medium: 'LKZ',
    thema: ['arbeit', 'arbeit', 'wohnen'],
    einwilligung: 'ja',
    einwilligungVersion: SIGNUP_CONSENT.version,
  };

  it('accepts a complete form, trims and lower-cases the address, and keeps each topic once', () => {
    expect(checkSignup(form)).toEqual({ ok: true, name: 'Petra Presse', email: 'petra@zeitung.example', medium: 'LKZ', topics: ['arbeit', 'wohnen'] });
  });

  it('refuses without the consent tick, with an outdated consent text, and with unknown topics, in German', () => {
    expect(checkSignup({ ...form, einwilligung: undefined })).toMatchObject({ ok: false, problems: [expect.stringContaining('Einwilligung')] });
    expect(checkSignup({ ...form, einwilligungVersion: '2020-01-01' })).toMatchObject({ ok: false, problems: [expect.stringContaining('geändert')] });
    expect(checkSignup({ ...form, thema: 'sport' })).toMatchObject({ ok: false, problems: ['Unbekanntes Thema „sport“.'] });
  });

  it('takes no address that could split a header or a list', () => {
    for (const bad of ['a@b', 'a b@c.de', 'a@b.de, c@d.de', 'a@b.de>', '<a@b.de', '@b.de', 'a@.de', 'a@b..de', 'a;b@c.de'])
      expect(isAddress(bad), bad).toBe(false);
    for (const good of ['a@b.de', 'vorname.nachname+presse@zeitung-ludwigsburg.de', 'x@sub.domain.example']) expect(isAddress(good), good).toBe(true);
  });
});

describe('CSV import', () => {
  it('reads German Excel (semicolons, byte order mark, CRLF) and the comma dialect alike', () => {
    const excel = '\uFEFFName;E-Mail;Medium;Themen\r\nAnna Acker;ANNA@example.org;"Zeitung; Lokales";Wohnen, Arbeit\r\n';
    const comma = 'name,email,medium,themen\nAnna Acker,anna@example.org,"Zeitung; Lokales",wohnen;arbeit\n';
    expect(delimiterOf(excel)).toBe(';');
    expect(delimiterOf(comma)).toBe(',');
    const a = parseContactsCsv(excel);
    const b = parseContactsCsv(comma);
    expect(a).toEqual(b);
    expect(a).toEqual({
      ok: true,
      rows: [{ line: 2, name: 'Anna Acker', email: 'anna@example.org', medium: 'Zeitung; Lokales', topics: ['wohnen', 'arbeit'], reasons: [] }],
    });
  });

  it('names each refused row with its line and a German reason', () => {
    const parsed = parseContactsCsv('Name;E-Mail;Medium;Themen\n;a@example.org;LKZ;\nB;kaputt;LKZ;\nC;c@example.org;;Sport\n');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows.map((r) => [r.line, r.reasons])).toEqual([
      [2, ['Bitte geben Sie einen Namen an.']],
      [3, ['Ungültige E-Mail-Adresse „kaputt“.']],
      [4, [expect.stringContaining('Bitte geben Sie das Medium an'), expect.stringContaining('Unbekanntes Thema „Sport“')]],
    ]);
  });

  it('refuses a file without a header naming the columns, or one it cannot read, as a whole', () => {
    expect(parseContactsCsv('Anna;anna@example.org')).toMatchObject({ ok: false, problem: expect.stringContaining('„Name“ und „E-Mail“') });
    expect(parseContactsCsv('Name;E-Mail\n"offen;a@b.de\n')).toMatchObject({ ok: false, problem: expect.stringContaining('keine lesbare CSV-Datei') });
    expect(parseContactsCsv('')).toMatchObject({ ok: false });
  });

  it('classifies every valid row: new, updated, unchanged; refuses duplicates in the file, suppressed and unsubscribed addresses and waiting sign-ups', () => {
    const row = (line: number, email: string, name = 'N') => ({ line, name, email, medium: 'M', topics: [] as TopicId[], reasons: [] });
    const existing = new Map([
      ['same@example.org', { name: 'N', medium: 'M', topics: [] as TopicId[], status: 'active' as const }],
      ['changed@example.org', { name: 'Alt', medium: 'M', topics: [] as TopicId[], status: 'active' as const }],
      ['gone@example.org', { name: 'N', medium: 'M', topics: [] as TopicId[], status: 'unsubscribed' as const }],
      ['waiting@example.org', { name: 'N', medium: 'M', topics: [] as TopicId[], status: 'pending' as const }],
    ]);
    const rows = classifyImport(
      [
        row(2, 'new@example.org'),
        row(3, 'same@example.org'),
        row(4, 'changed@example.org'),
        row(5, 'new@example.org'),
        row(6, 'bounced@example.org'),
        row(7, 'gone@example.org'),
        row(8, 'waiting@example.org'),
      ],
      existing,
      new Map([['bounced@example.org', 'hard-bounce' as const]]),
    );
    expect(rows.map((r) => r.outcome)).toEqual(['new', 'unchanged', 'updated', 'refused', 'refused', 'refused', 'refused']);
    expect(rows[3]!.reasons).toEqual(['Die Adresse steht schon in Zeile 2.']);
    expect(rows[4]!.reasons[0]).toContain('harter Bounce');
  });

  it('never takes over an invalid, duplicate or suppressed row, for any file', () => {
    const emailArb = fc.constantFrom('a@example.org', 'b@example.org', 'kaputt', '', 'c@example.org');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('Anna', ''), emailArb, fc.constantFrom('LKZ', ''), fc.constantFrom('', 'wohnen', 'Sport')), { maxLength: 12 }),
        (lines) => {
          const csv = ['Name;E-Mail;Medium;Themen', ...lines.map((l) => l.join(';'))].join('\n');
          const parsed = parseContactsCsv(csv);
          if (!parsed.ok) return;
          const rows = classifyImport(parsed.rows, new Map(), new Map([['c@example.org', 'complaint' as const]]));
          const taken = rows.filter((r) => r.outcome === 'new');
          expect(new Set(taken.map((r) => r.email)).size).toBe(taken.length);
          for (const r of taken) {
            expect(isAddress(r.email)).toBe(true);
            expect(r.email).not.toBe('c@example.org');
            expect(r.name && r.medium).toBeTruthy();
          }
          for (const r of rows.filter((x) => x.outcome === 'refused')) expect(r.reasons.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
