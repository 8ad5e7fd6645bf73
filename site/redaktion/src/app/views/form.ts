import { AGE_GROUPS, CHANNELS, DETAILS, NAMINGS, type Person, PHOTOS } from '@newsroom/domain/consent.ts';
import { renderMarkdown } from '@newsroom/domain/markdown.ts';
import { StoryDraftInput as DraftSchema, type Story, textInWork } from '@newsroom/domain/story.ts';
import { canCreate, canEdit } from '@newsroom/domain/workflow.ts';
import type { StoryDraftInput, StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { href } from '../router.ts';
import { draftSaver } from './autosave.ts';
import { errorSummary, showSummary } from './errors.ts';
import { assignProblems, checkboxField, choiceGroup, controlField, type Field, fieldFinder, select } from './fields.ts';

/** The fields this form edits; any other input field of a story is carried over unchanged. */
const FORM_FIELDS = new Set(['title', 'teaser', 'municipality', 'topics', 'body', 'showMunicipality', 'channels', 'persons']);
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const NEW_STORY_CHANNELS = ['website', 'press'];

/**
 * Saving replaces a story's content as a whole, so input fields this form does not show
 * (added to the schema later, edited elsewhere) go back as they were loaded.
 */
function carriedOver(loaded: Story | undefined): Partial<StoryDraftInput> {
  if (!loaded) return {};
  const story = textInWork(loaded);
  return Object.fromEntries(
    Object.keys(DraftSchema.shape)
      .filter((k) => !FORM_FIELDS.has(k) && (story as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, (story as Record<string, unknown>)[k]]),
  );
}

interface PersonRow {
  id: string;
  el: HTMLElement;
  value(): Person;
  /** `role`, `ageGroup`, `shows.naming`, … → field. */
  fields: Map<string, Field>;
}

/** One person of the story, by letter and role only: the system never stores a client's name. */
function personRow(person: Person, remove: (row: PersonRow) => void): PersonRow {
  const headingId = nextId('person');
  const role = h('input', { type: 'text', autocomplete: 'off', value: person.role });
  const ageGroup = select(AGE_GROUPS);
  ageGroup.value = person.ageGroup;
  const naming = select(NAMINGS);
  naming.value = person.shows.naming;
  const publicName = h('input', { type: 'text', autocomplete: 'off', value: person.publicName ?? '' });
  const photos = select(PHOTOS);
  photos.value = person.shows.photos;
  const details = choiceGroup({
    legend: `Was die Geschichte über Person ${person.id} erzählt`,
    hint: 'Jedes angekreuzte Detail muss die Einwilligung abdecken. Religion und Gesundheit brauchen eine ausdrückliche Einwilligung.',
    type: 'checkbox',
    options: DETAILS.map((d) => ({ id: d.id, label: d.special ? `${d.label} (besondere Kategorie)` : d.label })),
  });
  details.set(person.shows.details);
  const f = {
    role: controlField({ label: 'Rolle in der Geschichte', hint: 'Zum Beispiel „Mutter“ oder „Auszubildender“ – keine Namen.', control: role }),
    ageGroup: controlField({ label: 'Alter', control: ageGroup }),
    naming: controlField({ label: 'Wie wird die Person genannt?', control: naming }),
    publicName: controlField({
      label: 'Name auf der Website (freiwillig)',
      hint: 'Ein erfundener Name, z. B. „Amal“: Die Website schreibt „Amal, Name geändert“. Den echten Vornamen nur, wenn die Einwilligung die Nennung mit Vornamen erlaubt – dann bei „Wie wird die Person genannt?“ „nur mit Vornamen“ wählen. Leer lassen: Die Website nennt die Person nicht, auch nicht „Person A“.',
      control: publicName,
    }),
    photos: controlField({ label: 'Fotos', control: photos }),
  };
  const removeButton = h('button', { type: 'button', class: 'secondary' }, `Person ${person.id} entfernen`);
  const row: PersonRow = {
    id: person.id,
    el: h(
      'section',
      { class: 'person', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, `Person ${person.id}`),
      h('div', { class: 'person-grid' }, f.role.el, f.ageGroup.el, f.naming.el, f.photos.el),
      f.publicName.el,
      details.el,
      h('p', {}, removeButton),
    ),
    value: () => ({
      id: person.id,
      role: role.value,
      ageGroup: ageGroup.value as Person['ageGroup'],
      ...(publicName.value.trim() ? { publicName: publicName.value.trim() } : {}),
      shows: {
        naming: naming.value as Person['shows']['naming'],
        photos: photos.value as Person['shows']['photos'],
        details: details.values() as Person['shows']['details'],
      },
    }),
    fields: new Map<string, Field>([
      ['role', f.role.field],
      ['ageGroup', f.ageGroup.field],
      ['shows.naming', f.naming.field],
      ['publicName', f.publicName.field],
      ['shows.photos', f.photos.field],
      ['shows.details', details.field],
      ['shows', details.field],
      ['id', f.role.field],
    ]),
  };
  removeButton.addEventListener('click', () => remove(row));
  return row;
}

/** The new-story form (`id` absent) or the edit form of one story. */
export async function storyForm(ctx: Context, id?: string): Promise<void> {
  const { meta, api, me } = ctx;
  let story: StoryView | undefined;
  if (id) {
    story = await api.getStory(id);
    const refusal = canEdit(me, story);
    if (refusal) {
      return ctx.show('Geschichte bearbeiten', h('p', {}, refusal), h('p', {}, h('a', { href: href({ name: 'story', id }) }, 'Zurück zur Geschichte')));
    }
  } else {
    const refusal = canCreate(me);
    if (refusal) return ctx.show('Neue Geschichte', h('p', {}, refusal), h('p', {}, h('a', { href: href({ name: 'overview' }) }, 'Zur Übersicht')));
  }
  let version = story?.version;
  let carried = carriedOver(story);
  // A story that has been public is changed through a revision; the form edits that text.
  const revising = story?.status === 'published' || story?.status === 'unpublished';
  const text = story && textInWork(story);

  // Content
  const title = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'true', 'aria-required': 'true' });
  const teaser = h('textarea', { rows: 3, spellcheck: 'true' });
  const municipality = select(
    meta.municipalities.map((m) => ({ id: m, label: m })),
    'Bitte wählen',
  );
  const body = h('textarea', { rows: 16, spellcheck: 'true', class: 'body-input' });

  // Teaser counter: always visible; read out with the field, and announced politely after a pause in typing.
  const counterId = nextId('teaser-count');
  const counter = h('p', { id: counterId, class: 'counter' });
  const counterLive = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  let counterTimer: number | undefined;
  const updateCounter = (announce: boolean) => {
    const used = teaser.value.trim().length;
    const left = meta.teaserMax - used;
    const text = left >= 0 ? `${used} von ${meta.teaserMax} Zeichen, noch ${left} frei` : `${used} von ${meta.teaserMax} Zeichen – ${-left} zu viel`;
    counter.textContent = text;
    counter.classList.toggle('over', left < 0);
    window.clearTimeout(counterTimer);
    if (announce)
      counterTimer = window.setTimeout(() => {
        counterLive.textContent = text;
      }, 1000);
  };
  teaser.addEventListener('input', () => updateCounter(true));

  const topics = choiceGroup({ legend: 'Themen', hint: 'Ein bis vier Themen, unter denen die Geschichte erscheint.', type: 'checkbox', options: meta.topics });

  const preview = h('div', { class: 'prose preview-body' });
  const previewBox = h('details', { class: 'preview' }, h('summary', {}, 'Vorschau des Textes'), preview);
  let previewTimer: number | undefined;
  const updatePreview = () => {
    // The same renderer as the public site: Markdown with raw HTML off.
    preview.innerHTML = body.value.trim() ? renderMarkdown(body.value) : '<p>Noch kein Text.</p>';
  };
  previewBox.addEventListener('toggle', () => {
    if (previewBox.open) updatePreview();
  });
  body.addEventListener('input', () => {
    window.clearTimeout(previewTimer);
    if (previewBox.open) previewTimer = window.setTimeout(updatePreview, 300);
  });

  const markdownHelp = h(
    'details',
    { class: 'help' },
    h('summary', {}, 'Hilfe zur Formatierung (Markdown)'),
    h(
      'ul',
      {},
      h('li', {}, 'Eine Leerzeile beginnt einen neuen Absatz.'),
      h('li', {}, h('code', {}, '## Zwischenüberschrift'), ' am Zeilenanfang für eine Zwischenüberschrift.'),
      h('li', {}, h('code', {}, '**fett**'), ' und ', h('code', {}, '*kursiv*'), ' zum Hervorheben.'),
      h('li', {}, h('code', {}, '- Punkt'), ' am Zeilenanfang für eine Aufzählung, ', h('code', {}, '1. Punkt'), ' für eine nummerierte Liste.'),
      h('li', {}, h('code', {}, '[Linktext](https://www.landkreis-ludwigsburg.de)'), ' für einen Link.'),
      h('li', {}, h('code', {}, '> Zitat'), ' am Zeilenanfang für ein Zitat.'),
      h('li', {}, 'HTML wird nicht übernommen, sondern als Text angezeigt.'),
    ),
  );

  const f = {
    title: controlField({ label: 'Titel', hint: 'Kurz und konkret, 5 bis 120 Zeichen.', control: title }),
    teaser: controlField({
      label: 'Anreißer',
      hint: `Zwei, drei Sätze für Übersichten und den Feed, 20 bis ${meta.teaserMax} Zeichen.`,
      control: teaser,
      describedBy: [counterId],
      after: [counter, counterLive],
    }),
    municipality: controlField({ label: 'Stadt oder Gemeinde', hint: 'Wo die Geschichte spielt.', control: municipality }),
    body: controlField({
      label: 'Text',
      hint: 'Mindestens 50 Zeichen. Formatierung mit Markdown, Hilfe unter dem Feld.',
      control: body,
      after: [markdownHelp, previewBox],
    }),
  };

  // Where it appears and whom it is about: what the consents must cover.
  const channels = choiceGroup({
    legend: 'Wo soll die Geschichte erscheinen?',
    hint: 'Die Einwilligungen aller Personen müssen jeden gewählten Kanal abdecken.',
    type: 'checkbox',
    options: CHANNELS,
  });
  const showMunicipality = checkboxField({
    label: 'Den Ort auf der Website nennen',
    hint: 'Dann ist der Wohnort ein Detail, das jede Einwilligung abdecken muss.',
  });

  const personsId = nextId('persons');
  const personsError = h('p', { id: `${personsId}-error`, class: 'field-error', hidden: true });
  const personList = h('div', { class: 'persons' });
  const addPerson = h('button', { type: 'button', class: 'secondary' }, 'Person hinzufügen');
  let rows: PersonRow[] = [];
  const removeRow = (row: PersonRow) => {
    const index = rows.indexOf(row);
    rows = rows.filter((r) => r !== row);
    row.el.remove();
    ctx.announce(`Person ${row.id} entfernt.`);
    (rows[index]?.el.querySelector('input') ?? addPerson).focus();
  };
  const setPersons = (persons: readonly Person[]) => {
    rows = persons.map((p) => personRow(p, removeRow));
    personList.replaceChildren(...rows.map((r) => r.el));
  };
  addPerson.addEventListener('click', () => {
    const letter = LETTERS.find((l) => !rows.some((r) => r.id === l));
    if (!letter) return;
    const row = personRow({ id: letter, role: '', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }, removeRow);
    rows.push(row);
    personList.append(row.el);
    row.el.querySelector('input')?.focus();
  });
  const personsField: Field = {
    focusTarget: addPerson,
    setError(messages) {
      personsError.replaceChildren(...(messages.length ? [h('span', { class: 'visually-hidden' }, 'Fehler: '), messages.join(' ')] : []));
      personsError.hidden = messages.length === 0;
    },
  };
  const personsSection = h(
    'section',
    { class: 'form-section', 'aria-labelledby': personsId },
    h('h2', { id: personsId }, 'Personen in der Geschichte'),
    h(
      'p',
      { class: 'hint' },
      'Jede Person, über die erzählt wird, braucht eine eigene Einwilligung. Personen werden nur mit einem Buchstaben und ihrer Rolle geführt; auf der Website erscheinen sie ohne Namen oder mit dem Namen auf der Website, den Sie bei der Person eintragen. Die Einwilligungen erfassen Sie nach dem Speichern auf der Seite der Geschichte.',
    ),
    personsError,
    personList,
    h('p', {}, addPerson),
  );

  const fill = (s: Partial<StoryView>) => {
    title.value = s.title ?? '';
    teaser.value = s.teaser ?? '';
    municipality.value = s.municipality ?? '';
    topics.set(s.topics);
    body.value = s.body ?? '';
    channels.set(s.channels ?? NEW_STORY_CHANNELS);
    showMunicipality.input.checked = s.showMunicipality ?? true;
    setPersons(s.persons ?? []);
    updateCounter(false);
    if (previewBox.open) updatePreview();
  };

  /** Empty fields are left out: a draft may be incomplete, and what is sent must be well-formed. */
  const collect = (): StoryDraftInput => {
    const input: StoryDraftInput = {
      ...carried,
      title: title.value,
      showMunicipality: showMunicipality.input.checked,
      channels: channels.values() as StoryDraftInput['channels'],
      persons: rows.map((r) => r.value()),
    };
    if (teaser.value.trim()) input.teaser = teaser.value;
    if (municipality.value) input.municipality = municipality.value as StoryDraftInput['municipality'];
    const chosen = topics.values();
    if (chosen.length) input.topics = chosen as StoryDraftInput['topics'];
    if (body.value.trim()) input.body = body.value;
    return input;
  };

  fill(text ?? {});
  let saved = JSON.stringify(collect());
  ctx.router.guardLeaving(() => JSON.stringify(collect()) !== saved);

  const fixed = new Map<string, Field>([
    ['title', f.title.field],
    ['teaser', f.teaser.field],
    ['municipality', f.municipality.field],
    ['topics', topics.field],
    ['body', f.body.field],
    ['channels', channels.field],
    ['showMunicipality', showMunicipality.field],
    ['persons', personsField],
  ]);
  const find = fieldFinder((path) => {
    const m = /^persons\.(\d+)(?:\.(.+))?$/.exec(path);
    if (m) return m[2] ? rows[Number(m[1])]?.fields.get(m[2]) : rows[Number(m[1])]?.fields.get('role');
    return fixed.get(path);
  }, 'story');
  const allFields = () => [...fixed.values(), ...rows.flatMap((r) => [...r.fields.values()])];

  const summarySlot = h('div', {});
  const save = h('button', { type: 'submit' }, 'Speichern');
  const cancelHref = id ? href({ name: 'story', id }) : href({ name: 'overview' });
  const contentId = nextId('content');
  const publishingId = nextId('publishing');
  const form = h(
    'form',
    { class: 'story-form', novalidate: true },
    summarySlot,
    h(
      'section',
      { class: 'form-section', 'aria-labelledby': contentId },
      h('h2', { id: contentId }, 'Inhalt'),
      f.title.el,
      f.teaser.el,
      f.municipality.el,
      topics.el,
      f.body.el,
    ),
    h(
      'section',
      { class: 'form-section', 'aria-labelledby': publishingId },
      h('h2', { id: publishingId }, 'Veröffentlichung'),
      channels.el,
      showMunicipality.el,
    ),
    personsSection,
    h('div', { class: 'form-actions' }, save, h('a', { href: cancelHref, class: 'button secondary' }, 'Abbrechen')),
  );

  // Drafts save themselves; every version conflict (automatic or from „Speichern“) is shown side by side.
  const saver =
    id && story
      ? draftSaver(ctx, {
          // A revision saves itself once it exists: nothing public changes until it is published.
          storyId: id,
          form,
          autosave: text!.status === 'draft' || text!.status === 'returned',
          collect,
          fill,
          firstField: title,
          isDirty: () => JSON.stringify(collect()) !== saved,
          version: () => version!,
          baseline: () => JSON.parse(saved) as StoryDraftInput,
          saved(result, input) {
            version = result.version;
            carried = carriedOver(result);
            saved = JSON.stringify(input ?? collect());
            assignProblems([], find, allFields());
            summarySlot.replaceChildren();
          },
        })
      : undefined;
  if (saver) {
    summarySlot.after(saver.conflictSlot);
    form.querySelector('.form-actions')!.append(saver.statusLine);
  }

  const showProblems = (err: unknown) => {
    const problems = (err as { problems?: { field?: string; message: string }[] }).problems ?? [];
    assignProblems(problems, find, allFields());
    showSummary(
      summarySlot,
      errorSummary(err, (path) => find(path)?.focusTarget),
    );
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled || saver?.pendingConflict()) return;
    save.disabled = true;
    ctx.announce('Wird gespeichert …');
    const input = collect();
    try {
      await saver?.settle();
      if (saver?.pendingConflict()) return ctx.announce('');
      const result = id && version !== undefined ? await api.updateStory(id, version, input) : await api.createStory(input);
      saved = JSON.stringify(input);
      ctx.announce(
        revising
          ? 'Die Überarbeitung wurde gespeichert. Auf der Website bleibt die veröffentlichte Fassung, bis die Überarbeitung freigegeben und veröffentlicht ist.'
          : 'Die Geschichte wurde gespeichert.',
        { next: true },
      );
      ctx.go({ name: 'story', id: result.id }, { replace: true });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      ctx.announce('');
      if (saver && (err as { status?: number }).status === 409) return void (await saver.conflict((err as { current?: Story }).current, input));
      showProblems(err);
    } finally {
      save.disabled = false;
    }
  });

  ctx.show(
    revising ? 'Überarbeitung der Geschichte' : id ? 'Geschichte bearbeiten' : 'Neue Geschichte',
    story &&
      h(
        'p',
        { class: 'lead' },
        `„${story.title}“ · ${ctx.labels.status(story.status)}${story.revision ? ` · Überarbeitung: ${ctx.labels.status(story.revision.status)}` : ''}`,
      ),
    revising
      ? h(
          'p',
          { class: 'notice' },
          'Sie bearbeiten eine Überarbeitung. Die veröffentlichte Fassung bleibt unverändert, bis die Personen den geänderten Text zurückbestätigt haben, Träger und Pressestelle ihn freigegeben haben und er veröffentlicht ist.',
        )
      : h('p', { class: 'hint' }, 'Ein Entwurf darf unvollständig sein; nur der Titel ist nötig. Vollständig muss die Geschichte erst beim Einreichen sein.'),
    form,
  );
}
