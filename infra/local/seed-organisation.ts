import { readFileSync } from 'node:fs';
import { ConflictError } from '@newsroom/domain/errors.ts';
import { OrganisationSettingsInput } from '@newsroom/domain/organisation.ts';
import type { Db } from '@newsroom/store/client.ts';
import { getOrganisationSettings, putOrganisationSettings } from '@newsroom/store/organisation.ts';

/** The fictional demo values of content/seed/organisation.json, parsed by the same schema an administrator's save is. */
export function demoOrganisationSettings(): OrganisationSettingsInput {
  const file = JSON.parse(readFileSync(new URL('../../content/seed/organisation.json', import.meta.url), 'utf8')) as { settings: unknown };
  return OrganisationSettingsInput.parse(file.settings);
}

/**
 * Saves the demo settings as version 1 when nothing is saved yet, so the local site
 * builds and forms print; what an administrator saved later is kept.
 */
export async function seedOrganisationSettings(store: Db, now = new Date()): Promise<boolean> {
  if ((await getOrganisationSettings(store)).version > 0) return false;
  try {
    await putOrganisationSettings(
      {
        ...demoOrganisationSettings(),
        version: 1,
        demo: true,
        change: { at: now.toISOString(), by: 'seed', byName: 'Demo-Daten', action: 'settings-changed', changed: ['Erfundene Demo-Einstellungen'] },
      },
      store,
    );
  } catch (err) {
    // Another process seeded the same table first.
    if (err instanceof ConflictError) return false;
    throw err;
  }
  return true;
}
