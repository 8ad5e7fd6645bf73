import { type Person, personLabel } from '@newsroom/domain/consent.ts';
import { type PhotoOwner, StoryPhoto } from '@newsroom/domain/photos.ts';
import { StoryDraftInput as DraftSchema, type Story, textInWork } from '@newsroom/domain/story.ts';
import { canEdit } from '@newsroom/domain/workflow.ts';
import { ApiError, type StoryDetail, type StoryDraftInput } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDateTime, h, nextId } from '../dom.ts';
import { href } from '../router.ts';
import { errorSummary, showSummary } from '../views/errors.ts';
import { assignProblems, checkboxField, controlField, type Field } from '../views/fields.ts';
import { type PhotoRecord, photosApi, previewFile, thumbnailFile } from './api.ts';
import { consentBadge, type PhotoConsent, photoConsent } from './consent-status.ts';
import { focalPointField } from './focal-point.ts';

/** What the file picker offers; the server checks the bytes, whatever the name or the type says. */
const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.avif,.heic,.heif';
const LICENCE_SUGGESTION = 'Frei für die Berichterstattung über das Integrationsmanagement, mit Quellenangabe.';

type Shown = 'absent' | 'not-recognisable' | 'recognisable';
const SHOWN: { id: Shown; label: string }[] = [
  { id: 'absent', label: 'nicht auf dem Foto' },
  { id: 'not-recognisable', label: 'zu sehen, nicht erkennbar' },
  { id: 'recognisable', label: 'zu sehen und erkennbar' },
];

/** A person the photos of an item may show, by the key its tags use. */
export interface ShownPerson {
  key: string;
  /** The person's name in messages, e.g. „Person A“. */
  label: string;
  /** The heading of the person's choice, e.g. „Person A (Mutter)“. */
  legend: string;
}

/** A photo as described in an item: the story's or the release's photo schema. */
type Described = Pick<StoryPhoto, 'id' | 'alt' | 'credit' | 'licence' | 'focal' | 'lead' | 'noPerson'> & { persons: readonly unknown[] };

/**
 * What the photo screen needs of the item the photos belong to (a story, a press release):
 * its persons, its photos, how to save them, the consent rule for one photo, the words.
 */
export interface PhotoItem<P extends Described> {
  owner: PhotoOwner;
  title: string;
  back: { href: string; label: string };
  /** Why the photos can be seen but not changed here, if so. */
  readOnly: string | undefined;
  notice: string | undefined;
  persons(): ShownPerson[];
  photos(): P[];
  /** Saves the whole list; afterwards photos() and persons() read the saved item. */
  save(next: P[]): Promise<void>;
  consent(photo: P | undefined): PhotoConsent;
  parse(input: unknown): { success: true; data: P } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  /** The key of the person a tag names, and a tag from a key. */
  keyOf(tag: P['persons'][number]): string;
  tag(key: string, recognisable: boolean): P['persons'][number];
  recognisable(tag: P['persons'][number]): boolean;
  words: {
    /** „dieser Geschichte“ */
    of: string;
    /** „aus der Geschichte“ */
    from: string;
    /** „in der Geschichte“ */
    in: string;
    /** Who counts as a person here, for the hint under „Wer ist auf dem Foto zu sehen?“. */
    personsHint: string;
    noPersonHint: string;
    leadHint: string;
  };
}

/** The whole draft as saved: every input field of the text in work, with `photos` replaced. */
function draftWith(story: Story, photos: StoryPhoto[]): StoryDraftInput {
  const work = textInWork(story) as Record<string, unknown>;
  const draft = Object.fromEntries(Object.keys(DraftSchema.shape).flatMap((k) => (work[k] === undefined ? [] : [[k, work[k]]])));
  return { ...(draft as StoryDraftInput), photos };
}

