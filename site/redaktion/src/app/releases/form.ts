import { renderMarkdown } from '@newsroom/domain/markdown.ts';
import type { PressContact, Quote } from '@newsroom/domain/release.ts';
import { releaseEdit } from '@newsroom/domain/release-workflow.ts';
import { dateLabelOf } from '@newsroom/domain/statistics-snapshot.ts';
import { toPublicStory } from '@newsroom/domain/story.ts';
import { canCreate } from '@newsroom/domain/workflow.ts';
import { ApiError, type StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { organisationApi } from '../organisation-api.ts';
import { errorSummary, showSummary } from '../views/errors.ts';
import { assignProblems, choiceGroup, controlField, type Field, fieldFinder, select } from '../views/fields.ts';
import { type ReleaseDraftInput, type ReleaseView, releasesApi } from './api.ts';
import { isCounty, releaseHref, releasePhotosHref, releasesHref } from './common.ts';
import { type Row, repeatable } from './repeat.ts';

const text = (attrs: Record<string, string> = {}) => h('input', { type: 'text', autocomplete: 'off', ...attrs });

function quoteRow(n: number, value: Quote | undefined, remove: () => void): Row<Partial<Quote>> {
  const headingId = nextId('quote');
  const heading = h('h3', { id: headingId }, `Zitat ${n}`);
  const quote = h('textarea', { rows: 3, spellcheck: 'true' });
  const name = text({ autocomplete: 'name' });
  const fn = text();
  const org = text({ autocomplete: 'organization' });
  quote.value = value?.text ?? '';
  name.value = value?.name ?? '';
  fn.value = value?.function ?? '';
  org.value = value?.organisation ?? '';
  const f = {
    text: controlField({ label: 'Zitat', hint: 'Ohne Anführungszeichen; die setzt die Website.', control: quote }),
    name: controlField({ label: 'Name der zitierten Person', control: name }),
    function: controlField({ label: 'Funktion', hint: 'Zum Beispiel „Landrat“ oder „Integrationsmanagerin“.', control: fn }),
    organisation: controlField({ label: 'Organisation', control: org }),
  };
  const removeButton = h('button', { type: 'button', class: 'secondary' }, `Zitat ${n} entfernen`);
  removeButton.addEventListener('click', remove);
  return {
    el: h(
      'section',
      { class: 'person repeat-row', 'aria-labelledby': headingId },
      heading,
      f.text.el,
      h('div', { class: 'person-grid' }, f.name.el, f.function.el, f.organisation.el),
      h('p', {}, removeButton),
    ),
    value: () => ({ text: quote.value, name: name.value, function: fn.value, organisation: org.value }),
    fields: new Map<string, Field>([
      ['text', f.text.field],
      ['name', f.name.field],
      ['function', f.function.field],
      ['organisation', f.organisation.field],
    ]),
    renumber(k) {
      heading.textContent = `Zitat ${k}`;
      removeButton.textContent = `Zitat ${k} entfernen`;
    },
  };
}

function contactRow(n: number, value: PressContact | undefined, remove: () => void): Row<Partial<PressContact>> {
  const headingId = nextId('contact');
  const heading = h('h3', { id: headingId }, `Ansprechperson ${n}`);
  const name = text({ autocomplete: 'name' });
  const fn = text();
  const phone = h('input', { type: 'tel', autocomplete: 'tel' });
  const email = h('input', { type: 'email', autocomplete: 'email' });
  name.value = value?.name ?? '';
  fn.value = value?.function ?? '';
  phone.value = value?.phone ?? '';
  email.value = value?.email ?? '';
  const f = {
    name: controlField({ label: 'Name', control: name }),
    function: controlField({ label: 'Funktion', control: fn }),
    phone: controlField({ label: 'Telefon', hint: 'Zum Beispiel +49 7141 144-0', control: phone }),
    email: controlField({ label: 'E-Mail', control: email }),
  };
  const removeButton = h('button', { type: 'button', class: 'secondary' }, `Ansprechperson ${n} entfernen`);
  removeButton.addEventListener('click', remove);
  return {
    el: h(
      'section',
      { class: 'person repeat-row', 'aria-labelledby': headingId },
      heading,
      h('div', { class: 'person-grid' }, f.name.el, f.function.el, f.phone.el, f.email.el),
      h('p', {}, removeButton),
    ),
    value: () => ({ name: name.value, function: fn.value, phone: phone.value, email: email.value }),
    fields: new Map<string, Field>([
      ['name', f.name.field],
      ['function', f.function.field],
      ['phone', f.phone.field],
      ['email', f.email.field],
    ]),
    renumber(k) {
      heading.textContent = `Ansprechperson ${k}`;
      removeButton.textContent = `Ansprechperson ${k} entfernen`;
    },
  };
}

/** A group with nothing to choose: says why, and keeps the API's problems about it visible. */
function noChoices(legend: string, empty: string) {
  const error = h('p', { class: 'field-error', hidden: true });
  const note = h('p', { class: 'empty', tabindex: '-1' }, empty);
  const el = h('fieldset', { class: 'field' }, h('legend', {}, legend), error, note);
  const field: Field = {
    focusTarget: note,
    setError(messages) {
      error.replaceChildren(...(messages.length ? [h('span', { class: 'visually-hidden' }, 'Fehler: '), messages.join(' ')] : []));
      error.hidden = messages.length === 0;
    },
  };
  return { el, field, inputs: [] as HTMLInputElement[], values: () => [] as string[], set: (_values: readonly string[] | undefined) => undefined };
}

/** Loads what the pickers offer; a failing statistics list only turns the select into a text field. */
async function choices(ctx: Context) {
  const rapi = releasesApi(ctx.api);
  const [stories, snapshots] = await Promise.all([
    rapi.publishedStories(isCounty(ctx)).then((r) => r.items),
    rapi
      .snapshots()
      .then((r) => r.items.filter((s) => s.status === 'published'))
      .catch((err) => {
        if (err instanceof ApiError) return undefined;
        throw err;
      }),
  ]);
  return { stories, snapshots };
}

/** The new-release form (`id` absent) or the edit form of one release, including the correction after publication. */
export async function releaseForm(ctx: Context, id?: string): Promise<void> {
  const rapi = releasesApi(ctx.api);
  let release: ReleaseView | undefined;
  if (id) {
    release = await rapi.get(id);
    const edit = releaseEdit(ctx.me, release);
    if (!edit.ok) {
      return ctx.show('Pressemitteilung bearbeiten', h('p', {}, edit.message), h('p', {}, h('a', { href: releaseHref(id) }, 'Zurück zur Pressemitteilung')));
    }
  } else if (canCreate(ctx.me)) {
    return ctx.show(
      'Neue Pressemitteilung',
      h('p', {}, 'Sie dürfen keine Pressemitteilungen anlegen.'),
      h('p', {}, h('a', { href: releasesHref() }, 'Zur Übersicht')),
    );
  }
  // A new release starts with the press office's contacts from the organisation settings, not empty.
  const [{ stories, snapshots }, pressContacts] = await Promise.all([
    choices(ctx),
    release
      ? Promise.resolve([])
      : organisationApi(ctx.api)
          .read()
          .then((s) => s.pressContacts),
  ]);
  if (!ctx.isCurrent()) return;
  const correcting = release?.status === 'published';
  const reapproval = release && ['approved', 'scheduled'].includes(release.status);

  // Content
  const place = text({ list: nextId('places') });
  const places = h(
    'datalist',
    { id: place.getAttribute('list')! },
    ctx.meta.municipalities.map((m) => h('option', { value: m })),
  );
  const headline = text({ spellcheck: 'true', 'aria-required': 'true' });
  const subline = text({ spellcheck: 'true' });
  const lead = h('textarea', { rows: 4, spellcheck: 'true' });
  const body = h('textarea', { rows: 16, spellcheck: 'true', class: 'body-input' });
  const preview = h('div', { class: 'prose preview-body' });
  const previewBox = h('details', { class: 'preview' }, h('summary', {}, 'Vorschau des Textes'), preview);
  let previewTimer: number | undefined;
  // The public site's renderer: Markdown with raw HTML off, so the preview runs no author script.
  const updatePreview = () => {
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
      h('li', {}, h('code', {}, '- Punkt'), ' am Zeilenanfang für eine Aufzählung.'),
      h('li', {}, h('code', {}, '[Linktext](https://www.landkreis-ludwigsburg.de)'), ' für einen Link.'),
      h('li', {}, 'Zitate mit Namen und Funktion gehören in den Abschnitt „Zitate“, nicht in den Text.'),
      h('li', {}, 'HTML wird nicht übernommen, sondern als Text angezeigt.'),
    ),
  );

  const f = {
    place: controlField({
      label: 'Ort der Ortsmarke',
      hint: 'Steht vor dem Vorspann, zum Beispiel „Ludwigsburg“. Das Datum setzt die Veröffentlichung.',
      control: place,
      after: [places],
    }),
    headline: controlField({ label: 'Überschrift', hint: '10 bis 140 Zeichen.', control: headline }),
    subline: controlField({ label: 'Unterzeile (freiwillig)', hint: 'Höchstens 200 Zeichen.', control: subline }),
    lead: controlField({ label: 'Vorspann', hint: 'Das Wichtigste in zwei, drei Sätzen: wer, was, wann, wo; 40 bis 600 Zeichen.', control: lead }),
    body: controlField({
      label: 'Text',
      hint: 'Mindestens 100 Zeichen. Formatierung mit Markdown, Hilfe unter dem Feld.',
      control: body,
      after: [markdownHelp, previewBox],
    }),
  };

  const quotes = repeatable<Partial<Quote>>({
    legend: 'Zitate',
    hint: 'Freiwillig, höchstens sechs; jedes mit Namen, Funktion und Organisation.',
    addLabel: 'Zitat hinzufügen',
    max: 6,
    make: (n, v, remove) => quoteRow(n, v as Quote | undefined, remove),
    removed: (n) => `Zitat ${n} entfernt.`,
    announce: ctx.announce,
  });
  const contacts = repeatable<Partial<PressContact>>({
    legend: 'Ansprechpersonen für die Presse',
    hint: 'Mindestens eine, höchstens vier.',
    addLabel: 'Ansprechperson hinzufügen',
    max: 4,
    make: (n, v, remove) => contactRow(n, v as PressContact | undefined, remove),
    removed: (n) => `Ansprechperson ${n} entfernt.`,
    announce: ctx.announce,
  });

  const topics = choiceGroup({ legend: 'Themen', hint: 'Ein bis vier Themen.', type: 'checkbox', options: ctx.meta.topics });
  const partners = choiceGroup({
    legend: 'Beteiligte Träger',
    hint: 'Wer an der Pressemitteilung beteiligt ist.',
    type: 'checkbox',
    options: ctx.meta.partners.map((p) => ({ id: p.id, label: p.short })),
  });

  // Featured stories: published ones whose consents cover press releases; others are shown but cannot be chosen.
  const now = new Date();
  const coversPress = (s: StoryView) => toPublicStory(s, now, 'press') !== undefined;
  const featuredIds = release?.featuredStoryIds ?? [];
  const gone = featuredIds.filter((sid) => !stories.some((s) => s.id === sid));
  const featuredOptions = [
    ...stories.map((s) => ({
      id: s.id,
      label: `${s.title} (${ctx.labels.partnerShort(s.partner)}${s.municipality ? `, ${s.municipality}` : ''})${coversPress(s) ? '' : ' – Einwilligung deckt Pressemitteilungen nicht ab'}`,
    })),
    ...gone.map((sid) => ({ id: sid, label: `Geschichte ${sid} – nicht mehr veröffentlicht` })),
  ];
  const featuredHint = isCounty(ctx)
    ? 'Veröffentlichte Geschichten aller Träger, deren Einwilligungen den Kanal „Pressemitteilung / Feed“ abdecken. Höchstens sechs.'
    : 'Veröffentlichte Geschichten Ihres Trägers, deren Einwilligungen den Kanal „Pressemitteilung / Feed“ abdecken. Höchstens sechs.';
  const featured = featuredOptions.length
    ? choiceGroup({ legend: 'Geschichten in dieser Pressemitteilung', hint: featuredHint, type: 'checkbox', columns: false, options: featuredOptions })
    : noChoices('Geschichten in dieser Pressemitteilung', 'Es gibt noch keine veröffentlichte Geschichte, die vorkommen könnte.');
  for (const input of featured.inputs) {
    const story = stories.find((s) => s.id === input.value);
    if (story && !coversPress(story) && !featuredIds.includes(story.id)) input.disabled = true;
  }

  // The statistics snapshot: a select over the published reporting dates, or a text field when the list cannot be loaded.
  const snapshotControl = snapshots
    ? select(
        [
          ...snapshots.map((s) => ({ id: s.date, label: `Stichtag ${dateLabelOf(s)}` })),
          ...(release?.statisticsSnapshotId && !snapshots.some((s) => s.date === release!.statisticsSnapshotId)
            ? [{ id: release.statisticsSnapshotId, label: `${release.statisticsSnapshotId} (nicht veröffentlicht)` }]
            : []),
        ],
        'Keine Statistik',
      )
    : text();
  const snapshotField = controlField({
    label: 'Statistik (freiwillig)',
    hint: snapshots
      ? 'Veröffentlichte Stichtage der Statistik; die Pressemitteilung verlinkt die Zahlen.'
      : 'Der Stichtag als JJJJ-MM-TT; die Liste der Stichtage ist gerade nicht erreichbar.',
    control: snapshotControl,
  });

  // Photos are uploaded and described on their own screen (photos/release.ts), for a saved release; the form keeps them as they are.
  const photosNote = h(
    'p',
    { tabindex: '-1' },
    release
      ? [
          `${release.photos.length === 1 ? 'Ein Foto' : `${release.photos.length || 'Keine'} Fotos`}. Fotos laden Sie unter „Fotos“ hoch und beschreiben sie dort: `,
          h('a', { href: releasePhotosHref(release.id) }, 'Fotos dieser Pressemitteilung'),
        ]
      : 'Fotos laden Sie nach dem ersten Speichern unter „Fotos“ hoch und beschreiben sie dort.',
  );
  const photosError = h('p', { class: 'field-error', hidden: true });
  const photosField: Field = {
    focusTarget: photosNote,
    setError(messages) {
      photosError.replaceChildren(...(messages.length ? [h('span', { class: 'visually-hidden' }, 'Fehler: '), messages.join(' ')] : []));
      photosError.hidden = messages.length === 0;
    },
  };

  const correctionNote = h('textarea', { rows: 3 });
  const correction = controlField({
    label: 'Korrekturnotiz (Pflichtfeld)',
    hint: 'Was wurde korrigiert und warum? Die Notiz erscheint mit Datum auf der öffentlichen Seite; 10 bis 500 Zeichen.',
    control: correctionNote,
  });

  const fill = (r: Partial<ReleaseView>) => {
    place.value = r.datelinePlace ?? 'Ludwigsburg';
    headline.value = r.headline ?? '';
    subline.value = r.subline ?? '';
    lead.value = r.lead ?? '';
    body.value = r.body ?? '';
    quotes.set(r.quotes ?? []);
    contacts.set(r.contacts?.length ? r.contacts : [{} as PressContact]);
    topics.set(r.topics);
    partners.set(r.partners ?? [ctx.me.partner]);
    featured.set(r.featuredStoryIds);
    snapshotControl.value = r.statisticsSnapshotId ?? '';
    if (previewBox.open) updatePreview();
  };

  /** Empty optional fields are left out: a draft may be incomplete, and what is sent must be well-formed. */
  const collect = (): ReleaseDraftInput => {
    const trimmed = (o: Record<string, string | undefined>) => Object.values(o).some((v) => typeof v === 'string' && v.trim() !== '');
    const input: Record<string, unknown> = {
      datelinePlace: place.value,
      headline: headline.value,
      quotes: quotes.values().filter((q) => trimmed(q as Record<string, string>)),
      contacts: contacts.values().filter((c) => trimmed(c as Record<string, string>)),
      topics: topics.values(),
      partners: partners.values(),
      featuredStoryIds: featured.values(),
      photos: release?.photos ?? [],
    };
    if (subline.value.trim()) input.subline = subline.value;
    if (snapshotControl.value.trim()) input.statisticsSnapshotId = snapshotControl.value.trim();
    // Empty fields are left out of a new draft, so the API's "at least" rules speak only at proposal. The API keeps
    // a field an update leaves out, so a field the release had goes back even when emptied, and the API says why not.
    if (lead.value.trim() || release?.lead !== undefined) input.lead = lead.value;
    if (body.value.trim() || release?.body !== undefined) input.body = body.value;
    for (const key of ['contacts', 'topics', 'partners'] as const) if ((input[key] as unknown[]).length === 0 && !release?.[key]?.length) delete input[key];
    return input as ReleaseDraftInput;
  };

  fill(release ?? { contacts: pressContacts });
  let saved = JSON.stringify(collect());
  ctx.router.guardLeaving(() => JSON.stringify(collect()) !== saved || correctionNote.value.trim() !== '');

  const fixed = new Map<string, Field>([
    ['datelinePlace', f.place.field],
    ['headline', f.headline.field],
    ['subline', f.subline.field],
    ['lead', f.lead.field],
    ['body', f.body.field],
    ['quotes', quotes.field],
    ['contacts', contacts.field],
    ['topics', topics.field],
    ['partners', partners.field],
    ['featuredStoryIds', featured.field],
    ['statisticsSnapshotId', snapshotField.field],
    ['photos', photosField],
    ['correctionNote', correction.field],
  ]);
  const groups = { quotes, contacts };
  const find = fieldFinder((path) => {
    const m = /^(quotes|contacts)\.(.+)$/.exec(path);
    if (m) return groups[m[1] as keyof typeof groups].find(m[2]!);
    return fixed.get(path) ?? (path.startsWith('photos.') ? photosField : undefined);
  }, 'release');
  const allFields = () => [...fixed.values(), ...quotes.allFields(), ...contacts.allFields()];

  const summarySlot = h('div', {});
  const save = h('button', { type: 'submit' }, correcting ? 'Korrektur veröffentlichen' : 'Speichern');
  const section = (title: string, ...content: (Node | false | undefined)[]) => {
    const sid = nextId('release-section');
    return h('section', { class: 'form-section', 'aria-labelledby': sid }, h('h2', { id: sid }, title), ...content.filter((c): c is Node => Boolean(c)));
  };
  const form = h(
    'form',
    { class: 'story-form release-form', novalidate: true },
    summarySlot,
    section('Inhalt', f.place.el, f.headline.el, f.subline.el, f.lead.el, f.body.el),
    section('Zitate und Kontakt', quotes.el, contacts.el),
    section('Einordnung', topics.el, partners.el, featured.el, snapshotField.el),
    section('Fotos', photosError, photosNote),
    correcting &&
      h(
        'div',
        { class: 'warning' },
        h(
          'p',
          { class: 'strong' },
          'Diese Pressemitteilung ist veröffentlicht. Eine Änderung ist eine Korrektur: Sie erscheint sofort, mit Ihrer Notiz und dem Datum.',
        ),
        correction.el,
      ),
    reapproval &&
      h(
        'div',
        { class: 'notice' },
        h(
          'p',
          {},
          'Die Pressemitteilung ist schon freigegeben. Nach dem Speichern ist sie wieder „vorgeschlagen“ und braucht eine neue Freigabe durch eine andere Person der Pressestelle.',
        ),
      ),
    h('div', { class: 'form-actions' }, save, h('a', { href: id ? releaseHref(id) : releasesHref(), class: 'button secondary' }, 'Abbrechen')),
  );

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    save.disabled = true;
    ctx.announce('Wird gespeichert …');
    const input = collect();
    try {
      const result = release
        ? await rapi.update(release.id, release.version, input, correcting ? correctionNote.value.trim() || undefined : undefined)
        : await rapi.create(input);
      if (!ctx.isCurrent()) return;
      saved = JSON.stringify(input);
      ctx.announce(correcting ? 'Die Korrektur ist gespeichert und erscheint mit Ihrer Notiz auf der Website.' : 'Die Pressemitteilung wurde gespeichert.', {
        next: true,
      });
      ctx.go({ name: 'releases', path: `/${result.id}` }, { replace: true });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      ctx.announce('');
      const problems = (err as { problems?: { field?: string; message: string }[] }).problems ?? [];
      // The API reports a missing correction note as a plain problem; it belongs to the note's field.
      const placed =
        correcting && err instanceof ApiError && err.status === 422 ? problems.map((p) => (p.field ? p : { ...p, field: 'correctionNote' })) : problems;
      assignProblems(placed, find, allFields());
      const reload =
        err instanceof ApiError && err.status === 409 && release
          ? [
              h('p', {}, 'Beim Laden der aktuellen Fassung gehen Ihre Eingaben verloren; kopieren Sie sie vorher, wenn Sie sie brauchen.'),
              h(
                'p',
                {},
                h(
                  'button',
                  { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'releases', path: `/${release!.id}/bearbeiten` }, { replace: true }) },
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
    release ? (correcting ? 'Pressemitteilung korrigieren' : 'Pressemitteilung bearbeiten') : 'Neue Pressemitteilung',
    release && h('p', { class: 'lead' }, `„${release.headline}“`),
    !release &&
      h(
        'p',
        { class: 'hint' },
        isCounty(ctx)
          ? 'Entwürfe können unvollständig gespeichert werden. Vor der Freigabe prüft das System, ob alles Nötige da ist.'
          : 'Entwürfe können unvollständig gespeichert werden. Wenn alles steht, schlagen Sie die Pressemitteilung der Pressestelle vor; die Pressestelle gibt sie frei und veröffentlicht sie.',
      ),
    form,
  );
}
