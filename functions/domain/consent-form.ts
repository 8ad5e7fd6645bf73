import type { Channel, Detail, Naming, Photos } from './consent.ts';

/**
 * The printed consent form (Einwilligungsformular) in plain German. The version names
 * exactly what a person was told; change it with any change to the wording below or to
 * the form's text in the editor (site/redaktion/src/app/views/consent-print.ts).
 */
export { CONSENT_FORM_VERSION } from './consent.ts';

/** Where the story appears, as a person without media jargon understands it. */
export const CHANNEL_PLAIN: Record<Channel, string> = {
  website: 'auf der Internetseite des Integrationsmanagements im Landkreis Ludwigsburg (für alle sichtbar)',
  press: 'in Pressemitteilungen an Zeitungen, Radio und Fernsehen und im Newsfeed der Internetseite',
  print: 'in gedruckten Heften, Flyern oder Berichten',
  social: 'in sozialen Medien (zum Beispiel Instagram oder Facebook)',
};

/** How the person is named; completes „… genannt“. */
export const NAMING_PLAIN: Record<Naming, string> = {
  anonymous: 'ohne Namen',
  pseudonym: 'mit einem ausgedachten Namen, nicht mit dem echten Namen',
  'first-name': 'nur mit dem Vornamen',
  'full-name': 'mit dem vollen Namen (Vorname und Nachname)',
};

export const PHOTOS_PLAIN: Record<Photos, string> = {
  none: 'Es werden keine Fotos gezeigt.',
  'not-recognisable': 'Es werden Fotos gezeigt, auf denen man die Person nicht erkennt (zum Beispiel von hinten oder nur die Hände).',
  recognisable: 'Es werden Fotos gezeigt, auf denen man die Person erkennt.',
};

/** What the story tells; religion and health are special categories (Art. 9 DSGVO). */
export const DETAIL_PLAIN: Record<Detail, string> = {
  origin: 'das Herkunftsland',
  municipality: 'der Wohnort',
  employer: 'der Arbeitgeber oder die Schule',
  family: 'die Familiensituation',
  religion: 'die Religion',
  health: 'die Gesundheit',
};
