import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Mailbox, startMailbox } from '@newsroom/infra-local/mailbox.ts';
import { type InProcessMailQueue, inProcessMailQueue } from '@newsroom/mail/in-process.ts';
import { smtpTransport } from '@newsroom/mail/smtp.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { remindExpiringConsents, remindStatistics } from '@newsroom/operations/reminders.ts';
import { useLocalMailQueue } from '@newsroom/runtime/adapters.ts';
import { config } from '@newsroom/runtime/config.ts';
import { waitingNotifications } from '@newsroom/store/notifications.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, createConsentedStory, startApi } from './harness.ts';

/**
 * Reminders from time passing and from a withdrawal, through the real local mail path:
 * a consent that runs out in 30 and in 7 days, and a release that must be corrected
 * because a featured story's consent went. Once per event and person, by their choice.
 */
let api: Api;
let mailbox: Mailbox;
let queue: InProcessMailQueue;
let transport: ReturnType<typeof smtpTransport>;
let dir: string;

const emailOf = async (username: string) => {
  const users = (await api.call('admin', 'GET', '/users')).body;
  return ((users.items ?? users) as { username: string; email: string }[]).find((u) => u.username === username)!.email.toLowerCase();
};
const subjectsTo = async (address: string) => {
  await queue.idle();
  const out: string[] = [];
  for (const m of mailbox.mails().filter((m) => m.envelope.to.includes(address))) out.push((await mailbox.parsed(m.id)).subject ?? '');
  return out;
};

