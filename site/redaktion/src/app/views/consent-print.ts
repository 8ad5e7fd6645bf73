import { ASSENT_AGE, berlinDay, latestConsents, type Person } from '@newsroom/domain/consent.ts';
import { CONSENT_FORM_VERSION, scopeSentences } from '@newsroom/domain/consent-form.ts';
import { FORM_TEXTS, type FormText } from '@newsroom/domain/consent-form-texts.ts';
import { FORM_TEMPLATES, type FormTemplate, formTemplate, isSignable } from '@newsroom/domain/consent-templates.ts';
import type { OrganisationSettings } from '@newsroom/domain/organisation.ts';
import { consentSubject } from '@newsroom/domain/story.ts';
import { canRecordConsent } from '@newsroom/domain/workflow.ts';
import type { StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { h } from '../dom.ts';
import { href } from '../router.ts';
import { controlField, select } from './fields.ts';
import { blank, contactsBlock, printSettings, printSheet, signatureBlock, writeLine } from './print.ts';

/** An empty box to tick by hand: consent is given by the person's own cross, never pre-ticked. */
const box = (text: Node | string, strong = false) =>
  h('li', {}, h('span', { class: 'tick', 'aria-hidden': 'true' }, '☐'), h('span', { class: strong ? 'strong' : '' }, text));

/** Two years from today, as a proposal the manager can change before printing. */
function proposedUntil(): string {
  const today = berlinDay(new Date());
  return `${Number(today.slice(0, 4)) + 2}${today.slice(4)}`;
}

/** A day as the form's language writes it („30. Juni 2028“, „30 June 2028“). */
const dayIn = (template: FormTemplate, day: string) =>
  new Intl.DateTimeFormat(template.lang === 'de-x-simple' ? 'de' : template.lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** What marks a translation nobody has checked yet: it must not be signed. */
const DRAFT = 'Entwurf – nicht zur Unterschrift';

/** The scope this person's part of the story needs, with a box for each item. */
function scopeSection(t: FormText, story: StoryView, person: Person, until: HTMLElement): Node[] {
  const shown = consentSubject(story).persons.find((p) => p.id === person.id)!.shows;
  const adult = person.ageGroup === 'adult';
  const s = scopeSentences(
    { adult, channels: story.channels, naming: shown.naming, photos: shown.photos, details: shown.details, municipality: story.municipality },
    t,
  );
  const who = adult ? 'adult' : 'minor';
  return [
    h('h2', {}, t.whereHeading),
    h('p', {}, t.whereHint),
    h(
      'ul',
      { class: 'tick-list' },
      s.channels.map((c) => box(c)),
    ),
    h('div', { class: 'keep' }, h('h2', {}, t.namingHeading[who]), h('ul', { class: 'tick-list' }, box(s.naming))),
    h('div', { class: 'keep' }, h('h2', {}, t.photosHeading), s.photosTick ? h('ul', { class: 'tick-list' }, box(s.photos)) : h('p', {}, s.photos)),
    h(
      'div',
      { class: 'keep' },
      h('h2', {}, t.detailsHeading[who]),
      s.details.length
        ? h(
            'ul',
            { class: 'tick-list' },
            s.details.map((d) => box(d)),
          )
        : h('p', {}, s.noDetails!),
    ),
    ...(s.special
      ? [
          h(
            'div',
            { class: 'keep boxed special' },
            h('h3', {}, t.specialHeading),
            h('p', {}, `${s.special.intro} ${t.specialExplain}`),
            h('ul', { class: 'tick-list' }, box(s.special.consent, true)),
          ),
        ]
      : []),
    h('div', { class: 'keep' }, h('h2', {}, t.durationHeading), h('p', {}, until)),
    h('p', {}, t.readBack),
  ];
}

/** Who signs: the adult person; for minors the guardians, and from the partner's assent age the minor too. */
function signatures(t: FormText, story: StoryView, person: Person): Node[] {
  const age = ASSENT_AGE[story.partner];
  const sign = (who: string) => signatureBlock(who, { placeDate: t.conversation.placeDate, signatureOf: t.signatureOf });
  if (person.ageGroup === 'adult') return [h('p', {}, t.adultSigns), sign(t.person(person.id))];
  return [
    h('p', {}, t.guardiansSign),
    sign(t.guardian(1)),
    sign(t.guardian(2)),
    person.ageGroup === 'minor-assent'
      ? h('div', { class: 'keep' }, h('h3', {}, t.assentHeading(age)), h('p', {}, t.assent), sign(t.self(person.id)))
      : h('p', { class: 'hint' }, t.youngHint(person.id, age)),
  ];
}

/** The sheet in one template's language; a template nobody has reviewed carries the draft mark on every page. */
function sheet(
  ctx: Context,
  template: FormTemplate,
  story: StoryView,
  person: Person,
  settings: OrganisationSettings,
  untilDay: string,
): { content: Node[]; footer: string } {
  const t = FORM_TEXTS[template.version]!;
  const draft = !isSignable(template);
  const adult = person.ageGroup === 'adult';
  const partnerName = ctx.labels.partnerName(story.partner);
  const until = h('strong', {}, untilDay ? dayIn(template, untilDay) : blank('Datum'));
  const content = h(
    'div',
    { lang: template.lang === 'de-x-simple' ? 'de' : template.lang, dir: template.dir, class: 'form-text' },
    draft && h('p', { class: 'draft-mark', lang: 'de', dir: 'ltr' }, DRAFT),
    h(
      'div',
      { class: 'letterhead' },
      h('div', {}, h('p', { class: 'org' }, partnerName), h('p', {}, t.programme)),
      h('p', { class: 'strong', dir: 'ltr' }, `Formular ${template.version}`),
    ),
    h('p', { class: 'doc-title' }, adult ? t.title.adult : t.title.minor),
    h(
      'dl',
      { class: 'doc-facts' },
      h('dt', {}, t.facts.story),
      h('dd', {}, `„${story.title}“`),
      h('dt', {}, t.facts.about),
      h('dd', {}, `${t.person(person.id)} (${person.role})`),
      h('dt', {}, t.facts.reference),
      h('dd', {}, blank(t.facts.reference)),
    ),
    h('h2', {}, t.aboutHeading),
    h('p', {}, t.about(adult, person.role)),
    h('div', { class: 'boxed keep' }, h('p', { class: 'strong' }, t.counselling.strong), h('p', {}, t.counselling.text)),
    ...scopeSection(t, story, person, h('span', {}, t.duration[0], until, t.duration[1])),
    h('div', { class: 'keep' }, h('h2', {}, t.withdrawHeading), h('p', {}, t.withdraw[0]), h('p', {}, t.withdraw[1])),
    h('div', { class: 'keep' }, h('h2', {}, t.dataHeading), h('p', {}, t.data(person.id, partnerName))),
    h('div', { class: 'keep' }, h('h2', {}, t.contactsHeading), contactsBlock(ctx, story.partner, settings, t.contacts)),
    h(
      'div',
      { class: 'keep' },
      h('h2', {}, t.conversationHeading),
      h('div', { class: 'signature' }, writeLine(t.conversation.language), writeLine(t.conversation.interpreter)),
      h('div', { class: 'signature' }, writeLine(t.conversation.placeDate), writeLine(t.conversation.staffSignature)),
    ),
    h('div', { class: 'keep' }, h('h2', {}, t.signatureHeading), ...signatures(t, story, person)),
    draft && h('p', { class: 'draft-mark', lang: 'de', dir: 'ltr' }, DRAFT),
  );
  return {
    content: [content],
    footer: `${draft ? `${DRAFT} · ` : ''}Einwilligung · Formular ${template.version} (${template.languageName}) · ${ctx.labels.partnerShort(story.partner)} · Geschichte ${story.id} · Person ${person.id}`,
  };
}

/**
 * The printable consent form for one person of a story: pre-filled with the person's
 * letter and role and exactly the scope the story declares, in the language chosen on
 * screen, with the template version on it. The system keeps no names: the person writes
 * and signs by hand.
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
  const current = latestConsents(story.consents).get(personId);

  const templates = FORM_TEMPLATES.filter((t) => !t.retired);
  const languageSelect = select(
    templates.map((t) => ({ id: t.version, label: isSignable(t) ? t.languageName : `${t.languageName} (Entwurf, Übersetzung nicht geprüft)` })),
  );
  languageSelect.value = CONSENT_FORM_VERSION;
  const languageField = controlField({
    label: 'Sprache des Formulars',
    hint: 'Eine ungeprüfte Übersetzung wird als Entwurf gedruckt und gilt nicht als Einwilligung; unterschreiben lassen Sie dann das deutsche Formular.',
    control: languageSelect,
  });
  // „Gültig bis“ is set on screen before printing; emptied, the form shows a line to fill in by hand.
  const untilInput = h('input', { type: 'date', value: current && !current.withdrawal ? current.validUntil : proposedUntil() });
  const untilField = controlField({
    label: 'Gültig bis (erscheint auf dem Formular)',
    hint: 'Vorschlag: zwei Jahre. Leer lassen, um das Datum von Hand einzutragen.',
    control: untilInput,
  });

  const render = (controls: HTMLElement[]) => {
    const template = formTemplate(languageSelect.value)!;
    const { content, footer } = sheet(ctx, template, story, person, printable.settings, untilInput.value);
    const [tools, article] = printSheet(
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
        controls,
        footer,
      },
      ...content,
    );
    return { tools: tools!, article: article! };
  };
  const first = render([languageField.el, untilField.el]);
  ctx.show(title, first.tools, first.article);
  let article = first.article;
  // Only the sheet changes; the controls stay where they are, with the focus.
  const redraw = () => {
    const next = render([]).article;
    article.replaceWith(next);
    article = next;
  };
  languageSelect.addEventListener('change', redraw);
  untilInput.addEventListener('input', redraw);
}
