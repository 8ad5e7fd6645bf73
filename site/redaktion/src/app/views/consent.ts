import {
  berlinDay,
  CHANNELS,
  CONSENT_FORM_VERSION,
  type ConsentRecord,
  DETAILS,
  latestConsents,
  NAMINGS,
  type Person,
  PHOTOS,
  WITHDRAWAL_CHANNELS,
} from '@newsroom/domain/consent.ts';
import { canRecordConsent } from '@newsroom/domain/workflow.ts';
import type { ConsentInput, StoryView, WithdrawalInput } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { href } from '../router.ts';
import { confirmDialog } from './confirm-dialog.ts';
import { list, showsText } from './consent-section.ts';
import { errorSummary, showSummary } from './errors.ts';
import { assignProblems, checkboxField, choiceGroup, controlField, type Field, fieldFinder, select } from './fields.ts';

/** Loads the story and the person, or shows why the form is not available. */
async function loadFor(
  ctx: Context,
  id: string,
  personId: string,
  title: string,
): Promise<{ story: StoryView; person: Person; current?: ConsentRecord } | undefined> {
  const story = await ctx.api.getStory(id);
  const back = h('p', {}, h('a', { href: href({ name: 'story', id }) }, 'Zurück zur Geschichte'));
  const person = [...story.persons, ...(story.revision?.persons ?? [])].find((p) => p.id === personId);
  if (!person) {
    ctx.show(
      title,
      h('p', {}, `Person ${personId} kommt in dieser Geschichte nicht vor. Bitte zuerst die Person in der Geschichte anlegen und speichern.`),
      back,
    );
    return undefined;
  }
  const refusal = canRecordConsent(ctx.me, story);
  if (refusal) {
    ctx.show(title, h('p', {}, refusal), back);
    return undefined;
  }
  const current = latestConsents(story.consents).get(personId);
  if (current?.withdrawal) {
    ctx.show(title, h('p', {}, `Person ${personId} hat die Einwilligung widerrufen. Eine neue Einwilligung braucht eine neue Geschichte.`), back);
    return undefined;
  }
  return { story, person, current };
}

