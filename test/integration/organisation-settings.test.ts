import { demoOrganisationSettings } from '@newsroom/infra-local/seed-organisation.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './harness.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const read = async (user = 'admin') => (await api.call(user, 'GET', '/settings/organisation')).body;

describe('organisation settings', () => {
  it('are empty before anyone saves, and every use names in German what it lacks', async () => {
    const s = await read('caritas-manager');
    expect(s.version).toBe(0);
    expect(s.missing.site).toContain('Datenschutzbeauftragte/r: E-Mail');
    expect(s.missing.site).toContain('Pressestelle: mindestens eine Ansprechperson');
    expect(s.missing.release).toEqual(['Pressestelle: mindestens eine Ansprechperson']);
  });

  it('only an administrator changes them; a refusal stores nothing', async () => {
    for (const user of ['caritas-manager', 'caritas-lead', 'presse']) {
      const res = await api.call(user, 'PUT', '/settings/organisation', { version: 0, organisation: { name: 'Fremd' } });
      expect(res.status, user).toBe(403);
      expect(res.body.detail).toMatch(/Rolle darf/);
    }
    const invalid = await api.call('admin', 'PUT', '/settings/organisation', { version: 0, dataProtectionOfficer: { email: 'keine-adresse' } });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body.problems)).toContain('Bitte eine gültige E-Mail-Adresse angeben.');
    expect((await read()).version).toBe(0);
  });

  it('an administrator saves a new version; the press office and partners read it; the audit names who changed which settings', async () => {
    const before = await read();
    const saved = await api.call('admin', 'PUT', '/settings/organisation', { ...demoOrganisationSettings(), version: before.version });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(before.version + 1);
    expect(saved.body.missing).toEqual({ site: [], release: [], 'consent-form': [] });
    const seen = await read('drk-manager');
    expect(seen.partnerContacts.drk.name).toBe('Elif Yilmaz (Demo)');
    expect(seen.dataProtectionOfficer.email).toBe('datenschutz@landkreis-ludwigsburg.example');

    const again = await api.call('admin', 'PUT', '/settings/organisation', {
      ...demoOrganisationSettings(),
      responsible: { name: 'Neue Person (Demo)', function: 'Pressesprecherin' },
      version: seen.version,
    });
    expect(again.body.version).toBe(seen.version + 1);
    expect(again.body.change).toMatchObject({
      by: expect.any(String),
      byName: 'Dennis Krüger',
      changed: ['Inhaltlich verantwortlich: Name', 'Inhaltlich verantwortlich: Funktion'],
    });

    const audit = (await api.call('admin', 'GET', '/audit')).body.items.filter((l: { entity: string }) => l.entity === 'ORG#SETTINGS');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ action: 'settings-changed', byName: 'Dennis Krüger' });
  });

  it('a save based on an old version is refused with the current settings; saving nothing new is refused', async () => {
    const current = await read();
    const stale = await api.call('admin', 'PUT', '/settings/organisation', { ...demoOrganisationSettings(), version: current.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.current.version).toBe(current.version);
    const unchanged = await api.call('admin', 'PUT', '/settings/organisation', { ...current, missing: undefined, change: undefined, demo: undefined });
    expect(unchanged.status).toBe(422);
    expect(unchanged.body.detail).toBe('Es hat sich nichts geändert.');
    expect((await read()).version).toBe(current.version);
  });
});
