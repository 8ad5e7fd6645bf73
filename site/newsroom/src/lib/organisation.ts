import { addressLine, missingSettingsMessage, type OrganisationSettings } from '@newsroom/domain/organisation.ts';
import { germanDate } from './format.ts';
import { perPass } from './render-pass.ts';

/** The organisation settings, read once per render pass. */
export const organisationSettings = () => perPass('settings:organisation', (pass) => pass.content.organisationSettings());

/**
 * The settings, or the German refusal naming every one the legal pages need and the
 * store lacks: a page with a gap in its Impressum never reaches the public.
 */
export async function siteSettings(): Promise<OrganisationSettings> {
  const s = await organisationSettings();
  const refusal = missingSettingsMessage(s, 'site');
  if (refusal) throw new Error(refusal);
  return s;
}

/** What a `<Setting name="…" />` in a page of content/pages shows. */
const VALUES: Record<string, (s: OrganisationSettings) => string | undefined> = {
  'organisation.name': (s) => s.organisation.name,
  'organisation.address': (s) => addressLine(s.organisation) || undefined,
  'organisation.phone': (s) => s.organisation.phone,
  'organisation.email': (s) => s.organisation.email,
  'organisation.vatId': (s) => s.organisation.vatId,
  'representative.name': (s) => s.representative.name,
  'representative.title': (s) => s.representative.title,
  'responsible.name': (s) => s.responsible.name,
  'responsible.function': (s) => s.responsible.function,
  'dataProtectionOfficer.name': (s) => s.dataProtectionOfficer.name,
  'dataProtectionOfficer.address': (s) => addressLine(s.dataProtectionOfficer) || undefined,
  'dataProtectionOfficer.email': (s) => s.dataProtectionOfficer.email,
  'press.name': (s) => s.pressContacts[0]?.name,
  'press.phone': (s) => s.pressContacts[0]?.phone,
  'press.email': (s) => s.pressContacts[0]?.email,
  'accessibility.email': (s) => s.accessibility.email,
  'accessibility.phone': (s) => s.accessibility.phone,
  // A day as stored; anything else (the bundle build's dash) as it is.
  'accessibility.assessedOn': ({ accessibility: { assessedOn: d } }) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? germanDate(`${d}T12:00:00Z`) : d),
  'accessibility.responseTime': (s) => s.accessibility.responseTime,
  'accessibility.enforcementBody': (s) => s.accessibility.enforcementBody,
};

/** The value of the setting `name`; a name no page may use, or a missing value, stops the build with a German message. */
export async function settingValue(name: string, optional = false): Promise<string | undefined> {
  const read = VALUES[name];
  if (!read) throw new Error(`Die Seite nennt die unbekannte Einstellung „${name}“.`);
  const value = read(await (optional ? organisationSettings() : siteSettings()));
  if (!value && !optional) throw new Error(`Die Website wird nicht gebaut: In den Einstellungen der Organisation fehlt „${name}“.`);
  return value;
}