/** Records the data of a signed consent form for one person, or a corrected version of it. */
export async function consentForm(ctx: Context, id: string, personId: string): Promise<void> {
  const loaded = await loadFor(ctx, id, personId, `Einwilligung von Person ${personId}`);
  if (!loaded) return;
  const { story, person, current } = loaded;
  const correcting = current !== undefined;

  const givenBy = choiceGroup({
    legend: 'Wer hat eingewilligt?',
    type: 'radio',
    columns: false,
    options: [
      { id: 'person', label: 'Die Person selbst' },
      { id: 'guardians', label: 'Sorgeberechtigte (bei Minderjährigen)' },
    ],
  });
  const guardianCount = select(
    [
      { id: '1', label: 'eine Person' },
      { id: '2', label: 'zwei Personen' },
    ],
    'Bitte wählen',
  );
  const guardianField = controlField({ label: 'Wie viele Sorgeberechtigte haben unterschrieben?', control: guardianCount });
  const minorAssent = checkboxField({ label: 'Die minderjährige Person hat selbst zugestimmt', hint: 'Ab 14 Jahren ist ihre eigene Zustimmung nötig.' });
  const date = h('input', { type: 'date' });
  const language = h('input', { type: 'text', autocomplete: 'off' });
  const interpreter = checkboxField({ label: 'Das Gespräch wurde gedolmetscht' });
  const formReference = h('input', { type: 'text', autocomplete: 'off' });
  // Loaded with this form only: the story page, which shows consents too, stays within its script budget.
  const { FORM_TEMPLATES, isSignable } = await import('@newsroom/domain/consent-templates.ts');
  const formVersion = select(
    FORM_TEMPLATES.filter((t) => !t.retired || t.version === current?.formVersion).map((t) => ({
      id: t.version,
      label: `${t.languageName}, Fassung ${t.version}${isSignable(t) ? '' : ' (Entwurf – nicht zur Unterschrift)'}`,
    })),
  );
  formVersion.value = current?.formVersion ?? CONSENT_FORM_VERSION;
  const validUntil = h('input', { type: 'date' });
  const channels = choiceGroup({ legend: 'Kanäle', type: 'checkbox', options: CHANNELS });
  const naming = select(NAMINGS, 'Bitte wählen');
  const photos = select(PHOTOS, 'Bitte wählen');
  const details = choiceGroup({ legend: 'Details, die gezeigt werden dürfen', type: 'checkbox', options: DETAILS });
  const special = checkboxField({ label: 'Ausdrückliche Einwilligung in besondere Kategorien (Religion, Gesundheit) nach Art. 9 DSGVO' });
  const reason = h('textarea', { rows: 3 });

  const f = {
    date: controlField({ label: 'Datum der Einwilligung', control: date }),
    language: controlField({ label: 'Sprache des Gesprächs', hint: 'Zum Beispiel „Arabisch“ oder „Deutsch“.', control: language }),
    formReference: controlField({
      label: 'Aktenzeichen des unterschriebenen Formulars',
      hint: 'Das Formular bleibt beim Träger; hier steht nur, wo es abgelegt ist.',
      control: formReference,
    }),
    formVersion: controlField({
      label: 'Unterschriebenes Formular (Sprache und Fassung)',
      hint: 'Wie auf dem Formular oben rechts. Eine ungeprüfte Übersetzung gilt nicht als Einwilligung.',
      control: formVersion,
    }),
    validUntil: controlField({ label: 'Gültig bis', control: validUntil }),
    naming: controlField({ label: 'Nennung', hint: 'Die Einwilligung erlaubt diese und jede weniger erkennbare Nennung.', control: naming }),
    photos: controlField({ label: 'Fotos', control: photos }),
    reason: controlField({ label: 'Grund der Korrektur', hint: 'Pflichtfeld: Was war an der bisherigen Fassung falsch?', control: reason }),
  };

  const showGuardians = () => {
    const guardians = givenBy.values()[0] === 'guardians';
    guardianField.el.hidden = !guardians;
    minorAssent.el.hidden = !guardians;
  };
  for (const input of givenBy.inputs) input.addEventListener('change', showGuardians);

  if (current) {
    givenBy.set([current.givenBy]);
    guardianCount.value = current.guardianCount ? String(current.guardianCount) : '';
    minorAssent.input.checked = current.minorAssent ?? false;
    date.value = current.date;
    language.value = current.language;
    interpreter.input.checked = current.interpreter;
    formReference.value = current.formReference;
    validUntil.value = current.validUntil;
    channels.set(current.scope.channels);
    naming.value = current.scope.naming;
    photos.value = current.scope.photos;
    details.set(current.scope.details);
    special.input.checked = current.scope.specialCategories;
  }
  showGuardians();

  const collect = () => {
    const who = givenBy.values()[0];
    return {
      personId,
      givenBy: who || undefined,
      ...(who === 'guardians' ? { guardianCount: guardianCount.value ? Number(guardianCount.value) : undefined, minorAssent: minorAssent.input.checked } : {}),
      date: date.value || undefined,
      language: language.value,
      interpreter: interpreter.input.checked,
      formReference: formReference.value,
      formVersion: formVersion.value,
      validUntil: validUntil.value || undefined,
      scope: {
        channels: channels.values(),
        naming: naming.value || undefined,
        photos: photos.value || undefined,
        details: details.values(),
        specialCategories: special.input.checked,
      },
    } as ConsentInput;
  };
  const initial = JSON.stringify(collect());
  ctx.router.guardLeaving(() => JSON.stringify(collect()) !== initial || reason.value.trim() !== '');

  const fields = new Map<string, Field>([
    ['givenBy', givenBy.field],
    ['guardianCount', guardianField.field],
    ['minorAssent', minorAssent.field],
    ['date', f.date.field],
    ['language', f.language.field],
    ['interpreter', interpreter.field],
    ['formReference', f.formReference.field],
    ['formVersion', f.formVersion.field],
    ['validUntil', f.validUntil.field],
    ['scope.channels', channels.field],
    ['scope.naming', f.naming.field],
    ['scope.photos', f.photos.field],
    ['scope.details', details.field],
    ['scope.specialCategories', special.field],
    ['correctionReason', f.reason.field],
  ]);
  const find = fieldFinder((path) => fields.get(path), 'consent');

  const summarySlot = h('div', {});
  const save = h('button', { type: 'submit' }, 'Einwilligung speichern');
  const scopeId = nextId('scope');
  const form = h(
    'form',
    { class: 'story-form', novalidate: true },
    summarySlot,
    givenBy.el,
    guardianField.el,
    minorAssent.el,
    f.date.el,
    f.language.el,
    interpreter.el,
    f.formReference.el,
    f.formVersion.el,
    f.validUntil.el,
    h(
      'fieldset',
      { class: 'field scope', 'aria-labelledby': scopeId },
      h('legend', { id: scopeId }, 'Umfang der Einwilligung'),
      h('p', { class: 'hint' }, 'So, wie er auf dem unterschriebenen Formular steht.'),
      channels.el,
      f.naming.el,
      f.photos.el,
      details.el,
      special.el,
    ),
    correcting && f.reason.el,
    h('div', { class: 'form-actions' }, save, h('a', { href: href({ name: 'story', id }), class: 'button secondary' }, 'Abbrechen')),
  );

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    save.disabled = true;
    ctx.announce('Wird gespeichert …');
    try {
      await ctx.api.recordConsent(id, story.version, collect(), correcting ? reason.value.trim() : undefined);
      ctx.announce(`Die Einwilligung von Person ${personId} wurde gespeichert.`, { next: true });
      ctx.go({ name: 'story', id }, { replace: true });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      ctx.announce('');
      assignProblems((err as { problems?: { field?: string; message: string }[] }).problems ?? [], find, fields.values());
      const reload =
        (err as { status?: number }).status === 409
          ? [
              h(
                'p',
                {},
                h(
                  'button',
                  { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'consent', id, person: personId }, { replace: true }) },
                  'Aktuelle Fassung laden',
                ),
              ),
            ]
          : [];
      showSummary(
        summarySlot,
        errorSummary(err, (path) => find(path)?.focusTarget, ...reload),
      );
    } finally {
      save.disabled = false;
    }
  });

  ctx.show(
    `${correcting ? 'Einwilligung korrigieren' : 'Einwilligung erfassen'}: Person ${personId}`,
    h('p', { class: 'lead' }, `„${story.title}“ · Person ${personId}: ${person.role}`),
    h(
      'div',
      { class: 'notice' },
      h('p', { class: 'strong' }, `Die Geschichte zeigt von Person ${personId}:`),
      h('p', {}, showsText(story, person)),
      h('p', {}, `Sie soll erscheinen in: ${list(CHANNELS, story.channels)}.`),
      h(
        'p',
        { class: 'hint' },
        'Tragen Sie ein, was auf dem unterschriebenen Formular steht. Deckt es die Geschichte nicht ab, nennt die Seite der Geschichte die Gründe.',
      ),
    ),
    form,
  );
}

