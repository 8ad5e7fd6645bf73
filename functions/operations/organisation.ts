import { type Actor, hasRole } from '@newsroom/domain/actor.ts';
import { expectVersion, refuse } from '@newsroom/domain/errors.ts';
import { changedSettings, missingSettings, type OrganisationSettings, type OrganisationSettingsInput } from '@newsroom/domain/organisation.ts';
import { getOrganisationSettings, putOrganisationSettings } from '@newsroom/store/organisation.ts';
import type { Ports } from './ports.ts';

/**
 * The organisation settings: every editor reads them (they are what the public pages and
 * printed forms show), only administrators change them; each save is a new version with
 * who changed which settings, also in the global audit trail.
 */

/** The current settings and what each use still lacks. */
export async function readOrganisationSettings(p: Ports) {
  const s = await getOrganisationSettings(p.db);
  return { ...s, missing: { site: missingSettings(s, 'site'), release: missingSettings(s, 'release'), 'consent-form': missingSettings(s, 'consent-form') } };
}

export async function changeOrganisationSettings(p: Ports, actor: Actor, body: OrganisationSettingsInput & { version: number }): Promise<OrganisationSettings> {
  if (!hasRole(actor, 'admin')) refuse({ reason: 'forbidden', message: 'Nur die Administration ändert die Einstellungen der Organisation.' });
  const current = await getOrganisationSettings(p.db);
  expectVersion('settings', current, body.version);
  const { version: _v, ...input } = body;
  const changed = changedSettings(current, input);
  if (!changed.length) refuse({ reason: 'invalid', message: 'Es hat sich nichts geändert.' });
  const at = p.clock.now().toISOString();
  const saved = await putOrganisationSettings(
    { ...input, version: current.version + 1, change: { at, by: actor.sub, byName: actor.name, action: 'settings-changed', changed } },
    p.db,
  );
  // The legal pages show them: the publisher renders those again.
  await p.events.announce({ kind: 'settings', id: 'organisation', change: 'updated', at });
  return saved;
}
