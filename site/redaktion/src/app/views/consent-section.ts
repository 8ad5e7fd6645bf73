import {
  AGE_GROUPS,
  CHANNELS,
  CONSENT_STATUS_LABELS,
  type ConsentRecord,
  DETAILS,
  label,
  latestConsents,
  NAMINGS,
  type Person,
  PHOTOS,
  publicPersonName,
  WITHDRAWAL_CHANNELS,
} from '@newsroom/domain/consent.ts';
import { consentSubject } from '@newsroom/domain/story.ts';
import { canRecordConsent } from '@newsroom/domain/workflow.ts';
import type { StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDay, h, nextId, time } from '../dom.ts';
import { href } from '../router.ts';

/*
 * The consent facts shown on the story page and on the story cards, apart from the recording
 * forms (consent.ts), which only their own screens load.
 */

export const list = (items: readonly { id: string; label: string }[], ids: readonly string[]) =>
  ids.length ? ids.map((id) => label(items, id)).join(', ') : 'keine';

/** What the story shows of a person, including what its own fields reveal (the place). */
export function showsText(story: StoryView, person: Person): string {
  const shown = consentSubject(story).persons.find((p) => p.id === person.id) ?? person;
  return [
    label(AGE_GROUPS, person.ageGroup),
    `genannt ${label(NAMINGS, shown.shows.naming)}`,
    label(PHOTOS, shown.shows.photos),
    `erzählt: ${list(DETAILS, shown.shows.details)}`,
  ].join(' · ');
}

function givenByText(c: ConsentRecord): string {
  if (c.givenBy === 'person') return 'die Person selbst';
  const guardians = c.guardianCount === 2 ? 'zwei Sorgeberechtigte' : 'eine sorgeberechtigte Person';
  return c.minorAssent ? `${guardians}, mit eigener Zustimmung der minderjährigen Person` : guardians;
}

function consentFacts(c: ConsentRecord): HTMLElement {
  const fact = (term: string, value: Node | string) => h('div', {}, h('dt', {}, term), h('dd', {}, value));
  return h(
    'dl',
    { class: 'consent-facts' },
    fact('Eingewilligt haben', givenByText(c)),
    fact('Datum', formatDay(c.date)),
    fact('Gültig bis', formatDay(c.validUntil)),
    fact('Gespräch', `${c.language}, ${c.interpreter ? 'mit Dolmetscher:in' : 'ohne Dolmetscher:in'}`),
    fact('Formular', `${c.formReference} (Fassung ${c.formVersion})`),
    fact('Kanäle', list(CHANNELS, c.scope.channels)),
    fact('Nennung', label(NAMINGS, c.scope.naming)),
    fact('Fotos', label(PHOTOS, c.scope.photos)),
    fact('Details', list(DETAILS, c.scope.details)),
    fact('Art. 9 DSGVO', c.scope.specialCategories ? 'ausdrücklich eingewilligt' : 'nicht eingewilligt'),
    fact('Erfasst', h('span', {}, `Version ${c.version}, `, time(c.recordedAt), `, von ${c.recordedByName}`)),
    c.correctionReason ? fact('Grund der Korrektur', c.correctionReason) : undefined,
    c.withdrawal
      ? fact(
          'Widerrufen',
          `am ${formatDay(c.withdrawal.date)}, ${label(WITHDRAWAL_CHANNELS, c.withdrawal.receivedVia)}${c.withdrawal.note ? `: ${c.withdrawal.note}` : ''}`,
        )
      : undefined,
  );
}

export function consentBadge(story: Pick<StoryView, 'consentStatus'>): HTMLElement {
  return h('span', { class: `badge consent-${story.consentStatus}` }, CONSENT_STATUS_LABELS[story.consentStatus] ?? story.consentStatus);
}

/** The story page's section on persons and their consents, with the reasons when they do not cover the story. */
export function consentSection(ctx: Context, story: StoryView): HTMLElement {
  const headingId = nextId('consents');
  const mayRecord = !canRecordConsent(ctx.me, story);
  const latest = latestConsents(story.consents);
  // A person a pending revision adds needs a consent before the revision can be submitted.
  const persons = [...story.persons, ...(story.revision?.persons ?? []).filter((p) => !story.persons.some((q) => q.id === p.id))];
  return h(
    'section',
    { class: 'consents', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Personen und Einwilligungen'),
    h('p', {}, 'Stand: ', consentBadge(story), story.consentExpires ? ` · die früheste Einwilligung läuft ab am ${formatDay(story.consentExpires)}` : ''),
    story.consentProblems.length > 0 &&
      h(
        'div',
        { class: 'consent-problems' },
        h('p', { class: 'strong' }, 'Die Einwilligungen decken die Geschichte noch nicht ab:'),
        h(
          'ul',
          {},
          story.consentProblems.map((p) => h('li', {}, p)),
        ),
      ),
    persons.length === 0 && h('p', { class: 'hint' }, 'Personen legen Sie unter „Bearbeiten“ an; danach erfassen Sie hier ihre Einwilligungen.'),
    persons.map((person) => {
      const personHeading = nextId('person');
      const current = latest.get(person.id);
      const versions = story.consents.filter((c) => c.personId === person.id).sort((a, b) => b.version - a.version);
      return h(
        'section',
        { class: 'person-consent', 'aria-labelledby': personHeading },
        h('h3', { id: personHeading }, `Person ${person.id}: ${person.role}`),
        h('p', { class: 'hint' }, `Die Geschichte zeigt: ${showsText(story, person)}`),
        h(
          'p',
          { class: 'hint' },
          publicPersonName(person) ? `Name auf der Website: „${publicPersonName(person)}“` : 'Die Website nennt die Person nicht mit Namen.',
        ),
        current ? consentFacts(current) : h('p', {}, 'Noch keine Einwilligung erfasst.'),
        versions.length > 1 &&
          h(
            'details',
            {},
            h('summary', {}, `Frühere Versionen (${versions.length - 1})`),
            versions.slice(1).map((v) => consentFacts(v)),
          ),
        mayRecord &&
          !current?.withdrawal &&
          h(
            'p',
            { class: 'button-row' },
            h(
              'a',
              { class: 'button secondary', href: href({ name: 'consent-print', id: story.id, person: person.id }) },
              `Einwilligungsformular für Person ${person.id} drucken`,
            ),
            h(
              'a',
              { class: 'button secondary', href: href({ name: 'consent', id: story.id, person: person.id }) },
              current ? `Einwilligung von Person ${person.id} korrigieren` : `Einwilligung von Person ${person.id} erfassen`,
            ),
            current &&
              h(
                'a',
                { class: 'button secondary', href: href({ name: 'withdrawal', id: story.id, person: person.id }) },
                `Widerruf von Person ${person.id} erfassen`,
              ),
          ),
      );
    }),
  );
}
