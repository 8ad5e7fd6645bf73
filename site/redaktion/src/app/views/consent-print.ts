import { ASSENT_AGE, berlinDay, latestConsents, type Person } from '../../../../../functions/domain/consent.ts';
import { CONSENT_FORM_VERSION, scopeSentences } from '../../../../../functions/domain/consent-form.ts';
import { consentSubject } from '../../../../../functions/domain/story.ts';
import { canRecordConsent } from '../../../../../functions/domain/workflow.ts';
import type { StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDay, h } from '../dom.ts';
import { href } from '../router.ts';
import { controlField } from './fields.ts';
import { blank, contactsBlock, printSettings, printSheet, signatureBlock, writeLine } from './print.ts';

/** An empty box to tick by hand: consent is given by the person's own cross, never pre-ticked. */
const box = (text: Node | string, strong = false) =>
  h('li', {}, h('span', { class: 'tick', 'aria-hidden': 'true' }, '☐'), h('span', { class: strong ? 'strong' : '' }, text));

/** Two years from today, as a proposal the manager can change before printing. */
function proposedUntil(): string {
  const today = berlinDay(new Date());
  return `${Number(today.slice(0, 4)) + 2}${today.slice(4)}`;
}

/** The scope this person's part of the story needs, in plain German with a box for each item. */
function scopeSection(story: StoryView, person: Person, until: HTMLElement): Node[] {
  const shown = consentSubject(story).persons.find((p) => p.id === person.id)!.shows;
  const adult = person.ageGroup === 'adult';
  const s = scopeSentences({
    adult,
    channels: story.channels,
    naming: shown.naming,
    photos: shown.photos,
    details: shown.details,
    municipality: story.municipality,
  });
  const parts: (HTMLElement | false)[] = [
    h('h2', {}, 'Wo die Geschichte erscheinen soll'),
    h('p', {}, 'Bitte kreuzen Sie selbst an, womit Sie einverstanden sind. Was Sie nicht ankreuzen, machen wir nicht.'),
    h(
      'ul',
      { class: 'tick-list' },
      s.channels.map((c) => box(c)),
    ),
    h('div', { class: 'keep' }, h('h2', {}, adult ? 'Wie Sie genannt werden' : 'Wie Ihr Kind genannt wird'), h('ul', { class: 'tick-list' }, box(s.naming))),
    h('div', { class: 'keep' }, h('h2', {}, 'Fotos'), s.photosTick ? h('ul', { class: 'tick-list' }, box(s.photos)) : h('p', {}, s.photos)),
    h(
      'div',
      { class: 'keep' },
      h('h2', {}, `Was die Geschichte über ${adult ? 'Sie' : 'Ihr Kind'} erzählt`),
      s.details.length
        ? h(
            'ul',
            { class: 'tick-list' },
            s.details.map((d) => box(d)),
          )
        : h('p', {}, s.noDetails!),
    ),
    s.special !== undefined &&
      h(
        'div',
        { class: 'keep boxed special' },
        h('h3', {}, 'Besonders geschützte Angaben (Artikel 9 Datenschutz-Grundverordnung)'),
        h('p', {}, `${s.special.intro} `, 'Das Gesetz schützt diese Angaben besonders. Wir nennen sie nur, wenn Sie hier ausdrücklich und getrennt zustimmen.'),
        h('ul', { class: 'tick-list' }, box(s.special.consent, true)),
      ),
    h(
      'div',
      { class: 'keep' },
      h('h2', {}, 'Wie lange'),
      h('p', {}, 'Diese Einwilligung gilt bis ', until, '. Danach nehmen wir die Geschichte von der Internetseite, wenn Sie nicht neu zustimmen.'),
    ),
    h(
      'p',
      {},
      'Bevor die Geschichte erscheint, lesen wir Ihnen den fertigen Text vor oder geben ihn Ihnen zu lesen, wenn nötig übersetzt. Erst wenn Sie ihn kennen, geben wir ihn frei.',
    ),
  ];
  return parts.filter((n): n is HTMLElement => n !== false);
}

