import { type Channel, DETAILS, type Detail, type Naming, type Photos } from './consent.ts';

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

/** Photos as a sentence; `{who}` is the person as object: „mich“ or „mein Kind“. */
const PHOTOS_TEMPLATE: Record<Photos, string> = {
  none: 'Es werden keine Fotos gezeigt.',
  'not-recognisable': 'Es werden Fotos gezeigt, auf denen man {who} nicht erkennt (zum Beispiel von hinten oder nur die Hände).',
  recognisable: 'Es werden Fotos gezeigt, auf denen man {who} erkennt.',
};

/**
 * What the story tells, as a noun phrase in each case the form needs: „dass die Geschichte
 * den Wohnort nennt“ (accusative), never the nominative where German wants another case.
 * Religion and health are special categories (Art. 9 DSGVO).
 */
export const DETAIL_PHRASE: Record<Detail, { nominative: string; accusative: string }> = {
  origin: { nominative: 'das Herkunftsland', accusative: 'das Herkunftsland' },
  municipality: { nominative: 'der Wohnort', accusative: 'den Wohnort' },
  employer: { nominative: 'der Arbeitgeber oder die Schule', accusative: 'den Arbeitgeber oder die Schule' },
  family: { nominative: 'die Familiensituation', accusative: 'die Familiensituation' },
  religion: { nominative: 'die Religion', accusative: 'die Religion' },
  health: { nominative: 'die Gesundheit', accusative: 'die Gesundheit' },
};

/** „A“, „A und B“, „A, B und C“. */
export const germanList = (items: readonly string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} und ${items.at(-1)}`);

/** What one person's part of the story shows, as the form asks about it. */
export interface FormScope {
  /** An adult signs for themself; for a minor the guardians sign about „mein Kind“. */
  adult: boolean;
  channels: readonly Channel[];
  naming: Naming;
  photos: Photos;
  details: readonly Detail[];
  /** The story's municipality, named with the detail „Wohnort“. */
  municipality?: string;
}

/** The sentences of the form's scope section, each one a box to tick (or, for no photos, a statement). */
export interface ScopeSentences {
  channels: string[];
  naming: string;
  /** A box to tick, unless no photos are shown (then `photosTick` is false and this is a statement). */
  photos: string;
  photosTick: boolean;
  /** One box per ordinary detail; empty: `noDetails` says so. */
  details: string[];
  noDetails?: string;
  /** The separate, explicit consent for religion and health, with the sentence that explains it. */
  special?: { intro: string; consent: string };
}

const detailAccusative = (d: Detail, municipality: string | undefined) =>
  d === 'municipality' && municipality ? `${DETAIL_PHRASE[d].accusative} (${municipality})` : DETAIL_PHRASE[d].accusative;

/** The scope section's sentences in grammatical German, in the form's order. */
export function scopeSentences(s: FormScope): ScopeSentences {
  const special = s.details.filter((d) => DETAILS.find((x) => x.id === d)!.special);
  const ordinary = s.details.filter((d) => !special.includes(d));
  const who = s.adult ? 'mich' : 'mein Kind';
  const specialList = germanList(special.map((d) => detailAccusative(d, s.municipality)));
  return {
    channels: s.channels.map((c) => CHANNEL_PLAIN[c]),
    naming: s.adult
      ? `Ich bin einverstanden, dass ich ${NAMING_PLAIN[s.naming]} genannt werde.`
      : `Ich bin einverstanden, dass mein Kind ${NAMING_PLAIN[s.naming]} genannt wird.`,
    photos: s.photos === 'none' ? PHOTOS_TEMPLATE.none : `Ich bin einverstanden: ${PHOTOS_TEMPLATE[s.photos].replace('{who}', who)}`,
    photosTick: s.photos !== 'none',
    details: ordinary.map((d) => `Ich bin einverstanden, dass die Geschichte ${detailAccusative(d, s.municipality)} nennt.`),
    ...(ordinary.length ? {} : { noDetails: 'Die Geschichte nennt keine weiteren Angaben wie Herkunftsland, Wohnort oder Arbeitgeber.' }),
    ...(special.length
      ? {
          special: {
            // „über“ takes the accusative too.
            intro: `Die Geschichte erzählt auch etwas über ${specialList}.`,
            consent: `Ja, ich stimme ausdrücklich zu, dass die Geschichte ${specialList} nennt.`,
          },
        }
      : {}),
  };
}
