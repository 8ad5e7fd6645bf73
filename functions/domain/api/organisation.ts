import * as z from 'zod/mini';
import { OrganisationSettings, OrganisationSettingsInput } from '../organisation.ts';
import { conflictWith } from './common.ts';

/** The organisation settings routes' requests and answers (functions/http/routes/users.ts). */

/** The whole settings as the screen shows them, with the version they were read at (0: never saved). */
export const OrganisationSettingsBody = z.extend(OrganisationSettingsInput, {
  version: z.number({ error: 'Die Versionsnummer fehlt.' }).check(z.int(), z.gte(0)),
});
export type OrganisationSettingsBody = z.infer<typeof OrganisationSettingsBody>;

/** The current settings, and for each use the settings it still lacks (German labels). */
export const OrganisationSettingsView = z.extend(OrganisationSettings, {
  missing: z.object({ site: z.array(z.string()), release: z.array(z.string()), 'consent-form': z.array(z.string()) }),
});
export type OrganisationSettingsView = z.infer<typeof OrganisationSettingsView>;

export const OrganisationSettingsConflict = conflictWith(OrganisationSettings);