/** Who signs: the adult person; for minors the guardians, and from the partner's assent age the minor too. */
function signatures(story: StoryView, person: Person): Node[] {
  const age = ASSENT_AGE[story.partner];
  if (person.ageGroup === 'adult') {
    return [
      h('p', {}, 'Ich habe verstanden, worum es geht. Ich bin einverstanden mit dem, was ich oben angekreuzt habe.'),
      signatureBlock(`Person ${person.id}`),
    ];
  }
  return [
    h(
      'p',
      {},
      'Wir haben verstanden, worum es geht. Wir sind als Sorgeberechtigte einverstanden mit dem, was oben angekreuzt ist. Haben zwei Personen das Sorgerecht, unterschreiben beide.',
    ),
    signatureBlock('sorgeberechtigte Person 1'),
    signatureBlock('sorgeberechtigte Person 2'),
    person.ageGroup === 'minor-assent'
      ? h(
          'div',
          { class: 'keep' },
          h('h3', {}, `Zustimmung des Kindes oder der/des Jugendlichen (ab ${age} Jahren nötig)`),
          h('p', {}, 'Ich weiß, was über mich erzählt wird, und bin einverstanden.'),
          signatureBlock(`Person ${person.id} selbst`),
        )
      : h(
          'p',
          { class: 'hint' },
          `Person ${person.id} ist jünger als ${age} Jahre; es unterschreiben die Sorgeberechtigten. Bitte sprechen Sie trotzdem mit dem Kind, so dass es versteht, worum es geht.`,
        ),
  ];
}

/**
 * The printable consent form for one person of a story: pre-filled with the person's
 * letter and role and exactly the scope the story declares, in plain German, with the
 * template version on it. The system keeps no names: the person writes and signs by hand.
 */