/** „Fotos“ of a story: who of its persons each photo shows, checked against their consents on the story's channels. */
export async function storyPhotosScreen(ctx: Context, id: string): Promise<void> {
  const story = await ctx.api.getStory(id);
  if (!ctx.isCurrent()) return;
  let current: StoryDetail = story;
  const work = () => textInWork(current);
  await photosScreen<StoryPhoto>(ctx, {
    owner: { kind: 'story', id },
    title: work().title,
    back: { href: href({ name: 'story', id }), label: 'Zurück zur Geschichte' },
    readOnly: canEdit(ctx.me, story),
    // The read-back covers the photos (their description, crop and who is on them): a change voids it.
    notice: work().readBack
      ? 'Die Personen haben die Geschichte bereits bestätigt. Jede Änderung an den gespeicherten Fotos (Beschreibung, Bildmittelpunkt, Aufmacherbild, ein weiteres Foto) hebt diese Rückbestätigung auf.'
      : undefined,
    persons: () => (work().persons ?? []).map((p: Person) => ({ key: p.id, label: personLabel(p), legend: `${personLabel(p)} (${p.role})` })),
    photos: () => (work().photos ?? []) as StoryPhoto[],
    async save(next) {
      const saved = await ctx.api.updateStory(current.id, current.version, draftWith(current, next));
      current = { ...current, ...saved } as StoryDetail;
    },
    consent: (photo) => photoConsent(work(), photo),
    parse: (input) => StoryPhoto.safeParse(input) as ReturnType<PhotoItem<StoryPhoto>['parse']>,
    keyOf: (t) => t.personId,
    tag: (key, recognisable) => ({ personId: key, recognisable }),
    recognisable: (t) => t.recognisable,
    words: {
      of: 'dieser Geschichte',
      from: 'aus der Geschichte',
      in: 'in der Geschichte',
      personsHint: 'Geben Sie für jede Person der Geschichte an, ob sie auf dem Foto ist und ob man sie erkennen kann.',
      noPersonHint: 'Auf dem Foto ist niemand aus der Geschichte zu sehen, und auch sonst ist niemand zu erkennen.',
      leadHint: 'Das Aufmacherbild steht über der Geschichte, auf ihrer Karte und in der Vorschau beim Teilen.',
    },
  });
}

/**
 * „Fotos“ of an item: upload (drag and drop or the file picker, several at once, each with
 * its progress), the thumbnails, and the description every photo needs before it is saved
 * with the item: alt text, credit, licence, who of the persons it shows and whether they
 * are recognisable (or „keine Person erkennbar“), the focal point, the lead picture. Each
 * photo shows whether the consents cover it.
 */
