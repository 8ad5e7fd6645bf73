import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, completeStory, startApi } from './harness.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const create = async (user = 'caritas-manager') => (await api.call(user, 'POST', '/stories', completeStory)).body;
const save = async (s: { id: string; version: number }, story: object, user = 'caritas-manager') =>
  (await api.call(user, 'PUT', `/stories/${s.id}`, { version: s.version, story })).body;

describe('comments', () => {
  it('are visible to the partner and the press office, never to another partner', async () => {
    const s = await create();
    expect((await api.call('caritas-lead', 'POST', `/stories/${s.id}/comments`, { text: 'Bitte den zweiten Absatz kürzen.' })).status).toBe(201);
    expect((await api.call('caritas-manager', 'GET', `/stories/${s.id}/comments`)).body.items.map((c: { text: string }) => c.text)).toEqual([
      'Bitte den zweiten Absatz kürzen.',
    ]);
    expect((await api.call('drk-manager', 'GET', `/stories/${s.id}/comments`)).status).toBe(404);
    expect((await api.call('drk-manager', 'POST', `/stories/${s.id}/comments`, { text: 'Hallo' })).status).toBe(404);
    expect((await api.call('caritas-lead', 'POST', `/stories/${s.id}/comments`, { text: '' })).status).toBe(400);
  });
});

describe('version history', () => {
  it('keeps every saved version, shows a readable diff and restores an old one as a new version', async () => {
    let s = await create();
    s = await save(s, { ...completeStory, title: 'Neue Arbeit in der Pflege in Asperg' });
    s = await save(s, { ...completeStory, title: 'Neue Arbeit in der Pflege', body: `${completeStory.body} Heute leitet sie eine Station.` });
    const versions = (await api.call('caritas-manager', 'GET', `/stories/${s.id}/versions`)).body;
    expect(versions.items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);

    const diff = (await api.call('caritas-manager', 'GET', `/stories/${s.id}/diff?from=1&to=3`)).body;
    const title = diff.fields.find((f: { field: string }) => f.field === 'title');
    expect(title.parts).toContainEqual(expect.objectContaining({ value: expect.stringContaining('Pflege'), added: true }));
    expect(diff.fields.find((f: { field: string }) => f.field === 'body').parts).toContainEqual(
      expect.objectContaining({ added: true, value: expect.stringContaining('Station') }),
    );

    const restored = await api.call('caritas-manager', 'POST', `/stories/${s.id}/versions/1/restore`, { version: s.version });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: 4, title: completeStory.title, body: completeStory.body });
    expect(restored.body.audit.at(-1)).toMatchObject({ action: 'restore' });
    expect((await api.call('caritas-manager', 'GET', `/stories/${s.id}/versions`)).body.items).toHaveLength(4);
    expect((await api.call('drk-manager', 'GET', `/stories/${s.id}/versions`)).status).toBe(404);
  });
});

describe('the global audit trail', () => {
  it('lists who did what across stories for the press office and admins only, without comment texts', async () => {
    const s = await create();
    await api.call('caritas-manager', 'PUT', `/stories/${s.id}`, { version: s.version, story: completeStory });
    const month = new Date().toISOString().slice(0, 7);
    const audit = (await api.call('admin', 'GET', `/audit?month=${month}`)).body;
    expect(audit.items.some((e: { entity: string; action: string }) => e.entity === `STORY#${s.id}` && e.action === 'edit')).toBe(true);
    expect(audit.items.some((e: { entity: string; action: string }) => e.entity === `STORY#${s.id}` && e.action === 'create')).toBe(true);
    expect(audit.items.every((e: { comment?: string }) => e.comment === undefined)).toBe(true);
    expect((await api.call('presse', 'GET', '/audit')).status).toBe(200);
    expect((await api.call('caritas-lead', 'GET', '/audit')).status).toBe(403);
    expect((await api.call('admin', 'GET', '/audit?month=2026-13-01')).status).toBe(400);
  });
});

describe('user administration', () => {
  it('an administrator invites a user who can sign in at once', async () => {
    const res = await api.call('admin', 'POST', '/users', {
      username: 'neu-drk',
      name: 'Nora Neumann',
      email: 'nora@example.org',
      role: 'manager',
      partner: 'drk',
    });
    expect(res.status).toBe(201);
    expect((await api.call('neu-drk', 'GET', '/me')).body).toMatchObject({ name: 'Nora Neumann', roles: ['manager'], partner: 'drk' });
    expect(
      (await api.call('admin', 'POST', '/users', { username: 'neu-drk', name: 'Doppelt', email: 'x@example.org', role: 'manager', partner: 'drk' })).status,
    ).toBe(409);
  });

  it('refuses impossible combinations and anyone but admins', async () => {
    expect(
      (await api.call('admin', 'POST', '/users', { username: 'presse-drk', name: 'Falsch Zugeordnet', email: 'f@example.org', role: 'press', partner: 'drk' }))
        .status,
    ).toBe(422);
    expect((await api.call('caritas-lead', 'PUT', '/users/caritas-lead', { role: 'press' })).status).toBe(403);
    expect((await api.call('caritas-lead', 'GET', '/users')).status).toBe(403);
  });

  it('nobody changes their own role or partner, not even an administrator', async () => {
    const res = await api.call('admin', 'PUT', '/users/admin', { role: 'press' });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/eigene Rolle/);
  });

  it('an administrator moves a user to another role; disabling stops sign-in', async () => {
    expect((await api.call('admin', 'PUT', '/users/kdv-manager', { role: 'partner-lead' })).body.role).toBe('partner-lead');
    expect((await api.call('admin', 'PUT', '/users/awo-manager', { enabled: false })).status).toBe(200);
    await expect(api.gateway.idp.issue('awo-manager')).rejects.toThrow();
    const audit = (await api.call('admin', 'GET', '/audit')).body.items;
    expect(audit).toContainEqual(expect.objectContaining({ entity: 'USER#awo-manager', action: 'user-disabled', byName: 'Dennis Krüger' }));
    // The trail says from which role to which.
    expect(audit).toContainEqual(expect.objectContaining({ entity: 'USER#kdv-manager', action: 'user-role-changed', from: 'manager', to: 'partner-lead' }));
  });
});
