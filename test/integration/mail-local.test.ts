import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMail } from '@newsroom/domain/mail.ts';
import { type EmbeddedStore, startDynalite, useEmbeddedStore } from '@newsroom/infra-local/dynalite.ts';
import { type Mailbox, startMailbox, UNDELIVERABLE_DOMAIN } from '@newsroom/infra-local/mailbox.ts';
import { type InProcessMailQueue, inProcessMailQueue } from '@newsroom/mail/in-process.ts';
import { smtpTransport } from '@newsroom/mail/smtp.ts';
import { handler as mailer } from '@newsroom/mailer/index.ts';
import { mailQueue, useLocalMailQueue } from '@newsroom/runtime/adapters.ts';
import { config } from '@newsroom/runtime/config.ts';
import { claimDelivery, getDelivery, suppressionOf } from '@newsroom/store/mail.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The mail path as `npm start` runs it: the in-process queue, the sender with its
 * idempotency record in the table, nodemailer over SMTP into the local mailbox server,
 * and the mailbox page a developer reads.
 */
let store: EmbeddedStore;
let mailbox: Mailbox;
let queue: InProcessMailQueue;
let transport: ReturnType<typeof smtpTransport>;
let dir: string;

const message = (key: string, to: string, subject = `Test ${key}`) => ({
  key,
  to,
  ...renderMail({
    subject,
    heading: subject,
    blocks: [{ kind: 'paragraph', text: 'Ein Absatz mit Umlauten: Größe, Übung.' }],
    footer: [{ kind: 'paragraph', text: 'Sie erhalten diese Mail als Test.' }],
  }),
  headers: { 'List-Unsubscribe': '<https://example.org/abmelden/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
});

const arrivedFor = (address: string) => mailbox.mails().filter((m) => m.envelope.to.includes(address));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mailbox-'));
  store = await startDynalite({ tableName: `mail-${Math.random().toString(36).slice(2, 8)}` });
  useEmbeddedStore(store);
  mailbox = await startMailbox({ dir });
  transport = smtpTransport(mailbox.smtpUrl);
  queue = useLocalMailQueue(inProcessMailQueue({ transport, from: config().mail.from, ratePerSecond: 1000 }))!;
});

afterAll(async () => {
  useLocalMailQueue(undefined);
  transport?.close();
  await mailbox?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('local mail: queue, sender, SMTP server, mailbox', () => {
  it('delivers a queued mail over SMTP with text, HTML in German and the list headers', async () => {
    await mailQueue().enqueue([message('k-1', 'redaktion@example.org', 'Grüße aus dem Newsroom')]);
    await queue.idle();
    const [mail] = arrivedFor('redaktion@example.org');
    expect(mail).toBeDefined();
    const parsed = await mailbox.parsed(mail!.id);
    expect(parsed.subject).toBe('Grüße aus dem Newsroom');
    expect(parsed.text).toContain('Größe, Übung.');
    expect(parsed.html).toContain('<html lang="de">');
    expect(parsed.html).toContain('prefers-color-scheme:dark');
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect((await getDelivery('k-1'))?.status).toBe('sent');
  });

  it('delivers each idempotency key once, however often it is queued', async () => {
    const m = message('k-twice', 'zweimal@example.org');
    await mailQueue().enqueue([m, m]);
    await mailQueue().enqueue([m]);
    await queue.idle();
    expect(arrivedFor('zweimal@example.org')).toHaveLength(1);
  });

  it('takes over a claim left by a sender that died, but not one in progress', async () => {
    const now = new Date();
    expect(await claimDelivery('k-dead', 'verwaist@example.org', new Date(now.getTime() - 5 * 60_000), 60_000)).toBe(true);
    expect(await claimDelivery('k-busy', 'beschaeftigt@example.org', now, 60_000)).toBe(true);
    await mailQueue().enqueue([message('k-dead', 'verwaist@example.org'), message('k-busy', 'beschaeftigt@example.org')]);
    await queue.idle();
    expect(arrivedFor('verwaist@example.org')).toHaveLength(1);
    expect(arrivedFor('beschaeftigt@example.org')).toHaveLength(0);
  });

  it('suppresses an address the receiving server refuses (hard bounce) and mails it never again', async () => {
    const address = `weg@${UNDELIVERABLE_DOMAIN}`;
    await mailQueue().enqueue([message('k-bounce-1', address)]);
    await queue.idle();
    expect((await suppressionOf(address))?.reason).toBe('hard-bounce');
    expect((await getDelivery('k-bounce-1'))?.status).toBe('suppressed');
    await mailQueue().enqueue([message('k-bounce-2', address.toUpperCase())]);
    await queue.idle();
    expect((await getDelivery('k-bounce-2'))?.status).toBe('suppressed');
    expect(arrivedFor(address)).toHaveLength(0);
  });

  it('suppresses on SES events: a permanent bounce and a complaint, not a transient bounce', async () => {
    const sns = (message: object) => ({ Records: [{ Sns: { Message: JSON.stringify(message) } }] }) as never;
    await mailer(sns({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'dauerhaft@example.org' }] } }));
    await mailer(sns({ eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'voll@example.org' }] } }));
    await mailer(sns({ eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'spam@example.org' }] } }));
    expect((await suppressionOf('dauerhaft@example.org'))?.reason).toBe('hard-bounce');
    expect(await suppressionOf('voll@example.org')).toBeUndefined();
    expect((await suppressionOf('spam@example.org'))?.reason).toBe('complaint');
  });

  it('shows every mail on the mailbox page: the list, HTML in a sandbox, text and headers', async () => {
    const [mail] = arrivedFor('redaktion@example.org');
    const list = await (await fetch(mailbox.url)).text();
    expect(list).toContain('lang="de"');
    expect(list).toContain('Grüße aus dem Newsroom');
    const detail = await (await fetch(`${mailbox.url}/mail/${mail!.id}`)).text();
    expect(detail).toContain('Größe, Übung.');
    expect(detail).toContain('List-Unsubscribe-Post');
    expect(detail).toContain(`/mail/${mail!.id}/html`);
    const html = await fetch(`${mailbox.url}/mail/${mail!.id}/html`);
    expect(html.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    expect(await html.text()).toContain('<h1>Grüße aus dem Newsroom</h1>');
    const port = Number(new URL(mailbox.url).port);
    const wrongHost = await new Promise<number>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `rebound.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
        .on('error', reject)
        .end(),
    );
    expect(wrongHost).toBe(421);
  });
});
