import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Mailbox, startMailbox } from '@newsroom/infra-local/mailbox.ts';
import { type InProcessMailQueue, inProcessMailQueue } from '@newsroom/mail/in-process.ts';
import { smtpTransport } from '@newsroom/mail/smtp.ts';
import { notifyStoryEvent, sendDigests } from '@newsroom/operations/notifications.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { useLocalMailQueue } from '@newsroom/runtime/adapters.ts';
import { config, configure } from '@newsroom/runtime/config.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, createConsentedStory, startApi } from './harness.ts';

/**
 * Workflow notifications through the gateway into the local SMTP server: who gets which
 * mail at each step, once, with title and status and never a client detail; each
 * person's choice of at once, daily summary or off.
 */
let api: Api;
let mailbox: Mailbox;
let queue: InProcessMailQueue;
let transport: ReturnType<typeof smtpTransport>;
let dir: string;

const TITLE = 'Vom Praktikum in die Pflege';
const story = { ...completeStory, title: TITLE };
/** What the story says about the person, and the consent form's reference: none of it may be in a mail. */
const CLIENT_DETAILS = [completeStory.body.slice(0, 40), completeStory.teaser.slice(0, 40), /\bKlientin\b/, 'Asperg', 'EW-2026-017', 'Arabisch'];

const act = async (user: string, s: { id: string; version: number }, action: string, comment?: string) => {
  const res = await api.call(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version, ...(comment ? { comment } : {}) });
  if (res.status !== 200) throw new Error(`${action} failed: ${JSON.stringify(res.body)}`);
  await queue.idle();
  return res.body;
};
const address = (user: string) => `${user}@demo.invalid`;
/** Mails about `title` that arrived since `from`, as [recipient, subject]. */
async function arrived(from: number, title = TITLE) {
  const out: [string, string, string][] = [];
  for (const m of mailbox.mails().slice(from)) {
    const parsed = await mailbox.parsed(m.id);
    if (!`${parsed.subject}${parsed.text}`.includes(title)) continue;
    out.push([m.envelope.to.join(','), parsed.subject ?? '', `${parsed.text}\n${parsed.html}`]);
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'notifications-'));
  api = await startApi();
  mailbox = await startMailbox({ dir });
  configure({ mail: { ...config().mail, editorUrl: 'http://localhost:4322', ratePerSecond: 1000 } });
  transport = smtpTransport(mailbox.smtpUrl);
  queue = useLocalMailQueue(inProcessMailQueue({ transport, from: config().mail.from, ratePerSecond: 1000 }))!;
});

afterAll(async () => {
  useLocalMailQueue(undefined);
  transport?.close();
  await mailbox?.close();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('workflow notifications by e-mail', () => {
  it('tell each person of their turn once, with title, status and link, never a client detail', async () => {
    let s = await createConsentedStory(api, 'caritas-manager', story);
    let from = mailbox.mails().length;
    s = await act('caritas-manager', s, 'submit');
    expect((await arrived(from)).map(([to, subject]) => [to, subject])).toEqual([
      [address('caritas-lead'), `Eine Geschichte wartet auf Ihre Freigabe (Trägerleitung): „${TITLE}“`],
    ]);

    from = mailbox.mails().length;
    s = await act('caritas-lead', s, 'return', 'Bitte den Schluss kürzen.');
    const returned = await arrived(from);
    expect(returned.map(([to]) => to)).toEqual([address('caritas-manager')]);
    expect(returned[0]![2]).toContain('Bitte den Schluss kürzen.');
    expect(returned[0]![2]).toContain(`http://localhost:4322/#/geschichten/${s.id}`);

    s = await act('caritas-manager', s, 'submit');
    from = mailbox.mails().length;
    s = await act('caritas-lead', s, 'approve');
    expect((await arrived(from)).map(([to]) => to).sort()).toEqual([address('caritas-manager'), address('presse'), address('presse-2')].sort());

    from = mailbox.mails().length;
    s = await act('presse', s, 'press-approve');
    expect((await arrived(from)).map(([to]) => to)).toEqual([address('caritas-manager')]);

    from = mailbox.mails().length;
    s = await act('presse', s, 'publish');
    expect((await arrived(from)).map(([to]) => to).sort()).toEqual([address('caritas-lead'), address('caritas-manager')].sort());

    from = mailbox.mails().length;
    s = await act('presse', s, 'unpublish');
    const takedown = await arrived(from);
    expect(takedown.map(([to]) => to).sort()).toEqual([address('caritas-lead'), address('presse-2')].sort());
    expect(takedown[0]![2]).toContain('Von der Pressestelle von der Website genommen');

    for (const [, subject, body] of await arrived(0)) for (const detail of CLIENT_DETAILS) expect(`${subject}\n${body}`).not.toMatch(detail);
  });

  it('mails nobody twice when the same step is notified again (a retried handler)', async () => {
    const s = await createConsentedStory(api, 'caritas-manager', { ...story, title: 'Wiederholter Versand' });
    const from = mailbox.mails().length;
    const submitted = await act('caritas-manager', s, 'submit');
    const notice = { story: { id: submitted.id, title: 'Wiederholter Versand', version: submitted.version }, status: 'Eingereicht' };
    await notifyStoryEvent(runtimePorts(), { action: 'submit', story: { partner: 'caritas', authorId: submitted.authorId } }, notice, submitted.authorId);
    await notifyStoryEvent(runtimePorts(), { action: 'submit', story: { partner: 'caritas', authorId: submitted.authorId } }, notice, submitted.authorId);
    await queue.idle();
    expect((await arrived(from, 'Wiederholter Versand')).map(([to]) => to)).toEqual([address('caritas-lead')]);
  });

  it('follows each person’s choice: off sends nothing, daily waits for one summary; takedowns cannot be switched off', async () => {
    const refused = await api.call('caritas-lead', 'PUT', '/me/notifications', { preferences: { takedown: 'aus' } });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('lässt sich nicht abschalten');

    const saved = await api.call('caritas-lead', 'PUT', '/me/notifications', { preferences: { 'story-submitted': 'aus' } });
    expect(saved.status).toBe(200);
    expect(saved.body.items.find((i: { kind: string }) => i.kind === 'story-submitted').delivery).toBe('aus');
    expect(saved.body.items.find((i: { kind: string }) => i.kind === 'takedown')).toMatchObject({ delivery: 'sofort', fixed: true });
    expect((await api.call('caritas-manager', 'PUT', '/me/notifications', { preferences: { 'story-returned': 'taeglich' } })).status).toBe(200);

    let s = await createConsentedStory(api, 'caritas-manager', { ...story, title: 'Einstellungen geprüft' });
    const from = mailbox.mails().length;
    s = await act('caritas-manager', s, 'submit');
    s = await act('caritas-lead', s, 'return', 'Erster Hinweis.');
    expect(await arrived(from, 'Einstellungen geprüft')).toEqual([]);

    const tomorrow = new Date(Date.now() + 86_400_000);
    tomorrow.setUTCHours(8, 0, 0, 0);
    expect(await sendDigests(runtimePorts(), tomorrow)).toContain(address('caritas-manager'));
    expect(await sendDigests(runtimePorts(), tomorrow)).toEqual([]);
    await queue.idle();
    const digest = await arrived(from, 'Einstellungen geprüft');
    expect(digest.map(([to]) => to)).toEqual([address('caritas-manager')]);
    expect(digest[0]![2]).toContain('Erster Hinweis.');
    await api.call('caritas-lead', 'PUT', '/me/notifications', { preferences: {} });
    await api.call('caritas-manager', 'PUT', '/me/notifications', { preferences: {} });
  });
});