beforeAll(async () => {
  api = await startApi();
  dir = mkdtempSync(join(tmpdir(), 'reminders-'));
  mailbox = await startMailbox({ dir });
  transport = smtpTransport(mailbox.smtpUrl);
  queue = useLocalMailQueue(inProcessMailQueue({ transport, from: config().mail.from, ratePerSecond: 1000 }))!;
});
afterAll(async () => {
  await queue?.idle();
  useLocalMailQueue(undefined);
  transport?.close();
  await mailbox?.close();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reminders', () => {
  it('a consent running out: the author and the partner lead hear 30 and 7 days ahead, once each, by their choice, with no client details', async () => {
    const title = 'Erinnerungstest: Ausbildung in Tamm';
    const story = await createConsentedStory(api, 'caritas-manager', { ...completeStory, title });
    const [manager, lead, otherLead] = await Promise.all([emailOf('caritas-manager'), emailOf('caritas-lead'), emailOf('awo-lead')]);
    const about = (subjects: string[]) => subjects.filter((s) => s.includes(title));

    // 60 days ahead: nothing yet.
    expect(await remindExpiringConsents(runtimePorts(), new Date('2099-11-01T08:00:00Z'))).not.toContain(`${story.id} (30 Tage)`);
    expect(about(await subjectsTo(manager))).toEqual([]);

    expect(await remindExpiringConsents(runtimePorts(), new Date('2099-12-01T08:00:00Z'))).toContain(`${story.id} (30 Tage)`);
    await remindExpiringConsents(runtimePorts(), new Date('2099-12-02T08:00:00Z'));
    expect(about(await subjectsTo(manager))).toHaveLength(1);
    expect(about(await subjectsTo(lead))).toHaveLength(1);
    expect(about(await subjectsTo(otherLead))).toHaveLength(0);
    const [first] = mailbox.mails().filter((m) => m.envelope.to.includes(manager));
    const mail = await mailbox.parsed(first!.id);
    expect(mail.subject).toBe(`Eine Einwilligung läuft bald ab (30 und 7 Tage vorher): „${title}“`);
    expect(mail.text).toContain('Einwilligung gilt bis 31.12.2099 (noch 30 Tage)');
    expect(mail.text).not.toMatch(/Arabisch|EW-2026-017|Klientin\b/);

    // The lead wants a daily summary of these from now on: the 7-day reminder waits for it, once.
    const prefs = await api.call('caritas-lead', 'PUT', '/me/notifications', { preferences: { 'consent-expiring': 'taeglich' } });
    expect(prefs.status, JSON.stringify(prefs.body)).toBe(200);
    expect(await remindExpiringConsents(runtimePorts(), new Date('2099-12-24T08:00:00Z'))).toContain(`${story.id} (7 Tage)`);
    await remindExpiringConsents(runtimePorts(), new Date('2099-12-25T08:00:00Z'));
    expect(about(await subjectsTo(manager))).toHaveLength(2);
    expect(about(await subjectsTo(lead))).toHaveLength(1);
    const waiting = (await waitingNotifications()).filter((w) => w.to.toLowerCase() === lead && w.content.title === title);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.content.kind).toBe('consent-expiring');
  });

  it('a release featuring a story whose consent is withdrawn: the press office and the partner lead are told once that it needs correction', async () => {
    let story = await createConsentedStory(api, 'caritas-manager', { ...completeStory, title: 'Korrekturtest: Neue Arbeit in Marbach' });
    for (const [user, action] of [
      ['caritas-manager', 'submit'],
      ['caritas-lead', 'approve'],
      ['presse', 'press-approve'],
      ['presse', 'publish'],
    ] as const)
      story = (await api.call(user, 'POST', `/stories/${story.id}/transitions`, { action, version: story.version })).body;
    const headline = 'Korrekturtest: Integrationsmanagement öffnet Türen in Marbach';
    let r = (
      await api.call('caritas-manager', 'POST', '/releases', {
        headline,
        lead: 'Das Integrationsmanagement im Landkreis Ludwigsburg begleitet Menschen auf dem Weg in Arbeit und Ausbildung.',
        body: 'Die Integrationsmanagerinnen und -manager der fünf Träger haben gemeinsam mit ihren Klientinnen und Klienten Ziele vereinbart. '.repeat(2),
        contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
        topics: ['arbeit'],
        partners: ['caritas'],
        featuredStoryIds: [story.id],
      })
    ).body;
    for (const [user, action] of [
      ['caritas-manager', 'propose'],
      ['presse', 'approve'],
      ['presse', 'publish'],
    ] as const)
      r = (await api.call(user, 'POST', `/releases/${r.id}/transitions`, { action, version: r.version })).body;
    expect(r.status).toBe('published');

    const withdrawn = await api.call('caritas-lead', 'POST', `/stories/${story.id}/consents/A/withdrawal`, {
      version: story.version,
      withdrawal: { date: '2026-03-01', receivedVia: 'in-person' },
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const [press, lead, otherLead] = await Promise.all([emailOf('presse'), emailOf('caritas-lead'), emailOf('awo-lead')]);
    const correction = (subjects: string[]) => subjects.filter((s) => s.startsWith('Eine Pressemitteilung muss berichtigt werden') && s.includes(headline));
    expect(correction(await subjectsTo(press))).toHaveLength(1);
    expect(correction(await subjectsTo(otherLead))).toHaveLength(0);
    // The lead withdrew it; whoever takes a step is told by the takedown, the correction concerns the release all the same.
    expect(correction(await subjectsTo(lead))).toHaveLength(1);
  });

  it('statistics: in the week before an open Stichtag the managers and leads of each reporting partner hear once, a partner without municipalities not', async () => {
    const settings = await api.call('admin', 'GET', '/statistics/settings');
    const saved = await api.call('admin', 'PUT', '/statistics/settings', {
      version: settings.body.version,
      threshold: 5,
      assignment: { caritas: ['Tamm'], awo: ['Besigheim'] },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await api.call('presse', 'POST', '/statistics/snapshots', { date: '2099-06-30' })).status).toBe(201);
    const [awoLead, awoManager, caritasLead, drkLead] = await Promise.all([
      emailOf('awo-lead'),
      emailOf('awo-manager'),
      emailOf('caritas-lead'),
      emailOf('drk-lead'),
    ]);
    const due = (subjects: string[]) => subjects.filter((s) => s.includes('Statistik zum Stichtag 30.06.2099'));
    expect(await remindStatistics(runtimePorts(), new Date('2099-06-20T08:00:00Z'))).toEqual([]);
    expect(await remindStatistics(runtimePorts(), new Date('2099-06-25T08:00:00Z'))).toEqual(['2099-06-30 awo', '2099-06-30 caritas']);
    expect(await remindStatistics(runtimePorts(), new Date('2099-06-26T08:00:00Z'))).toEqual([]);
    expect(due(await subjectsTo(awoLead))).toHaveLength(1);
    expect(due(await subjectsTo(awoManager))).toHaveLength(1);
    expect(due(await subjectsTo(caritasLead))).toHaveLength(1);
    expect(due(await subjectsTo(drkLead))).toHaveLength(0);
  });
});
