import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, createConsentedStory } from '../integration/harness.ts';
import { type EditorHarness, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * A partner lead chooses in the editor which notifications reach them, and the mails
 * that do arrive are readable on the local mailbox page, linking back to the story.
 */
let harness: EditorHarness;

/** The API as a manager's program would call it: enough to prepare a story ready to submit. */
const api = () =>
  ({
    async call(username: string, method: string, path: string, body?: unknown) {
      const token = await harness.system.gateway.idp.issue(username);
      const res = await fetch(`${harness.system.urls.api}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json(), headers: res.headers };
    },
  }) as unknown as Api;

async function submitted(title: string) {
  const s = await createConsentedStory(api(), 'caritas-manager', { ...completeStory, title });
  const res = await api().call('caritas-manager', 'POST', `/stories/${s.id}/transitions`, { action: 'submit', version: s.version });
  expect(res.status).toBe(200);
  await harness.system.mail.idle();
  return s.id as string;
}

const mailsAbout = async (title: string) => {
  const found = [];
  for (const m of harness.system.mailbox.mails()) if ((await harness.system.mailbox.parsed(m.id)).subject?.includes(title)) found.push(m);
  return found;
};

beforeAll(async () => {
  harness = await startEditorHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('notification settings in the editor', () => {
  it('a partner lead switches a kind off, then on again, and reads the mail on the mailbox page', async () => {
    const page = await harness.signIn('caritas-lead');
    await page.getByRole('link', { name: 'Benachrichtigungen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }).waitFor();
    const submittedKind = page.getByLabel('Eine Geschichte wartet auf Ihre Freigabe (Trägerleitung)');
    expect(await submittedKind.inputValue()).toBe('sofort');
    expect(await page.getByLabel('Etwas wurde von der Website genommen (Widerruf, Ablauf, Pressestelle)').isDisabled()).toBe(true);

    await submittedKind.selectOption({ label: 'aus' });
    await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
    await statusSays(page, 'Ihre Benachrichtigungen sind gespeichert.');
    await submitted('Stille Einreichung');
    expect(await mailsAbout('Stille Einreichung')).toHaveLength(0);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }).waitFor();
    expect(await submittedKind.inputValue()).toBe('aus');
    await submittedKind.selectOption({ label: 'sofort' });
    await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
    await statusSays(page, 'Ihre Benachrichtigungen sind gespeichert.');
    const id = await submitted('Gemeldete Einreichung');
    const [mail] = await mailsAbout('Gemeldete Einreichung');
    expect(mail?.envelope.to).toEqual(['caritas-lead@demo.invalid']);

    const mailbox = await harness.browser.newPage();
    await mailbox.goto(harness.system.urls.mailbox);
    await mailbox.getByRole('link', { name: /Gemeldete Einreichung/ }).click();
    await mailbox.getByRole('heading', { level: 1, name: /Gemeldete Einreichung/ }).waitFor();
    const text = await mailbox.locator('pre').textContent();
    expect(text).toContain(`${harness.system.urls.editor}/#/geschichten/${id}`);
    expect(await mailbox.getByRole('cell', { name: 'caritas-lead@demo.invalid' }).count()).toBeGreaterThan(0);
    expect(harness.problems).toEqual([]);
  });
});
