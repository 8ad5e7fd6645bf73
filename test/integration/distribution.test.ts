import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIGNUP_CONSENT } from '@newsroom/domain/distribution.ts';
import { readCsvRecords } from '@newsroom/domain/distribution-csv-read.ts';
import { renderMail } from '@newsroom/domain/mail.ts';
import { type Mailbox, startMailbox, UNDELIVERABLE_DOMAIN } from '@newsroom/infra-local/mailbox.ts';
import { type InProcessMailQueue, inProcessMailQueue } from '@newsroom/mail/in-process.ts';
import { smtpTransport } from '@newsroom/mail/smtp.ts';
import { recipientsOf } from '@newsroom/operations/distribution.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { runScheduledJobs } from '@newsroom/operations/scheduled.ts';
import { mailQueue, useLocalMailQueue } from '@newsroom/runtime/adapters.ts';
import { config, configure } from '@newsroom/runtime/config.ts';
import { getDelivery, suppressAddress, suppressionOf } from '@newsroom/store/mail.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './harness.ts';

/**
 * The press distribution through the real handlers behind the local gateway, with the
 * local SMTP server: the press office's contacts and import, the public sign-up with
 * double opt-in, one-click unsubscribing (RFC 8058) and the suppression list.
 */
let api: Api;
let mailbox: Mailbox;
let queue: InProcessMailQueue;
let transport: ReturnType<typeof smtpTransport>;
let dir: string;

const unique = () => Math.random().toString(36).slice(2, 8);
const arrivedFor = (address: string) => mailbox.mails().filter((m) => m.envelope.to.includes(address));