export async function consentPrint(ctx: Context, id: string, personId: string): Promise<void> {
  const story = await ctx.api.getStory(id);
  const title = `Einwilligungsformular: Person ${personId}`;
  const back = { href: href({ name: 'story', id }), label: 'Zurück zur Geschichte' };
  const person = story.persons.find((p) => p.id === personId);
  const refusal = canRecordConsent(ctx.me, story);
  if (!person || refusal) {
    return ctx.show(
      title,
      h('p', {}, refusal ?? `Person ${personId} kommt in dieser Geschichte nicht vor.`),
      h('p', {}, h('a', { href: back.href }, back.label)),
    );
  }
  const printable = await printSettings(ctx, story.partner);
  if ('refusal' in printable)
    return ctx.show(title, h('p', { class: 'warning', role: 'alert' }, printable.refusal), h('p', {}, h('a', { href: back.href }, back.label)));
  const partnerName = ctx.labels.partnerName(story.partner);
  const current = latestConsents(story.consents).get(personId);

  // „Gültig bis“ is set on screen before printing; emptied, the form shows a gap to fill in by hand.
  const untilInput = h('input', { type: 'date', value: current && !current.withdrawal ? current.validUntil : proposedUntil() });
  const until = h('strong', {});
  const showUntil = () => until.replaceChildren(untilInput.value ? formatDay(untilInput.value) : blank('Datum'));
  untilInput.addEventListener('input', showUntil);
  showUntil();
  const untilField = controlField({
    label: 'Gültig bis (erscheint auf dem Formular)',
    hint: 'Vorschlag: zwei Jahre. Leer lassen, um das Datum von Hand einzutragen.',
    control: untilInput,
  });

  ctx.show(
    title,
    ...printSheet(
      {
        back,
        className: 'consent-form',
        intro: [
          h('p', { class: 'lead' }, `„${story.title}“ · Person ${personId}: ${person.role}`),
          h(
            'p',
            {},
            'Das Formular nennt genau, was die Geschichte von dieser Person zeigt. Ändert sich die Geschichte, drucken Sie es neu. ',
            'Leere Linien werden von Hand ausgefüllt. Nach der Unterschrift erfassen Sie die Einwilligung unter „Einwilligung erfassen“.',
          ),
        ],
        controls: [untilField.el],
        footer: `Einwilligung · Formular ${CONSENT_FORM_VERSION} · ${ctx.labels.partnerShort(story.partner)} · Geschichte ${story.id} · Person ${personId}`,
      },
      h(
        'div',
        { class: 'letterhead' },
        h('div', {}, h('p', { class: 'org' }, partnerName), h('p', {}, 'Integrationsmanagement im Landkreis Ludwigsburg')),
        h('p', { class: 'strong' }, `Formular ${CONSENT_FORM_VERSION}`),
      ),
      h(
        'p',
        { class: 'doc-title' },
        person.ageGroup === 'adult' ? 'Einwilligung: Darf über Sie erzählt werden?' : 'Einwilligung: Darf über Ihr Kind erzählt werden?',
      ),
      h(
        'dl',
        { class: 'doc-facts' },
        h('dt', {}, 'Geschichte'),
        h('dd', {}, `„${story.title}“`),
        h('dt', {}, 'Es geht um'),
        h('dd', {}, `Person ${personId} (${person.role})`),
        h('dt', {}, 'Aktenzeichen'),
        h('dd', {}, blank('Aktenzeichen')),
      ),
      h('h2', {}, 'Worum es geht'),
      h(
        'p',
        {},
        `Wir möchten eine Geschichte veröffentlichen, in der ${person.ageGroup === 'adult' ? 'Sie' : 'Ihr Kind'} als „${person.role}“ ${person.ageGroup === 'adult' ? 'vorkommen' : 'vorkommt'}. `,
        'Damit andere Menschen sehen, was im Integrationsmanagement gelingt. Sie entscheiden selbst, ob und wie wir darüber erzählen.',
      ),
      h(
        'div',
        { class: 'boxed keep' },
        h('p', { class: 'strong' }, 'Ihre Beratung geht in jedem Fall weiter.'),
        h('p', {}, 'Sie müssen nicht zustimmen. Wenn Sie nein sagen, hat das keine Folgen für Ihre Beratung. Sie werden genauso weiter beraten wie bisher.'),
      ),
      ...scopeSection(story, person, until),
      h(
        'div',
        { class: 'keep' },
        h('h2', {}, 'Sie können jederzeit widerrufen'),
        h(
          'p',
          {},
          'Sie können Ihre Einwilligung jederzeit zurücknehmen (widerrufen), ohne Grund. Sagen Sie es Ihrer Integrationsmanagerin oder Ihrem Integrationsmanager: persönlich, am Telefon, per Brief oder per E-Mail. ',
          'Dann nehmen wir die Geschichte schnell von der Internetseite und aus dem Newsfeed. Sie bekommen darüber eine schriftliche Bestätigung.',
        ),
        h('p', {}, 'Der Widerruf gilt ab dann. Was schon gedruckt oder von anderen gespeichert wurde, können wir nicht zurückholen.'),
      ),
      h(
        'div',
        { class: 'keep' },
        h('h2', {}, 'Ihre Daten'),
        h(
          'p',
          {},
          `Im Computer steht kein Name, nur „Person ${personId}“ und die Rolle. Dieses unterschriebene Formular bleibt bei ${partnerName}. `,
          'Sie haben das Recht auf Auskunft, Berichtigung und Löschung Ihrer Daten. Sie können sich auch beim Landesbeauftragten für den Datenschutz und die Informationsfreiheit Baden-Württemberg beschweren.',
        ),
      ),
      h('div', { class: 'keep' }, h('h2', {}, 'Ansprechpersonen'), contactsBlock(ctx, story.partner, printable.settings)),
      h(
        'div',
        { class: 'keep' },
        h('h2', {}, 'Gespräch'),
        h('div', { class: 'signature' }, writeLine('Sprache des Gesprächs'), writeLine('Dolmetscher:in (falls dabei)')),
        h('div', { class: 'signature' }, writeLine('Ort, Datum'), writeLine('Unterschrift Integrationsmanagement')),
      ),
      h('div', { class: 'keep' }, h('h2', {}, 'Unterschrift'), ...signatures(story, person)),
    ),
  );
}
