import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { eraseStaleDrafts } from '@newsroom/operations/erasure.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, createConsentedStory, startApi } from './harness.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const act = (user: string, s: { id: string; version: number }, action: string) =>
  api.call(user, 'POST', `/stories/${s.id}/transitions`, { action, version: s.version });

async function published() {
  let s = await createConsentedStory(api, 'caritas-manager', {
    ...completeStory,
    body: `${completeStory.body} Sie arbeitet heute in einem Pflegeheim in Asperg.`,
  });
  for (const [user, action] of [
    ['caritas-manager', 'submit'],
    ['caritas-lead', 'approve'],
    ['presse', 'press-approve'],
    ['presse', 'publish'],
  ] as const)
    s = (await act(user, s, action)).body;
  return s;
}

/** Every item stored under the story's partition key, as raw attributes. */
async function storedText(id: string): Promise<string> {
  const out = await api.store.db.doc.send(
    new QueryCommand({ TableName: api.store.db.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `STORY#${id}` } }),
  );
  return JSON.stringify(out.Items);
}

describe('data-subject rights', () => {
  it('Art. 15: exports everything about one person, as JSON and as a readable page', async () => {
    const s = await published();
    const res = await api.call('caritas-manager', 'GET', `/stories/${s.id}/persons/A/export`);
    expect(res.status).toBe(200);
    expect(res.body.person).toMatchObject({ label: 'Person A', role: 'Klientin' });
    expect(res.body.consents).toHaveLength(1);
    expect(res.body.story.body).toContain('Pflegeheim');
    expect(res.body.readBack.personIds).toEqual(['A']);
    const page = await api.call('caritas-manager', 'GET', `/stories/${s.id}/persons/A/export`, undefined, { accept: 'text/html' });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('Auskunft nach Art. 15 DSGVO');
    expect((await api.call('presse', 'GET', `/stories/${s.id}/persons/A/export`)).status).toBe(403);
  });

  it('withdrawing the consent to processing keeps the report and erases everything else', async () => {
    const s = await published();
    const res = await api.call('caritas-manager', 'POST', `/stories/${s.id}/consents/A/withdrawal`, {
      version: s.version,
      withdrawal: { date: '2026-04-01', receivedVia: 'in-person', scope: 'processing' },
    });
    expect(res.status).toBe(200);
    expect(res.body.withdrawalReport.entries.map((e: { where: string }) => e.where)).toContain('Website: Seite der Geschichte');
    expect(res.body).toMatchObject({ status: 'withdrawn', title: 'Gelöschte Geschichte', persons: [], consents: [] });
    const stored = await storedText(s.id);
    for (const gone of ['Pflegeheim', 'Neue Arbeit in Asperg', 'EW-2026-017', 'Arabisch', 'Klientin']) expect(stored).not.toContain(gone);
    expect(stored).toContain('"action":"erased"');
  });

  it('Art. 17 on request: only a minimal erasure record stays', async () => {
    const s = await published();
    const res = await api.call('caritas-lead', 'POST', `/stories/${s.id}/erasure`, { version: s.version });
    expect(res.status).toBe(200);
    expect(res.body.erasedAt).toBeTruthy();
    expect(res.body.audit.at(-1)).toMatchObject({ action: 'erased', comment: 'Daten auf Antrag gelöscht (Art. 17 DSGVO)' });
    expect(res.body.audit.slice(0, -1).every((e: { comment?: string }) => e.comment === undefined)).toBe(true);
    expect(await storedText(s.id)).not.toContain('Pflegeheim');
    expect((await api.call('drk-lead', 'POST', `/stories/${s.id}/erasure`, { version: res.body.version })).status).toBe(404);
  });

  it('retention: never-published drafts older than the limit are erased by the scheduler', async () => {
    const old = (await api.call('caritas-manager', 'POST', '/stories', { title: 'Ein alter Entwurf ohne Veröffentlichung' })).body;
    const erased = await eraseStaleDrafts(runtimePorts(), new Date(Date.now() + 400 * 86_400_000), 365);
    expect(erased).toContain(old.id);
    expect((await api.call('caritas-manager', 'GET', `/stories/${old.id}`)).body.title).toBe('Gelöschte Geschichte');
    expect(await eraseStaleDrafts(runtimePorts(), new Date(Date.now() + 400 * 86_400_000), 365)).not.toContain(old.id);
  });
});