/** Posts a form as a browser does: url-encoded, asking for a page, no token. */
async function postForm(path: string, fields: [string, string][], accept = 'text/html') {
  const res = await fetch(`${api.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const signupFields = (email: string, topics: string[] = ['arbeit']): [string, string][] => [
  ['name', 'Petra Presse'],
  ['email', email],
  ['medium', 'Ludwigsburger Kreiszeitung'],
  ...topics.map((t): [string, string] => ['thema', t]),
  ['einwilligung', 'ja'],
  ['einwilligungVersion', SIGNUP_CONSENT.version],
  ['website', ''],
];

/** The confirmation link of the newest mail to this address. */
async function confirmationLink(address: string): Promise<string> {
  await queue.idle();
  const mails = arrivedFor(address);
  expect(mails.length).toBeGreaterThan(0);
  const parsed = await mailbox.parsed(mails.at(-1)!.id);
  const link = /https?:\/\/\S+\/verteiler\/bestaetigen\/[A-Za-z0-9_.-]+/.exec(parsed.text ?? '')?.[0];
  expect(link).toBeDefined();
  return link!;
}

/** The file's records as the editor reads them (csv-parse), for the import routes. */
function recordsOf(csv: string): string[][] {
  const read = readCsvRecords(csv);
  if (!read.ok) throw new Error(read.problem);
  return read.records;
}

const contactByEmail = async (email: string) =>
  ((await api.call('presse', 'GET', '/contacts')).body.items as { email: string }[]).find((c) => c.email === email) as any;

beforeAll(async () => {
  api = await startApi();
  dir = mkdtempSync(join(tmpdir(), 'verteiler-mail-'));
  mailbox = await startMailbox({ dir });
  transport = smtpTransport(mailbox.smtpUrl);
  queue = useLocalMailQueue(inProcessMailQueue({ transport, from: config().mail.from, ratePerSecond: 1000 }))!;
  configure({ mail: { ...config().mail, apiUrl: api.gateway.url } });
});

afterAll(async () => {
  useLocalMailQueue(undefined);
  transport?.close();
  await mailbox?.close();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Presseverteiler: access', () => {
  it('only the press office reads and keeps the contacts, lists and imports', async () => {
    for (const user of ['caritas-manager', 'caritas-lead', 'lra-lead', 'admin']) {
      expect((await api.call(user, 'GET', '/contacts')).status, user).toBe(403);
      expect((await api.call(user, 'GET', '/contact-lists')).status, user).toBe(403);
      expect((await api.call(user, 'POST', '/contacts', { name: 'X', email: `x-${unique()}@example.org`, medium: 'Y', topics: [] })).status, user).toBe(403);
      expect(
        (
          await api.call(user, 'POST', '/contacts/import/preview', {
            records: [
              ['Name', 'E-Mail'],
              ['A', 'a@example.org'],
            ],
          })
        ).status,
        user,
      ).toBe(403);
    }
    expect((await api.call(undefined, 'GET', '/contacts')).status).toBe(401);
    expect((await api.call('presse', 'GET', '/contacts')).status).toBe(200);
  });
});

describe('Presseverteiler: the press office keeps contacts', () => {
  it('adds, edits and deletes a contact, refusing bad input in German and storing nothing', async () => {
    const email = `Redaktion-${unique()}@Zeitung.example`;
    const bad = await api.call('presse', 'POST', '/contacts', { name: ' ', email: 'keine-adresse', medium: 'LKZ', topics: ['sport'] });
    expect(bad.status).toBe(400);
    const messages = bad.body.problems.map((p: { message: string }) => p.message).join(' ');
    expect(messages).toContain('Bitte geben Sie einen Namen an.');
    expect(messages).toContain('gültige E-Mail-Adresse');
    expect(messages).toContain('Unbekanntes Thema');

    const created = await api.call('presse', 'POST', '/contacts', { name: 'Max Muster', email, medium: 'Ludwigsburger Kreiszeitung', topics: ['wohnen'] });
    expect(created.status).toBe(201);
    expect(created.body.email).toBe(email.toLowerCase());
    expect(created.body).toMatchObject({ status: 'active', source: 'press-office', mailable: true, version: 1 });
    expect(JSON.stringify(created.body)).not.toContain('secrets');

    const twice = await api.call('presse', 'POST', '/contacts', { name: 'Max Muster', email: email.toUpperCase(), medium: 'LKZ', topics: [] });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toContain('steht schon im Verteiler');

    const changed = await api.call('presse', 'PUT', `/contacts/${created.body.id}`, {
      version: 1,
      name: 'Max Mustermann',
      medium: 'SWR',
      topics: ['arbeit', 'sprache'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Max Mustermann', medium: 'SWR', topics: ['arbeit', 'sprache'], version: 2 });
    const stale = await api.call('presse', 'PUT', `/contacts/${created.body.id}`, { version: 1, name: 'Alt', medium: 'Alt', topics: [] });
    expect(stale.status).toBe(409);
    expect(stale.body.title).toBe('Der Kontakt wurde inzwischen geändert');
    expect(stale.body.current.name).toBe('Max Mustermann');
    expect(JSON.stringify(stale.body)).not.toContain('unsubscribe');

    const lists = (await api.call('presse', 'GET', '/contact-lists')).body.items as { id: string; recipients: number }[];
    expect(lists.map((l) => l.id)).toEqual(['alle', 'wohnen', 'arbeit', 'ausbildung', 'sprache', 'familie', 'gesundheit', 'teilhabe']);
    const onArbeit = (await api.call('presse', 'GET', '/contacts?list=arbeit')).body.items.map((c: { id: string }) => c.id);
    expect(onArbeit).toContain(created.body.id);
    expect((await api.call('presse', 'GET', '/contacts?list=wohnen')).body.items.map((c: { id: string }) => c.id)).not.toContain(created.body.id);

    expect((await api.call('presse', 'DELETE', `/contacts/${created.body.id}?version=1`)).status).toBe(409);
    expect((await api.call('presse', 'DELETE', `/contacts/${created.body.id}?version=2`)).status).toBe(204);
    expect(await contactByEmail(email.toLowerCase())).toBeUndefined();

    const audit = (await api.call('presse', 'GET', '/audit')).body.items as { entity: string; action: string; byName: string }[];
    const mine = audit.filter((a) => a.entity === `CONTACT#${created.body.id}`).map((a) => a.action);
    expect(mine).toEqual(expect.arrayContaining(['contact-created', 'contact-changed', 'contact-deleted']));
    // The global trail names the contact by its id only.
    expect(JSON.stringify(audit)).not.toContain(email.toLowerCase());
  });
});

