import { berlinDay, label } from '@newsroom/domain/consent.ts';
import { contentHash, READ_BACK_WAYS, type ReadBack } from '@newsroom/domain/read-back.ts';
import { canRecordReadBack } from '@newsroom/domain/workflow.ts';
import type { ReadBackInput, StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDay, h, nextId, time } from '../dom.ts';
import { errorSummary, showSummary } from './errors.ts';
import { assignProblems, choiceGroup, controlField, type Field, fieldFinder } from './fields.ts';

const persons = (ids: readonly string[]) => ids.map((id) => `Person ${id}`).join(', ');

function readBackFacts(r: ReadBack): HTMLElement {
  const fact = (term: string, value: Node | string) => h('div', {}, h('dt', {}, term), h('dd', {}, value));
  return h(
    'dl',
    { class: 'consent-facts' },
    fact('Am', formatDay(r.date)),
    fact('Wie', label(READ_BACK_WAYS, r.how)),
    fact('Sprache', r.language),
    fact('Bestätigt von', persons(r.personIds)),
    fact('Erfasst', h('span', {}, time(r.recordedAt), `, von ${r.recordedByName}`)),
  );
}

/**
 * „Rückbestätigung des Textes“ on the story page: whether the people in the story
 * confirmed exactly the current text, what is missing, and the form to record it.
 */
export function readBackSection(ctx: Context, story: StoryView, heading = 'Rückbestätigung des Textes'): HTMLElement {
  const headingId = nextId('read-back');
  const covered = story.readBackProblems.length === 0;
  // The same hash as the server's: an earlier read-back of another text is void, not merely incomplete.
  const voided = story.readBack !== undefined && story.readBack.contentHash !== contentHash(story);
  const state = covered ? 'bestätigt' : !story.readBack ? 'fehlt' : voided ? 'gilt nicht mehr' : 'unvollständig';
  const mayRecord = !canRecordReadBack(ctx.me, story) && story.persons.length > 0;
  const form = mayRecord ? readBackForm(ctx, story) : undefined;
  return h(
    'section',
    { class: 'consents read-back', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, heading),
    h('p', {}, 'Stand: ', h('span', { class: `badge ${covered ? 'consent-complete' : 'consent-missing'}` }, state)),
    h(
      'p',
      { class: 'hint' },
      'Bevor der Träger freigibt, haben die Personen in der Geschichte genau diesen endgültigen Text gehört oder gelesen: vorgelesen, übersetzt vorgelesen oder selbst gelesen. ',
      'Bei Minderjährigen gilt das auch für die Sorgeberechtigten. Jede Änderung am Text macht die Rückbestätigung ungültig; dann braucht es eine neue.',
    ),
    !covered &&
      h(
        'div',
        { class: 'consent-problems' },
        h('p', { class: 'strong' }, 'Die Rückbestätigung deckt den aktuellen Text nicht ab:'),
        h(
          'ul',
          {},
          story.readBackProblems.map((p) => h('li', {}, p)),
        ),
      ),
    story.readBack &&
      h(
        'div',
        { class: 'person-consent' },
        h(
          'h3',
          {},
          covered
            ? 'Bestätigt'
            : voided
              ? 'Letzte Rückbestätigung, für eine frühere Fassung des Textes'
              : 'Bisherige Rückbestätigung, nicht von allen Personen',
        ),
        readBackFacts(story.readBack),
      ),
    story.persons.length === 0 && h('p', { class: 'hint' }, 'Personen legen Sie unter „Bearbeiten“ an; danach erfassen Sie hier die Rückbestätigung.'),
    form && (covered ? h('details', {}, h('summary', {}, 'Rückbestätigung erneut erfassen'), form) : form),
  );
}

function readBackForm(ctx: Context, story: StoryView): HTMLElement {
  const date = h('input', { type: 'date', value: berlinDay(new Date()) });
  const language = h('input', { type: 'text', autocomplete: 'off' });
  const how = choiceGroup({ legend: 'Wie haben die Personen den Text kennengelernt?', type: 'radio', columns: false, options: READ_BACK_WAYS });
  const who = choiceGroup({
    legend: 'Wer hat den Text bestätigt?',
    hint: 'Jede Person in der Geschichte muss bestätigen; bei Minderjährigen zusammen mit den Sorgeberechtigten.',
    type: 'checkbox',
    options: story.persons.map((p) => ({ id: p.id, label: `Person ${p.id}: ${p.role}` })),
  });
  const f = {
    date: controlField({ label: 'Datum der Rückbestätigung', control: date }),
    language: controlField({
      label: 'Sprache',
      hint: 'In welcher Sprache der Text vorgelesen, übersetzt oder gelesen wurde, zum Beispiel „Arabisch“.',
      control: language,
    }),
  };
  const fields = new Map<string, Field>([
    ['date', f.date.field],
    ['how', how.field],
    ['language', f.language.field],
    ['personIds', who.field],
  ]);
  const find = fieldFinder((path) => fields.get(path), 'readBack');
  const summarySlot = h('div', {});
  const save = h('button', { type: 'submit' }, 'Rückbestätigung speichern');
  const formHeading = nextId('read-back-form');
  const form = h(
    'form',
    { class: 'story-form read-back-form', novalidate: true, 'aria-labelledby': formHeading },
    h('h3', { id: formHeading }, 'Rückbestätigung erfassen'),
    h('p', { class: 'hint' }, 'Erst erfassen, wenn der Text fertig ist: Bestätigt wird genau die Fassung, die jetzt unter „Vorschau“ steht.'),
    summarySlot,
    f.date.el,
    how.el,
    f.language.el,
    who.el,
    h('div', { class: 'form-actions' }, save),
  );

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    save.disabled = true;
    ctx.announce('Wird gespeichert …');
    const input = {
      date: date.value || undefined,
      how: how.values()[0],
      language: language.value,
      personIds: who.values(),
    } as ReadBackInput;
    try {
      await ctx.api.recordReadBack(story.id, story.version, input);
      if (!ctx.isCurrent()) return;
      ctx.announce('Die Rückbestätigung ist gespeichert.', { next: true });
      ctx.go({ name: 'story', id: story.id }, { replace: true });
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
                  { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'story', id: story.id }, { replace: true }) },
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
  return form;
}
