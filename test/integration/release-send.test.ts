import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Mailbox, startMailbox, UNDELIVERABLE_DOMAIN } from '@newsroom/infra-local/mailbox.ts';
import { type InProcessMailQueue, inProcessMailQueue } from '@newsroom/mail/in-process.ts';
import { smtpTransport } from '@newsroom/mail/smtp.ts';
import type { MailTransport } from '@newsroom/mail/transport.ts';
import { pressDistribution } from '@newsroom/operations/distribution-recipients.ts';
import { clock, runtimePorts } from '@newsroom/operations/ports.ts';
import { type Distribution, resumeSends, useDistribution } from '@newsroom/operations/release-sends.ts';
import { useLocalMailQueue } from '@newsroom/runtime/adapters.ts';
import { config, configure } from '@newsroom/runtime/config.ts';
import { claimDelivery } from '@newsroom/store/mail.ts';
import { previewLinkByToken } from '@newsroom/store/previews.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './harness.ts';

/**
 * Sending a press release to distribution lists, as `npm start` runs it: the API, the
 * durable send in dynalite, the in-process queue and sender, nodemailer into the real
 * local SMTP server, counted there.
 */
let api: Api;
let mailbox: Mailbox;
let dir: string;
let transport: ReturnType<typeof smtpTransport>;
let queue: InProcessMailQueue;
const RATE = 250;