describe('Presseverteiler: CSV import with a preview', () => {
  it('previews a German Excel file (semicolons, byte order mark) row by row and takes over only after confirmation', async () => {
    const tag = unique();
    const known = `bekannt-${tag}@example.org`;
    await api.call('presse', 'POST', '/contacts', { name: 'Bekannt', email: known, medium: 'SWR', topics: [] });
    const blocked = `gesperrt-${tag}@example.org`;
    await suppressAddress({ address: blocked, reason: 'complaint', at: new Date().toISOString() });
    const csv = [
      '\uFEFFName;E-Mail;Medium;Themen',
      `Anna Acker;anna-${tag}@example.org;Stuttgarter Zeitung;Wohnen, Arbeit`,
      `Bekannt Neu;${known};SWR;sprache`,
      `Doppelt;anna-${tag}@example.org;LKZ;`,
      'Ohne Adresse;;LKZ;',
      `Falsches Thema;thema-${tag}@example.org;LKZ;Sport`,
      `Gesperrt;${blocked};LKZ;`,
    ].join('\r\n');

    const preview = await api.call('presse', 'POST', '/contacts/import/preview', { records: recordsOf(csv) });
    expect(preview.status).toBe(200);
    expect(preview.body.applied).toBe(false);
    expect(preview.body.counts).toEqual({ new: 1, updated: 1, unchanged: 0, refused: 4 });
    const byLine = Object.fromEntries(preview.body.rows.map((r: { line: number }) => [r.line, r]));
    expect(byLine[2]).toMatchObject({ outcome: 'new', outcomeLabel: 'Neu', topics: ['wohnen', 'arbeit'] });
    expect(byLine[3]).toMatchObject({ outcome: 'updated' });
    expect(byLine[4].reasons).toEqual(['Die Adresse steht schon in Zeile 2.']);
    expect(byLine[5].reasons).toEqual(['Die E-Mail-Adresse fehlt.']);
    expect(byLine[6].reasons[0]).toContain('Unbekanntes Thema „Sport“');
    expect(byLine[7].reasons[0]).toContain('Als Spam gemeldet');
    // A preview stores nothing.
    expect(await contactByEmail(`anna-${tag}@example.org`)).toBeUndefined();

    const taken = await api.call('presse', 'POST', '/contacts/import', { records: recordsOf(csv) });
    expect(taken.body).toMatchObject({ applied: true, counts: { new: 1, updated: 1, refused: 4 } });
    expect(await contactByEmail(`anna-${tag}@example.org`)).toMatchObject({ source: 'import', topics: ['wohnen', 'arbeit'], status: 'active' });
    expect(await contactByEmail(known)).toMatchObject({ name: 'Bekannt Neu', topics: ['sprache'] });
    expect(await contactByEmail(blocked)).toBeUndefined();
    // The same file again changes nothing.
    expect((await api.call('presse', 'POST', '/contacts/import/preview', { records: recordsOf(csv) })).body.counts).toMatchObject({
      new: 0,
      updated: 0,
      unchanged: 2,
    });
  });

  it('reads the comma dialect too and refuses a file without the columns it needs, in German', async () => {
    const tag = unique();
    const csv = `name,email,medium,themen\n"Berta Berg",berta-${tag}@example.org,"Radio, Ludwigsburg",familie;gesundheit\n`;
    const preview = await api.call('presse', 'POST', '/contacts/import/preview', { records: recordsOf(csv) });
    expect(preview.body.rows[0]).toMatchObject({ outcome: 'new', medium: 'Radio, Ludwigsburg', topics: ['familie', 'gesundheit'] });
    const wrong = await api.call('presse', 'POST', '/contacts/import/preview', { records: recordsOf('Vorname;Telefon\nA;0711') });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toContain('„Name“ und „E-Mail“');
  });
});