export async function photosScreen<P extends Described>(ctx: Context, item: PhotoItem<P>): Promise<void> {
  const photos = photosApi(ctx.api, ctx.config.apiUrl);
  const records = await photos.list(item.owner);
  if (!ctx.isCurrent()) return;
  const described = () => item.photos();
  const readOnly = item.readOnly;
  const known = new Map<string, PhotoRecord>(records.filter((r) => r.state === 'ready').map((r) => [r.id, r]));
  const thumbs = new Map<string, Promise<string | undefined>>();
  const thumb = (record: PhotoRecord | undefined, file = record && thumbnailFile(record)) => {
    if (!record || !file) return Promise.resolve(undefined);
    const key = `${record.id}/${file}`;
    if (!thumbs.has(key))
      thumbs.set(
        key,
        photos.fileUrl(record.id, file).catch(() => undefined),
      );
    return thumbs.get(key)!;
  };

  const summarySlot = h('div', {});
  const gridId = nextId('grid');
  const grid = h('ul', { class: 'photo-grid', 'aria-labelledby': gridId });
  const editorSlot = h('div', {});
  const progressList = h('ul', { class: 'upload-list' });

  async function save(next: P[], done: string): Promise<boolean> {
    try {
      await item.save(next);
      if (!ctx.isCurrent()) return false;
      ctx.announce(done);
      drawGrid();
      return true;
    } catch (err) {
      if (!ctx.isCurrent()) return false;
      showSummary(summarySlot, errorSummary(err));
      return false;
    }
  }

  function drawGrid() {
    const list = described();
    const undescribed = [...known.values()].filter((r) => !list.some((p) => p.id === r.id));
    const lead = list.find((p) => p.lead) ?? list[0];
    const cards = [...list.map((p) => card(known.get(p.id), p, p === lead)), ...undescribed.map((r) => card(r, undefined, false))];
    grid.replaceChildren(...(cards.length ? cards : [h('li', { class: 'empty' }, 'Noch keine Fotos.')]));
  }

  function card(record: PhotoRecord | undefined, photo: P | undefined, isLead: boolean): HTMLElement {
    const photoId = photo?.id ?? record!.id;
    const img = h('img', {
      alt: photo ? photo.alt : `Foto ohne Beschreibung${record ? `, hochgeladen am ${formatDateTime(record.createdAt)}` : ''}`,
      class: 'photo-thumb',
      width: '240',
      height: '160',
    });
    void thumb(record).then((src) => {
      if (src) img.src = src;
    });
    const status = item.consent(photo);
    const label = photo ? 'Beschreibung bearbeiten' : 'Foto beschreiben';
    return h(
      'li',
      { class: 'photo-card' },
      img,
      h(
        'div',
        { class: 'photo-card-body' },
        isLead && h('p', { class: 'badge lead-badge' }, 'Aufmacherbild'),
        consentBadge(status),
        photo && h('p', { class: 'photo-credit' }, `Foto: ${photo.credit}`),
        !readOnly &&
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'aria-label': `${label}: ${photo ? photo.alt : 'Foto ohne Beschreibung'}`,
              'data-photo': photoId,
              onclick: () => void openEditor(photoId),
            },
            label,
          ),
      ),
    );
  }

  async function openEditor(photoId: string) {
    const record = known.get(photoId);
    const existing = described().find((p) => p.id === photoId);
    const preview = record && (await thumb(record, previewFile(record)));
    if (!ctx.isCurrent()) return;
    editorSlot.replaceChildren(describeForm(photoId, existing, preview ?? ''));
    editorSlot.querySelector<HTMLElement>('h2')?.focus();
  }

  function describeForm(photoId: string, existing: P | undefined, src: string): HTMLElement {
    const headingId = nextId('describe');
    const formSummary = h('div', {});
    const persons = item.persons();
    const alt = h('textarea', { rows: 3, maxlength: 300 });
    alt.value = existing?.alt ?? '';
    const credit = h('input', { type: 'text', autocomplete: 'off', maxlength: 120 });
    credit.value = existing?.credit ?? '';
    const licence = h('input', { type: 'text', autocomplete: 'off', maxlength: 300 });
    licence.value = existing?.licence ?? LICENCE_SUGGESTION;
    const f = {
      alt: controlField({
        label: 'Alternativtext (Pflichtfeld)',
        hint: 'Beschreiben Sie in ein bis zwei Sätzen, was zu sehen ist, z. B. „Zwei Hände halten einen Wohnungsschlüssel vor einer Haustür.“ Nicht mit „Bild von“ oder „Foto von“ beginnen; keine Namen.',
        control: alt,
      }),
      credit: controlField({
        label: 'Bildnachweis (Pflichtfeld)',
        hint: 'Wer hat fotografiert? Z. B. „Caritas Ludwigsburg“ oder den Namen der Fotografin.',
        control: credit,
      }),
      licence: controlField({ label: 'Lizenz oder Nutzungshinweis (Pflichtfeld)', hint: 'Wofür die Presse das Foto verwenden darf.', control: licence }),
    };
    const noPerson = checkboxField({
      label: 'Keine Person erkennbar',
      hint: item.words.noPersonHint,
    });
    noPerson.input.checked = existing?.noPerson === true;
    const personGroups = persons.map((person) => personChoice(person, existing));
    const personsBox = h(
      'div',
      { class: 'photo-persons' },
      personGroups.map((g) => g.el),
    );
    const syncPersons = () => {
      personsBox.hidden = noPerson.input.checked;
    };
    noPerson.input.addEventListener('change', syncPersons);
    syncPersons();
    const shownId = nextId('shown');
    const shownError = h('p', { id: `${shownId}-error`, class: 'field-error', hidden: true });
    const shownSet = h(
      'fieldset',
      { class: 'field', 'aria-describedby': `${shownId}-hint` },
      h('legend', {}, 'Wer ist auf dem Foto zu sehen? (Pflichtangabe)'),
      h(
        'p',
        { id: `${shownId}-hint`, class: 'hint' },
        `${item.words.personsHint} Erkennbar ist eine Person auch von der Seite, an der Kleidung oder am Ort. Im Zweifel: erkennbar.`,
      ),
      shownError,
      noPerson.el,
      personsBox,
    );
    const shownField: Field = {
      focusTarget: noPerson.input,
      setError(messages) {
        shownError.replaceChildren(...(messages.length ? [h('span', { class: 'visually-hidden' }, 'Fehler: '), messages.join(' ')] : []));
        shownError.hidden = messages.length === 0;
        shownSet.classList.toggle('has-error', messages.length > 0);
      },
    };
    const focal = focalPointField(src, existing?.focal ?? record(photoId)?.focal ?? { x: 0.5, y: 0.5 }, () => undefined);
    const lead = checkboxField({
      label: 'Als Aufmacherbild verwenden',
      hint: item.words.leadHint,
    });
    lead.input.checked = existing ? (described().find((p) => p.lead) ?? described()[0])?.id === photoId : described().length === 0;

    const collect = () => ({
      id: photoId,
      alt: alt.value.trim(),
      credit: credit.value.trim(),
      licence: licence.value.trim(),
      focal: focal.value(),
      ...(noPerson.input.checked
        ? { persons: [], noPerson: true }
        : {
            persons: personGroups.flatMap((g) => {
              const v = g.value();
              return v === 'absent' || v === undefined ? [] : [item.tag(g.person.key, v === 'recognisable')];
            }),
          }),
    });

    const fields: Record<string, Field> = { alt: f.alt.field, credit: f.credit.field, licence: f.licence.field, persons: shownField };
    const submit = h('button', { type: 'submit' }, 'Beschreibung speichern');
    const form = h(
      'form',
      { class: 'photo-form', 'aria-labelledby': headingId, novalidate: true },
      formSummary,
      focal.el,
      f.alt.el,
      f.credit.el,
      f.licence.el,
      shownSet,
      lead.el,
      h(
        'div',
        { class: 'button-row' },
        submit,
        h('button', { type: 'button', class: 'secondary', onclick: () => closeEditor(photoId) }, 'Abbrechen'),
        existing &&
          h(
            'button',
            {
              type: 'button',
              class: 'danger',
              onclick: async () => {
                if (
                  await save(
                    described().filter((p) => p.id !== photoId),
                    `Das Foto wurde ${item.words.from} entfernt.`,
                  )
                )
                  closeEditor();
              },
            },
            `${item.words.from[0]!.toUpperCase()}${item.words.from.slice(1)} entfernen`,
          ),
      ),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const input = collect();
      const problems: { field: string; message: string }[] = [];
      const unanswered = personGroups.filter((g) => g.value() === undefined);
      if (!noPerson.input.checked && (unanswered.length > 0 || input.persons.length === 0)) {
        problems.push({
          field: 'persons',
          message: unanswered.length
            ? `Bitte für ${unanswered.map((g) => g.person.label).join(', ')} angeben, ob die Person zu sehen ist, oder „Keine Person erkennbar“ wählen.`
            : `Niemand ${item.words.from} ist zu sehen: Bitte „Keine Person erkennbar“ wählen.`,
        });
      }
      const parsed = item.parse(input);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0] ?? '');
          const field = key === 'noPerson' ? 'persons' : key;
          if (!problems.some((p) => p.field === field)) problems.push({ field, message: issue.message });
        }
      }
      assignProblems(problems, (path) => fields[path], Object.values(fields));
      if (problems.length || !parsed.success) {
        showSummary(
          formSummary,
          errorSummary(
            new ApiError(400, 'Bitte prüfen Sie Ihre Eingaben', 'Die Beschreibung des Fotos ist noch nicht vollständig.', problems),
            (field) => fields[field]?.focusTarget,
          ),
        );
        return;
      }
      formSummary.replaceChildren();
      submit.disabled = true;
      const others = described().filter((p) => p.id !== photoId);
      const photo: P = { ...parsed.data, ...(lead.input.checked ? { lead: true } : {}) };
      const next = [...others.map((p) => (lead.input.checked ? { ...p, lead: undefined } : p)), photo].map((p) =>
        Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)),
      ) as P[];
      const ok = await save(next, 'Die Beschreibung des Fotos ist gespeichert.');
      submit.disabled = false;
      if (ok) closeEditor(photoId);
    });
    return h(
      'section',
      { class: 'photo-describe', 'aria-labelledby': headingId },
      h('h2', { id: headingId, tabindex: '-1' }, existing ? 'Beschreibung des Fotos bearbeiten' : 'Foto beschreiben'),
      h('p', { class: 'hint' }, `Ein Foto wird erst mit vollständiger Beschreibung ${item.words.in} gespeichert. Vorher erscheint es nirgends.`),
      form,
    );
  }

  const record = (photoId: string) => known.get(photoId);

  function closeEditor(photoId?: string) {
    editorSlot.replaceChildren();
    // Back to the photo's own button (the grid was redrawn), or the first one when it is gone.
    (grid.querySelector<HTMLButtonElement>(`button[data-photo="${photoId}"]`) ?? grid.querySelector<HTMLButtonElement>('button'))?.focus();
  }

  function personChoice(person: ShownPerson, existing: P | undefined) {
    const name = nextId('shown');
    const tagged = (existing?.persons as P['persons'] | undefined)?.find((t) => item.keyOf(t) === person.key);
    const initial: Shown | undefined = existing ? (tagged ? (item.recognisable(tagged) ? 'recognisable' : 'not-recognisable') : 'absent') : undefined;
    const inputs = SHOWN.map((o) => {
      const input = h('input', { type: 'radio', name, value: o.id, id: `${name}-${o.id}` });
      input.checked = o.id === initial;
      return { input, el: h('div', { class: 'checkbox' }, input, h('label', { for: input.id }, o.label)) };
    });
    const el = h(
      'fieldset',
      { class: 'person-shown' },
      h('legend', {}, person.legend),
      h(
        'div',
        { class: 'checkboxes' },
        inputs.map((i) => i.el),
      ),
    );
    return { person, el, value: () => inputs.find((i) => i.input.checked)?.input.value as Shown | undefined };
  }

  async function uploadFiles(files: File[]) {
    if (files.length === 0) return;
    summarySlot.replaceChildren();
    ctx.announce(files.length === 1 ? 'Ein Foto wird hochgeladen …' : `${files.length} Fotos werden hochgeladen …`);
    let ready = 0;
    await Promise.all(
      files.map(async (file) => {
        const bar = h('progress', { max: '100', value: '0' });
        const state = h('span', { class: 'upload-state' }, 'wird gesendet');
        const labelId = nextId('upload');
        bar.setAttribute('aria-labelledby', labelId);
        const row = h('li', {}, h('span', { id: labelId, class: 'upload-name' }, file.name), bar, state);
        progressList.append(row);
        try {
          const photo = await photos.upload(item.owner, file, (fraction) => {
            bar.value = Math.round(fraction * 100);
            if (fraction >= 1) state.textContent = 'wird verarbeitet (Metadaten werden entfernt)';
          });
          if (!ctx.isCurrent()) return;
          bar.value = 100;
          state.textContent = 'fertig: bitte beschreiben';
          row.classList.add('done');
          known.set(photo.id, photo);
          ready++;
        } catch (err) {
          if (!ctx.isCurrent()) return;
          row.classList.add('failed');
          state.textContent = `abgelehnt: ${err instanceof ApiError ? err.message : 'Das Hochladen ist fehlgeschlagen.'}`;
        }
      }),
    );
    if (!ctx.isCurrent()) return;
    drawGrid();
    const failed = files.length - ready;
    ctx.announce(
      [
        ready === 1
          ? 'Ein Foto ist hochgeladen und wartet auf seine Beschreibung.'
          : ready > 1
            ? `${ready} Fotos sind hochgeladen und warten auf ihre Beschreibung.`
            : '',
        failed === 1 ? 'Ein Foto wurde abgelehnt.' : failed > 1 ? `${failed} Fotos wurden abgelehnt.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
  }

  const uploadId = nextId('upload-section');
  const picker = h('input', { type: 'file', multiple: true, accept: ACCEPT, id: nextId('picker'), class: 'file-input' });
  picker.addEventListener('change', () => {
    const files = [...(picker.files ?? [])];
    picker.value = '';
    void uploadFiles(files);
  });
  const dropZone = h(
    'div',
    { class: 'drop-zone' },
    h('p', { class: 'drop-text' }, 'Fotos hierher ziehen oder'),
    h('label', { for: picker.id, class: 'button' }, 'Fotos auswählen'),
    picker,
    h(
      'p',
      { class: 'hint' },
      'JPEG, PNG, WebP, AVIF oder HEIC, höchstens 25 MB je Datei. Standort, Aufnahmezeit und Kameradaten werden beim Hochladen entfernt.',
    ),
  );
  for (const type of ['dragenter', 'dragover']) {
    dropZone.addEventListener(type, (e) => {
      e.preventDefault();
      dropZone.classList.add('dragging');
    });
  }
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', (e) => {
    e.preventDefault();
    dropZone.classList.remove('dragging');
    void uploadFiles([...(e.dataTransfer?.files ?? [])]);
  });

  drawGrid();
  ctx.show(
    `Fotos: ${item.title}`,
    h('p', {}, h('a', { href: item.back.href }, item.back.label)),
    readOnly ? h('p', { class: 'notice' }, `Sie können die Fotos ansehen, aber nicht ändern: ${readOnly}`) : undefined,
    !readOnly && item.notice && h('p', { class: 'notice' }, item.notice),
    summarySlot,
    !readOnly &&
      h(
        'section',
        { class: 'photo-upload', 'aria-labelledby': uploadId },
        h('h2', { id: uploadId }, 'Fotos hochladen'),
        dropZone,
        h('div', { 'aria-live': 'polite' }, progressList),
      ),
    h('section', { 'aria-labelledby': gridId }, h('h2', { id: gridId }, `Fotos ${item.words.of}`), grid),
    editorSlot,
  );
}