/** Records that a person withdrew their consent: the story leaves the site and is closed. */
export async function withdrawalForm(ctx: Context, id: string, personId: string): Promise<void> {
  const loaded = await loadFor(ctx, id, personId, `Widerruf von Person ${personId}`);
  if (!loaded) return;
  const { story, person, current } = loaded;
  if (!current) {
    return ctx.show(
      `Widerruf von Person ${personId}`,
      h('p', {}, `Für Person ${personId} liegt keine Einwilligung vor, die widerrufen werden könnte.`),
      h('p', {}, h('a', { href: href({ name: 'story', id }) }, 'Zurück zur Geschichte')),
    );
  }

  const date = h('input', { type: 'date', value: berlinDay(new Date()) });
  const via = select(WITHDRAWAL_CHANNELS, 'Bitte wählen');
  const note = h('textarea', { rows: 3 });
  // Two consents, each withdrawable on its own (issue 9): publication only, or also processing (erases the data).
  const scope = select(
    [
      { id: 'publication', label: 'nur die Veröffentlichung (die Unterlagen bleiben für den Nachweis)' },
      { id: 'processing', label: 'Veröffentlichung und Verarbeitung (die Daten der Geschichte werden gelöscht)' },
    ],
    'Bitte wählen',
  );
  scope.value = 'publication';
  const f = {
    scope: controlField({
      label: 'Was wird widerrufen?',
      hint: 'Beim Widerruf der Verarbeitung bleibt nur ein Löschvermerk; der Bericht unten wird vorher erstellt.',
      control: scope,
    }),
    date: controlField({ label: 'Datum des Widerrufs', control: date }),
    via: controlField({ label: 'Wie ist der Widerruf eingegangen?', control: via }),
    note: controlField({ label: 'Notiz (freiwillig)', hint: 'Höchstens 500 Zeichen, keine Namen.', control: note }),
  };
  const fields = new Map<string, Field>([
    ['scope', f.scope.field],
    ['date', f.date.field],
    ['receivedVia', f.via.field],
    ['note', f.note.field],
  ]);
  const find = fieldFinder((path) => fields.get(path), 'withdrawal');
  const summarySlot = h('div', {});
  const save = h('button', { type: 'submit', class: 'danger' }, 'Widerruf speichern');
  const form = h(
    'form',
    { class: 'story-form', novalidate: true },
    summarySlot,
    f.scope.el,
    f.date.el,
    f.via.el,
    f.note.el,
    h('div', { class: 'form-actions' }, save, h('a', { href: href({ name: 'story', id }), class: 'button secondary' }, 'Abbrechen')),
  );

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    // Asked only when the form is filled: an incomplete one goes straight to the API's field errors.
    if (date.value && via.value) {
      const answer = await confirmDialog({
        title: 'Widerruf speichern?',
        text:
          scope.value === 'processing'
            ? `Die Geschichte „${story.title}“ verschwindet sofort von der Website und aus dem Feed, ihre Daten werden gelöscht; Pressemitteilungen, die sie zeigen, gehen offline. Das lässt sich nicht rückgängig machen.`
            : `Die Geschichte „${story.title}“ verschwindet sofort von der Website und aus dem Feed und ist danach abgeschlossen; Pressemitteilungen, die sie zeigen, gehen offline. Das lässt sich nicht rückgängig machen.`,
        confirm: 'Ja, Widerruf speichern',
        danger: true,
      });
      if (!answer) return save.focus();
    }
    save.disabled = true;
    try {
      const withdrawal = {
        scope: scope.value || undefined,
        date: date.value || undefined,
        receivedVia: via.value || undefined,
        ...(note.value.trim() ? { note: note.value.trim() } : {}),
      } as WithdrawalInput;
      await ctx.api.withdrawConsent(id, personId, story.version, withdrawal);
      ctx.announce(
        `Der Widerruf von Person ${personId} ist gespeichert. Die Geschichte ist abgeschlossen und nicht mehr öffentlich. Der Bericht auf dieser Seite zeigt, was noch zu tun ist.`,
        { next: true },
      );
      ctx.go({ name: 'story', id }, { replace: true });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      assignProblems((err as { problems?: { field?: string; message: string }[] }).problems ?? [], find, fields.values());
      showSummary(
        summarySlot,
        errorSummary(err, (path) => find(path)?.focusTarget),
      );
    } finally {
      save.disabled = false;
    }
  });

  ctx.show(
    `Widerruf erfassen: Person ${personId}`,
    h('p', { class: 'lead' }, `„${story.title}“ · Person ${personId}: ${person.role}`),
    h(
      'div',
      { class: 'warning' },
      h('p', { class: 'strong' }, 'Mit dem Widerruf wird die Geschichte sofort von der Website und aus dem Feed genommen und abgeschlossen.'),
      h('p', {}, 'Das lässt sich nicht rückgängig machen. Eine neue Einwilligung braucht eine neue Geschichte.'),
    ),
    form,
  );
}