describe('Presseverteiler: public sign-up with double opt-in', () => {
  it('signs up, mails an unguessable link, and puts the contact on its lists only after confirming, with the consent kept', async () => {
    const email = `journalistin-${unique()}@example.org`;
    const answer = await postForm('/verteiler/anmeldung', signupFields(email, ['arbeit', 'wohnen']));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.text).toContain('<html lang="de">');
    expect(answer.text).toContain('Bitte bestätigen Sie Ihre Anmeldung');

    const waiting = await contactByEmail(email);
    expect(waiting).toMatchObject({ status: 'pending', source: 'signup', mailable: false, topics: ['arbeit', 'wohnen'] });
    expect(waiting.consent).toMatchObject({ text: SIGNUP_CONSENT.text, version: SIGNUP_CONSENT.version });
    expect(waiting.consent.confirmedAt).toBeUndefined();
    expect((await recipientsOf(runtimePorts(), ['alle'])).map((r) => r.email)).not.toContain(email);

    const link = await confirmationLink(email);
    const mail = await mailbox.parsed(arrivedFor(email).at(-1)!.id);
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihre Anmeldung zum Presseverteiler');
    expect(mail.html).toContain('lang="de"');
    const secret = link.split('.').at(-1)!;
    expect(secret.length).toBeGreaterThanOrEqual(32);

    // Opening the link (as a mail scanner does) confirms nothing: the page has a button.
    const page = await fetch(link, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const pageText = await page.text();
    expect(pageText).toContain('<button type="submit">Anmeldung bestätigen</button>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await contactByEmail(email)).status).toBe('pending');

    // A guessed secret for the same contact is not the link.
    const forged = link.replace(/\.[^.]+$/, `.${'A'.repeat(secret.length)}`);
    expect((await fetch(forged, { method: 'POST' })).status).toBe(404);

    const confirmed = await fetch(link, { method: 'POST', headers: { accept: 'text/html' } });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Anmeldung bestätigt');
    const active = await contactByEmail(email);
    expect(active).toMatchObject({ status: 'active', mailable: true });
    expect(Date.parse(active.consent.confirmedAt)).toBeGreaterThanOrEqual(Date.parse(active.consent.signedUpAt));
    expect((await api.call('presse', 'GET', '/contacts?list=wohnen')).body.items.map((c: { email: string }) => c.email)).toContain(email);
    expect((await api.call('presse', 'GET', '/contacts?list=familie')).body.items.map((c: { email: string }) => c.email)).not.toContain(email);
    const recipients = await recipientsOf(runtimePorts(), ['arbeit', 'alle']);
    expect(recipients.filter((r) => r.email === email)).toHaveLength(1);
  });

  it('answers the same whether the address is new or already subscribed, mails a subscriber nothing, and limits confirmation mails per address', async () => {
    const subscribed = `abonniert-${unique()}@example.org`;
    await api.call('presse', 'POST', '/contacts', { name: 'Abonniert', email: subscribed, medium: 'SWR', topics: [] });
    const fresh = `neu-${unique()}@example.org`;
    const forSubscribed = await postForm('/verteiler/anmeldung', signupFields(subscribed));
    const forFresh = await postForm('/verteiler/anmeldung', signupFields(fresh));
    expect(forSubscribed.status).toBe(forFresh.status);
    expect(forSubscribed.text).toBe(forFresh.text);
    await queue.idle();
    expect(arrivedFor(subscribed)).toHaveLength(0);
    expect(arrivedFor(fresh)).toHaveLength(1);

    for (let i = 0; i < 4; i++) expect((await postForm('/verteiler/anmeldung', signupFields(fresh))).text).toBe(forFresh.text);
    await queue.idle();
    expect(arrivedFor(fresh)).toHaveLength(3);
  });

  it('refuses an incomplete form in German with 422 and stores nothing; a filled hidden field (a bot) gets the same answer and no mail', async () => {
    const email = `unvollstaendig-${unique()}@example.org`;
    const refused = await postForm('/verteiler/anmeldung', [
      ['name', ''],
      ['email', email],
      ['medium', 'LKZ'],
    ]);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Bitte geben Sie einen Namen an.');
    expect(refused.text).toContain('Bitte bestätigen Sie die Einwilligung');
    expect(await contactByEmail(email)).toBeUndefined();

    const bot = `bot-${unique()}@example.org`;
    const fields = signupFields(bot).map(([k, v]): [string, string] => (k === 'website' ? [k, 'http://spam.example'] : [k, v]));
    const answer = await postForm('/verteiler/anmeldung', fields);
    expect(answer.status).toBe(200);
    await queue.idle();
    expect(arrivedFor(bot)).toHaveLength(0);
    expect(await contactByEmail(bot)).toBeUndefined();
  });
});

describe('Presseverteiler: unconfirmed sign-ups', () => {
  it('are deleted by the scheduled run once their link ran out, confirmed ones stay', async () => {
    const waiting = `wartet-${unique()}@example.org`;
    const confirmedAddress = `bestaetigt-${unique()}@example.org`;
    await postForm('/verteiler/anmeldung', signupFields(waiting));
    await postForm('/verteiler/anmeldung', signupFields(confirmedAddress));
    const link = await confirmationLink(confirmedAddress);
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);
    const id = (await contactByEmail(waiting)).id;

    const early = await runScheduledJobs(runtimePorts(), new Date(Date.now() + 6 * 86_400_000));
    expect(early.results.expiredSignups).not.toContain(id);
    expect(await contactByEmail(waiting)).toBeDefined();

    const lateAt = new Date(Date.now() + 8 * 86_400_000);
    const late = await runScheduledJobs(runtimePorts(), lateAt);
    expect(late.results.expiredSignups).toContain(id);
    expect(late.lines).toEqual(expect.arrayContaining([expect.stringContaining('Unbestätigte Anmeldungen zum Presseverteiler gelöscht')]));
    expect(await contactByEmail(waiting)).toBeUndefined();
    expect(await contactByEmail(confirmedAddress)).toMatchObject({ status: 'active' });
    const audit = (await api.call('presse', 'GET', `/audit?month=${lateAt.toISOString().slice(0, 7)}`)).body.items as { entity: string; action: string }[];
    expect(audit.some((a) => a.entity === `CONTACT#${id}` && a.action === 'contact-signup-expired')).toBe(true);
  });
});

