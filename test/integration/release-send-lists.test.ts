import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Mailbox, startMailbox } from '@newsroom/infra-local/mailbox.ts';
import { type InProcessMailQueue, inProcessMailQueue } from '@newsroom/mail/in-process.ts';
import { smtpTransport } from '@newsroom/mail/smtp.ts';
import { clock } from '@newsroom/operations/ports.ts';
import { useLocalMailQueue } from '@newsroom/runtime/adapters.ts';
import { config, configure } from '@newsroom/runtime/config.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './harness.ts';

/**
 * A release sent to the press office's real distribution lists (functions/operations/
 * distribution-recipients.ts): the contacts on the chosen topic, each mail with the
 * contact's own one-click unsubscribe (RFC 8058); one who unsubscribes by the
 * List-Unsubscribe-Post request gets no correction.
 */
let api: Api;
let mailbox: Mailbox;
let queue: InProcessMailQueue;
let transport: ReturnType<typeof smtpTransport>;
let dir: string;
const realNow = clock.now;

beforeAll(async () => {
  api = await startApi();
  dir = mkdtempSync(join(tmpdir(), 'release-lists-'));
  mailbox = await startMailbox({ dir });
  transport = smtpTransport(mailbox.smtpUrl);
  configure({ siteUrl: 'https://site.example', mail: { ...config().mail, apiUrl: api.gateway.url } });
  queue = useLocalMailQueue(inProcessMailQueue({ transport, from: config().mail.from, ratePerSecond: 1000 }))!;
});
afterEach(() => {
  clock.now = realNow;
});
afterAll(async () => {
  await queue?.idle();
  useLocalMailQueue(undefined);
  transport?.close();
  await mailbox?.close();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

const arrivedFor = (address: string) => mailbox.mails().filter((m) => m.envelope.to.includes(address));

describe('sending a release to the real distribution lists', () => {
  it('reaches the contacts of the chosen topic with their own unsubscribe; after a one-click unsubscribe the correction passes them by', async () => {
    const [anna, ben, other] = ['anna@kreiszeitung-lists.example', 'ben@radio-lists.example', 'carla@sport-lists.example'];
    for (const [name, email, topics] of [
      ['Anna Arbeit', anna, ['arbeit']],
      ['Ben Beruf', ben, ['arbeit', 'wohnen']],
      ['Carla Anders', other, ['wohnen']],
    ] as const)
      expect((await api.call('presse', 'POST', '/contacts', { name, email, medium: 'Redaktion', topics })).status).toBe(201);

    clock.now = () => new Date('2027-03-20T09:00:00Z');
    let r = (
      await api.call('caritas-manager', 'POST', '/releases', {
        headline: 'Verteilertest: Wege in Arbeit im Landkreis Ludwigsburg',
        lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg begleitet geflüchtete Menschen auf dem Weg in Arbeit und Ausbildung.',
        body: 'Die Integrationsmanagerinnen und -manager der fünf Träger haben gemeinsam mit ihren Klientinnen und Klienten Ziele vereinbart. '.repeat(2),
        contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
        topics: ['arbeit'],
        partners: ['caritas'],
      })
    ).body;
    for (const [user, action] of [
      ['caritas-manager', 'propose'],
      ['presse', 'approve'],
      ['presse', 'publish'],
    ] as const)
      r = (await api.call(user, 'POST', `/releases/${r.id}/transitions`, { action, version: r.version })).body;
    expect(r.status).toBe('published');

    const options = (await api.call('presse', 'GET', `/releases/${r.id}/send-options?lists=arbeit`)).body;
    expect(options.recipients).toBe(2);
    expect(options.lists.map((l: { id: string }) => l.id)).toEqual(expect.arrayContaining(['alle', 'arbeit', 'wohnen']));
    const sent = await api.call('presse', 'POST', `/releases/${r.id}/sends`, { kind: 'release', lists: ['arbeit'] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await queue.idle();
    expect(arrivedFor(anna)).toHaveLength(1);
    expect(arrivedFor(ben)).toHaveLength(1);
    expect(arrivedFor(other)).toHaveLength(0);

    const mail = await mailbox.parsed(arrivedFor(anna)[0]!.id);
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const unsubscribe = /<(http[^>]+\/abmelden\/[^>]+)>/.exec(header('list-unsubscribe'))?.[1];
    expect(unsubscribe).toBeDefined();
    expect(mail.text).toContain(`Vom Presseverteiler abmelden:\n${unsubscribe}`);
    expect(mail.text).toContain('Themen auswählen:');

    // Anna's mail program unsubscribes with one click (RFC 8058).
    const res = await fetch(unsubscribe!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    const correction = await api.call('presse', 'POST', `/releases/${r.id}/sends`, {
      kind: 'correction',
      note: 'Der Name des Trägers war falsch geschrieben.',
    });
    expect(correction.status, JSON.stringify(correction.body)).toBe(201);
    expect(correction.body.recipients).toBe(1);
    await queue.idle();
    expect(arrivedFor(anna)).toHaveLength(1);
    expect(arrivedFor(ben)).toHaveLength(2);
  });
});