const many = Array.from({ length: 500 }, (_, i) => `journalist-${String(i).padStart(3, '0')}@redaktion-${i % 7}.example`);
const local = ['lokal-1@zeitung.example', 'lokal-2@radio.example', 'LOKAL-1@zeitung.example'];
/** Contacts the press office took off its lists since (a correction does not reach them). */
const removed = new Set<string>();
const lists: Distribution = {
  lists: async () => [
    { id: 'alle', name: 'Alle', recipients: many.length },
    { id: 'lokal', name: 'Lokale Medien', recipients: 2 },
    { id: 'agenturen', name: 'Agenturen', recipients: 2 },
  ],
  recipients: async (_p, ids) => [
    ...(ids.includes('alle') ? many.map((email) => ({ email })) : []),
    ...(ids.includes('lokal')
      ? local
          .filter((email) => !removed.has(email))
          .map((email) => ({
            email,
            headers: {
              'List-Unsubscribe': `<https://api.example/abmelden/${encodeURIComponent(email)}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            },
            links: [{ label: 'Vom Presseverteiler abmelden', href: `https://api.example/abmelden/${encodeURIComponent(email)}` }],
          }))
      : []),
    ...(ids.includes('agenturen') ? ['dienst@agentur.example', `alt@${UNDELIVERABLE_DOMAIN}`].map((email) => ({ email })) : []),
  ],
};

const draft = {
  headline: 'Integrationsmanagement zieht Bilanz für 2026',
  lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg hat auch 2026 viele geflüchtete Menschen auf ihrem Weg begleitet.',
  body: 'Die Integrationsmanagerinnen und -manager der fünf Träger haben **gemeinsam** mit ihren Klientinnen und Klienten Ziele vereinbart. '.repeat(3),
  quotes: [
    {
      text: 'Jede dieser Geschichten zeigt, was gemeinsam möglich ist.',
      name: 'Julia Neumann',
      function: 'Pressesprecherin',
      organisation: 'Landratsamt Ludwigsburg',
    },
  ],
  contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
  topics: ['arbeit'],
  partners: ['caritas'],
};

/** The release's photo, described as the editor's photo screen saves it (after its upload). */
const photo = {
  alt: 'Zeichnung eines Beratungstisches mit zwei Tassen und einer Mappe.',
  credit: 'Demo-Illustration, Landratsamt',
  licence: 'Frei für die Berichterstattung, mit Quellenangabe.',
  focal: { x: 0.5, y: 0.5 },
  noPerson: true,
};

/** Uploads the content/media illustration (1600 pixels wide) for the release and saves it with its description. */
async function withPhoto(r: { id: string; version: number }) {
  const bytes = readFileSync('content/media/illustration-beratung.jpg');
  const reserved = (await api.call('caritas-manager', 'POST', '/photos', { owner: { kind: 'release', id: r.id }, size: bytes.length })).body;
  expect((await fetch(new URL(reserved.upload.url, api.gateway.url), { method: 'PUT', body: new Uint8Array(bytes) })).status).toBe(200);
  photoId = reserved.photo.id;
  return (await api.call('caritas-manager', 'PUT', `/releases/${r.id}`, { version: r.version, release: { ...draft, photos: [{ id: photoId, ...photo }] } }))
    .body;
}
let photoId = '';

const act = (user: string, r: { id: string; version: number }, action: string) =>
  api.call(user, 'POST', `/releases/${r.id}/transitions`, { action, version: r.version });

/** A release the press office scheduled with a Sperrfrist on 24 March 2027, 10:00 Berlin time. */
async function embargoed() {
  let r = await withPhoto((await api.call('caritas-manager', 'POST', '/releases', draft)).body);
  r = (await act('caritas-manager', r, 'propose')).body;
  r = (await act('presse', r, 'approve')).body;
  r = (await api.call('presse', 'PUT', `/releases/${r.id}/schedule`, { version: r.version, embargo: '2027-03-24T10:00' })).body;
  r = (await act('presse', r, 'publish')).body;
  expect(r.status).toBe('scheduled');
  return r as { id: string; slug: string; version: number };
}

const startQueue = (t: MailTransport, attempts?: number) => {
  queue = useLocalMailQueue(inProcessMailQueue({ transport: t, from: config().mail.from, ratePerSecond: RATE, ...(attempts ? { attempts } : {}) }))!;
  return queue;
};
const arrivedFor = (address: string) => mailbox.mails().filter((m) => m.envelope.to.includes(address));

beforeAll(async () => {
  api = await startApi();
  dir = mkdtempSync(join(tmpdir(), 'release-send-'));
  mailbox = await startMailbox({ dir });
  transport = smtpTransport(mailbox.smtpUrl);
  configure({ siteUrl: 'https://site.example', mail: { ...config().mail, apiUrl: api.gateway.url } });
  useDistribution(lists);
  startQueue(transport);
});
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});
afterAll(async () => {
  useDistribution(pressDistribution);
  await queue?.idle();
  useLocalMailQueue(undefined);
  transport?.close();
  await mailbox?.close();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sending a press release to distribution lists', () => {
  it('500 recipients, the sender crashing midway and its queue lost, resumed: the SMTP server receives each recipient exactly once, at the configured rate', async () => {
    clock.now = () => new Date('2027-03-20T09:00:00Z');
    const r = await embargoed();
    // The sender dies after 200 mails: every later hand-over fails and the queue (held in memory) gives up.
    let delivered = 0;
    let crashed = false;
    const crashing: MailTransport = {
      async send(message, from) {
        if (crashed || delivered === 200) {
          crashed = true;
          throw new Error('Verbindung abgebrochen: der Sender ist abgestürzt');
        }
        delivered++;
        return transport.send(message, from);
      },
    };
    startQueue(crashing, 1);
    const sent = await api.call('presse', 'POST', `/releases/${r.id}/sends`, { kind: 'release', lists: ['alle'] });
    expect(sent.status).toBe(201);
    expect(sent.body.recipients).toBe(500);
    await queue.idle();
    expect(many.filter((a) => arrivedFor(a).length === 1)).toHaveLength(200);

    let progress = (await api.call('presse', 'GET', `/releases/${r.id}/sends`)).body.items[0];
    expect(progress).toMatchObject({ recipients: 500, sent: 200, pending: 300, failed: 0, listNames: ['Alle'] });

    // The restarted process resumes the open send with a working sender.
    startQueue(transport);
    const started = Date.now();
    expect(await resumeSends(runtimePorts(), clock.now(), 0)).toEqual([`${sent.body.sendId} (300)`]);
    await queue.idle();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(((300 - 1) / RATE) * 1000 - 50);
    for (const address of many) expect(arrivedFor(address), address).toHaveLength(1);

    // Resumed again, or every mail handed over once more (a redelivering queue): nobody gets a second one.
    expect(await resumeSends(runtimePorts(), clock.now(), 0)).toEqual([]);
    await queue.enqueue(many.map((to) => ({ key: `release-send:${sent.body.sendId}:${to}`, to, sendId: sent.body.sendId })));
    await queue.idle();
    for (const address of many) expect(arrivedFor(address), address).toHaveLength(1);

    progress = (await api.call('presse', 'GET', `/releases/${r.id}/sends`)).body.items[0];
    expect(progress).toMatchObject({ recipients: 500, sent: 500, pending: 0, failed: 0 });
    expect(progress.finishedAt).toBeDefined();
  }, 240_000);

  it('before the Sperrfrist: SPERRFRIST in subject and first line, the preview link of the release instead of the public page, photos, contact, boilerplate, unsubscribe headers; a correction to those still on the list', async () => {
    clock.now = () => new Date('2027-03-20T09:00:00Z');
    const r = await embargoed();
    const options = await api.call('presse', 'GET', `/releases/${r.id}/send-options?lists=lokal`);
    expect(options.body).toMatchObject({ recipients: 2, lists: [{ id: 'alle' }, { id: 'lokal', name: 'Lokale Medien' }, { id: 'agenturen' }] });
    const sent = await api.call('presse', 'POST', `/releases/${r.id}/sends`, { kind: 'release', lists: ['lokal'] });
    expect(sent.status).toBe(201);
    await queue.idle();
    const mine = arrivedFor('lokal-1@zeitung.example').filter((m) => m.id);
    const mail = await mailbox.parsed(mine.at(-1)!.id);
    expect(mail.subject).toBe('SPERRFRIST: 24.03.2027, 10:00 Uhr: Integrationsmanagement zieht Bilanz für 2026');
    expect(mail.text!.split('\n')[0]).toBe('SPERRFRIST: 24.03.2027, 10:00 Uhr');
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain('<strong>gemeinsam</strong>');
    expect(mail.text).toContain(
      `Zeichnung eines Beratungstisches mit zwei Tassen und einer Mappe. (Foto: Demo-Illustration, Landratsamt):\nhttps://site.example/bilder/${photoId}/1280.jpg`,
    );
    expect(mail.text).toContain('Telefon: 07141 144-0');
    expect(mail.text).toContain('Über das Integrationsmanagement im Landkreis Ludwigsburg');
    expect(mail.text).not.toContain(`/pressemitteilungen/${r.slug}`);
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line;
    expect(header('list-unsubscribe')).toBe('List-Unsubscribe: <https://api.example/abmelden/lokal-1%40zeitung.example>');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // The link is the release's own preview link (its real page, noindex), valid until a day after the Sperrfrist and listed with its other preview links.
    const link = /https:\/\/site\.example\/vorschau\/([A-Za-z0-9_-]{43})\//.exec(mail.text!);
    expect(link, mail.text).not.toBeNull();
    const preview = await previewLinkByToken(link![1]!);
    expect(preview).toMatchObject({ kind: 'release', itemId: r.id, expiresAt: '2027-03-25T09:00:00.000Z' });
    const listed = (await api.call('presse', 'GET', `/releases/${r.id}/previews`)).body.items;
    expect(listed.map((l: { id: string }) => l.id)).toContain(preview!.id);

    // After the Sperrfrist a correction goes to the same recipients still on a list and links to the public page.
    clock.now = () => new Date('2027-03-24T09:00:01Z');
    removed.add('lokal-1@zeitung.example');
    removed.add('LOKAL-1@zeitung.example');
    const before = arrivedFor('lokal-1@zeitung.example').length;
    const correction = await api.call('presse', 'POST', `/releases/${r.id}/sends`, { kind: 'correction', note: 'Die Zahl der Träger war falsch angegeben.' });
    removed.clear();
    expect(correction.status).toBe(201);
    expect(correction.body).toMatchObject({ kind: 'correction', recipients: 1, listNames: ['Lokale Medien'] });
    await queue.idle();
    expect(arrivedFor('lokal-1@zeitung.example')).toHaveLength(before);
    const fixed = await mailbox.parsed(arrivedFor('lokal-2@radio.example').at(-1)!.id);
    expect(fixed.subject).toBe('KORREKTUR: Integrationsmanagement zieht Bilanz für 2026');
    expect(fixed.text).toContain('Korrektur: Die Zahl der Träger war falsch angegeben.');
    expect(fixed.text).toContain(`https://site.example/pressemitteilungen/${r.slug}/`);
    const sends = (await api.call('presse', 'GET', `/releases/${r.id}/sends`)).body.items;
    expect(sends.map((s: { kind: string }) => s.kind)).toEqual(['release', 'correction']);
  }, 60_000);

  it('a recipient the receiving server refuses is reported as failed, with the reason in German, and the others are sent', async () => {
    clock.now = () => new Date('2027-03-20T09:00:00Z');
    const r = await embargoed();
    expect((await api.call('presse', 'POST', `/releases/${r.id}/sends`, { kind: 'release', lists: ['agenturen'] })).status).toBe(201);
    await queue.idle();
    const [send] = (await api.call('presse', 'GET', `/releases/${r.id}/sends`)).body.items;
    expect(send).toMatchObject({ recipients: 2, sent: 1, failed: 1, pending: 0 });
    expect(send.failures).toEqual([{ to: `alt@${UNDELIVERABLE_DOMAIN}`, reason: expect.stringMatching(/^Adresse abgewiesen: 550/) }]);
  }, 60_000);

  it('the process dies right after writing the send, one sender mid-mail: resumed, each recipient gets it once', async () => {
    clock.now = () => new Date('2027-03-20T09:00:00Z');
    const r = await embargoed();
    // Nothing reads the queue: as if the process stopped once the send and its recipients were written.
    useLocalMailQueue(undefined);
    const sent = await api.call('presse', 'POST', `/releases/${r.id}/sends`, { kind: 'release', lists: ['agenturen', 'lokal'] });
    expect(sent.status).toBe(201);
    // A sender had claimed one mail and died before handing it over (its claim is older than the lease).
    expect(
      await claimDelivery(`release-send:${sent.body.sendId}:dienst@agentur.example`, 'dienst@agentur.example', new Date(Date.now() - 5 * 60_000), 60_000),
    ).toBe(true);
    const before = mailbox.mails().length;
    startQueue(transport);
    expect(await resumeSends(runtimePorts(), clock.now(), 0)).toEqual([`${sent.body.sendId} (4)`]);
    await queue.idle();
    const arrived = mailbox
      .mails()
      .slice(before)
      .flatMap((m) => m.envelope.to);
    expect(arrived.sort()).toEqual(['dienst@agentur.example', 'lokal-1@zeitung.example', 'lokal-2@radio.example']);
    const [progress] = (await api.call('presse', 'GET', `/releases/${r.id}/sends`)).body.items;
    expect(progress).toMatchObject({ recipients: 4, sent: 3, failed: 1, pending: 0 });
  }, 60_000);

  it('a test goes to the press officer alone, marked as a test', async () => {
    clock.now = () => new Date('2027-03-20T09:00:00Z');
    const r = await embargoed();
    const test = await api.call('presse', 'POST', `/releases/${r.id}/sends/test`, {});
    expect(test.status).toBe(201);
    expect(test.body).toMatchObject({ kind: 'test', recipients: 1 });
    await queue.idle();
    const users = (await api.call('admin', 'GET', '/users')).body;
    const presse = (users.items ?? users).find((u: { username: string }) => u.username === 'presse');
    const mail = await mailbox.parsed(arrivedFor(presse.email.toLowerCase()).at(-1)!.id);
    expect(mail.subject).toBe('[TEST] – SPERRFRIST: 24.03.2027, 10:00 Uhr: Integrationsmanagement zieht Bilanz für 2026');
  }, 60_000);

  it('refuses in German: a partner, no list, an unknown list, a release not yet scheduled, a correction before any send', async () => {
    clock.now = () => new Date('2027-03-20T09:00:00Z');
    const r = await embargoed();
    const partner = await api.call('caritas-lead', 'POST', `/releases/${r.id}/sends`, { kind: 'release', lists: ['alle'] });
    expect(partner.status).toBe(403);
    const none = await api.call('presse', 'POST', `/releases/${r.id}/sends`, { kind: 'release', lists: [] });
    expect(none.status).toBe(422);
    expect(none.body.detail ?? none.body.title).toMatch(/Verteiler/);
    expect((await api.call('presse', 'POST', `/releases/${r.id}/sends`, { kind: 'release', lists: ['gibt-es-nicht'] })).status).toBe(422);
    expect((await api.call('presse', 'POST', `/releases/${r.id}/sends`, { kind: 'correction' })).status).toBe(409);
    const draftOnly = (await api.call('caritas-manager', 'POST', '/releases', draft)).body;
    expect((await api.call('presse', 'POST', `/releases/${draftOnly.id}/sends`, { kind: 'release', lists: ['lokal'] })).status).toBe(409);
    expect((await api.call('presse', 'GET', `/releases/${r.id}/sends`)).body.items).toEqual([]);
  });
});