describe('Presseverteiler: one-click unsubscribe and the suppression list', () => {
  it('unsubscribes with the List-Unsubscribe-Post request alone (RFC 8058) and mails the address never again', async () => {
    const email = `abmelden-${unique()}@example.org`;
    const created = await api.call('presse', 'POST', '/contacts', { name: 'Abmelderin', email, medium: 'dpa', topics: ['teilhabe'] });
    const recipient = (await recipientsOf(runtimePorts(), ['teilhabe'])).find((r) => r.email === email)!;
    expect(recipient.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const [https, mailto] = recipient.headers['List-Unsubscribe']!.split(', ');
    expect(https).toMatch(/^<http:\/\/.+\/abmelden\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>$/);
    expect(mailto).toMatch(/^<mailto:.+>$/);
    const url = https!.slice(1, -1);
    expect(recipient.footer.some((b) => b.kind === 'link' && b.href.includes('/verteiler/themen/'))).toBe(true);

    // GET only shows the page with its button.
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('<button type="submit">Jetzt abmelden</button>');
    expect((await contactByEmail(email)).status).toBe('active');

    // What a mail program sends: a POST with this body, no cookie, no token, nothing else.
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Sie sind abgemeldet');
    expect(await contactByEmail(email)).toMatchObject({ status: 'unsubscribed', mailable: false, suppressed: { reason: 'unsubscribed' } });
    expect((await suppressionOf(email))?.reason).toBe('unsubscribed');
    expect((await recipientsOf(runtimePorts(), ['alle', 'teilhabe'])).map((r) => r.email)).not.toContain(email);

    // Even a mail queued for the address directly does not reach it.
    await mailQueue().enqueue([
      { key: `after-unsubscribe-${created.body.id}`, to: email, ...renderMail({ subject: 'Test', heading: 'Test', blocks: [], footer: [] }) },
    ]);
    await queue.idle();
    expect(arrivedFor(email)).toHaveLength(0);
    expect((await getDelivery(`after-unsubscribe-${created.body.id}`))?.status).toBe('suppressed');

    // Twice is the same; a sign-up of the address again gets the usual answer and no mail.
    expect((await fetch(url, { method: 'POST' })).status).toBe(200);
    await postForm('/verteiler/anmeldung', signupFields(email));
    await queue.idle();
    expect(arrivedFor(email)).toHaveLength(0);
    expect((await api.call('presse', 'POST', '/contacts', { name: 'Wieder', email, medium: 'dpa', topics: [] })).status).toBe(409);
  });

  it('lets a contact choose their topics through the link in a mail', async () => {
    const email = `themen-${unique()}@example.org`;
    await api.call('presse', 'POST', '/contacts', { name: 'Themenwahl', email, medium: 'SWR', topics: ['arbeit'] });
    const recipient = (await recipientsOf(runtimePorts(), ['alle'])).find((r) => r.email === email)!;
    const topicsLink = recipient.footer.find((b) => b.kind === 'link' && b.href.includes('/verteiler/themen/'));
    const href = (topicsLink as { href: string }).href;
    const page = await (await fetch(href, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('value="arbeit" checked');
    const saved = await fetch(href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: 'thema=familie&thema=gesundheit',
    });
    expect(saved.status).toBe(200);
    expect((await contactByEmail(email)).topics).toEqual(['familie', 'gesundheit']);
  });

  it('keeps a hard-bounced or complaining contact off every list and shows why', async () => {
    const bounced = `weg-${unique()}@${UNDELIVERABLE_DOMAIN}`;
    await api.call('presse', 'POST', '/contacts', { name: 'Abgewiesen', email: bounced, medium: 'LKZ', topics: ['arbeit'] });
    const complained = `spam-${unique()}@example.org`;
    await api.call('presse', 'POST', '/contacts', { name: 'Beschwerde', email: complained, medium: 'LKZ', topics: ['arbeit'] });
    const countBefore = ((await api.call('presse', 'GET', '/contact-lists')).body.items as { id: string; recipients: number }[]).find(
      (l) => l.id === 'arbeit',
    )!.recipients;

    // The local SMTP server refuses the address (550): the sender records the hard bounce.
    const recipient = (await recipientsOf(runtimePorts(), ['arbeit'])).find((r) => r.email === bounced)!;
    await mailQueue().enqueue([
      {
        key: `bounce-${unique()}`,
        to: recipient.email,
        headers: recipient.headers,
        ...renderMail({ subject: 'Test', heading: 'Test', blocks: [], footer: recipient.footer }),
      },
    ]);
    await queue.idle();
    await suppressAddress({ address: complained, reason: 'complaint', at: new Date().toISOString() });

    expect(await contactByEmail(bounced)).toMatchObject({ status: 'active', mailable: false, suppressed: { reason: 'hard-bounce' } });
    expect(await contactByEmail(complained)).toMatchObject({ mailable: false, suppressed: { reason: 'complaint', label: 'Als Spam gemeldet' } });
    const emails = (await recipientsOf(runtimePorts(), ['arbeit', 'alle'])).map((r) => r.email);
    expect(emails).not.toContain(bounced);
    expect(emails).not.toContain(complained);
    const countAfter = ((await api.call('presse', 'GET', '/contact-lists')).body.items as { id: string; recipients: number }[]).find(
      (l) => l.id === 'arbeit',
    )!.recipients;
    expect(countAfter).toBe(countBefore - 2);
  });
});
