import type { ContactImportPreview, ContactList, ContactView, DistributionLists } from '@newsroom/domain/api/distribution.ts';
import { LISTS, type ListId } from '@newsroom/domain/distribution.ts';
import { readCsvRecords } from '@newsroom/domain/distribution-csv-read.ts';
import { TOPICS, type TopicId, topicLabel } from '@newsroom/domain/topics.ts';
import { ApiError } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDateTime, h, nextId } from '../dom.ts';
import { confirmDialog } from './confirm-dialog.ts';
import { errorSummary, showSummary } from './errors.ts';
import '../../styles/editorial.css';

/**
 * The press office's distribution (Presseverteiler): every contact with its state, the
 * lists and how many each reaches, adding and editing a contact, and importing a CSV
 * file after a preview of what it would do.
 */
export async function distributionPage(ctx: Context): Promise<void> {
  let contacts = (await ctx.api.request<ContactList>('GET', '/contacts')).items;
  let lists = (await ctx.api.request<DistributionLists>('GET', '/contact-lists')).items;
  if (!ctx.isCurrent()) return;

  const reload = async () => {
    contacts = (await ctx.api.request<ContactList>('GET', '/contacts')).items;
    lists = (await ctx.api.request<DistributionLists>('GET', '/contact-lists')).items;
    renderLists();
    renderContacts();
  };

  const listsBody = h('tbody', {});
  const renderLists = () =>
    listsBody.replaceChildren(
      ...lists.map((l) => h('tr', {}, h('th', { scope: 'row' }, l.label), h('td', {}, `${l.recipients} ${l.recipients === 1 ? 'Kontakt' : 'Kontakte'}`))),
    );

  const filterId = nextId('list-filter');
  const filter = h(
    'select',
    { id: filterId },
    h('option', { value: '' }, 'Alle Einträge (auch wartende und abgemeldete)'),
    ...LISTS.map((l) => h('option', { value: l.id }, `Verteiler „${l.label}“`)),
  );
  const countLine = h('p', { class: 'count', 'aria-live': 'polite' });
  const contactsBody = h('tbody', {});
  const formSlot = h('div', {});

  const onList = (c: ContactView, list: ListId) => c.mailable && (list === 'alle' || c.topics.includes(list as TopicId));
  const renderContacts = () => {
    const list = filter.value as ListId | '';
    const shown = list ? contacts.filter((c) => onList(c, list)) : contacts;
    countLine.textContent = `${shown.length} ${shown.length === 1 ? 'Kontakt' : 'Kontakte'} angezeigt.`;
    contactsBody.replaceChildren(...shown.map(contactRow));
  };
  filter.addEventListener('change', renderContacts);

  const contactRow = (c: ContactView) =>
    h(
      'tr',
      { 'data-contact': c.email },
      h('th', { scope: 'row' }, c.name),
      h('td', {}, c.email),
      h('td', {}, c.medium),
      h('td', {}, c.topics.length ? c.topics.map(topicLabel).join(', ') : '–'),
      h(
        'td',
        {},
        h('strong', {}, c.suppressed ? `Gesperrt: ${c.suppressed.label}` : c.statusLabel),
        h('br', {}),
        c.sourceLabel,
        c.consent &&
          h(
            'span',
            { class: 'hint' },
            h('br', {}),
            `Einwilligung (Fassung ${c.consent.version}) erteilt am ${formatDateTime(c.consent.signedUpAt)}`,
            c.consent.confirmedAt ? `, bestätigt am ${formatDateTime(c.consent.confirmedAt)}` : ', noch nicht bestätigt',
          ),
      ),
      h(
        'td',
        { class: 'actions-cell' },
        h(
          'div',
          { class: 'button-row' },
          h('button', { type: 'button', class: 'secondary', onclick: () => showForm(c) }, 'Bearbeiten', h('span', { class: 'visually-hidden' }, `: ${c.name}`)),
          h('button', { type: 'button', class: 'secondary', onclick: () => void remove(c) }, 'Löschen', h('span', { class: 'visually-hidden' }, `: ${c.name}`)),
        ),
      ),
    );

  async function remove(c: ContactView) {
    const ok = await confirmDialog({
      title: `${c.name} löschen?`,
      text: 'Der Kontakt und seine Einwilligung werden gelöscht. Eine Abmeldung oder Sperre der Adresse bleibt bestehen, damit sie nicht wieder angeschrieben wird.',
      confirm: 'Kontakt löschen',
      danger: true,
    });
    if (!ok) return;
    try {
      await ctx.api.request('DELETE', `/contacts/${encodeURIComponent(c.id)}?version=${c.version}`);
      ctx.announce(`${c.name} wurde gelöscht.`);
      await reload();
    } catch (err) {
      showSummary(formSlot, errorSummary(err));
    }
  }

  /** The form to add a contact, or to change one (the address stays: consent and suppression belong to it). */
  function showForm(existing?: ContactView) {
    const ids = { name: nextId('name'), email: nextId('email'), medium: nextId('medium') };
    const summary = h('div', {});
    const name = h('input', { id: ids.name, name: 'name', autocomplete: 'off', value: existing?.name ?? '', 'aria-required': 'true' });
    const email = h('input', {
      id: ids.email,
      name: 'email',
      type: 'email',
      autocomplete: 'off',
      value: existing?.email ?? '',
      'aria-required': 'true',
      readonly: Boolean(existing),
    });
    const medium = h('input', { id: ids.medium, name: 'medium', autocomplete: 'off', value: existing?.medium ?? '', 'aria-required': 'true' });
    const boxes = TOPICS.map((t) => h('input', { type: 'checkbox', name: 'thema', value: t.id, checked: existing?.topics.includes(t.id) ?? false }));
    const fields: Record<string, HTMLElement> = { name, email, medium };
    const headingId = nextId('contact-form');
    const form = h(
      'form',
      {
        novalidate: true,
        'aria-labelledby': headingId,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const topics = boxes.filter((b) => b.checked).map((b) => b.value);
          try {
            const saved = existing
              ? await ctx.api.request<ContactView>('PUT', `/contacts/${encodeURIComponent(existing.id)}`, {
                  version: existing.version,
                  name: name.value,
                  medium: medium.value,
                  topics,
                })
              : await ctx.api.request<ContactView>('POST', '/contacts', { name: name.value, email: email.value, medium: medium.value, topics });
            formSlot.replaceChildren();
            ctx.announce(existing ? `${saved.name} wurde geändert.` : `${saved.name} steht jetzt im Presseverteiler.`);
            await reload();
            addButton.focus();
          } catch (err) {
            showSummary(
              summary,
              errorSummary(err, (field) => fields[field]),
            );
          }
        },
      },
      h('h2', { id: headingId }, existing ? `${existing.name} bearbeiten` : 'Kontakt hinzufügen'),
      summary,
      h('div', { class: 'field' }, h('label', { for: ids.name }, 'Name'), name),
      h(
        'div',
        { class: 'field' },
        h('label', { for: ids.email }, 'E-Mail-Adresse'),
        existing &&
          h('p', { class: 'hint', id: `${ids.email}-hint` }, 'Die Adresse lässt sich nicht ändern: Für eine neue Adresse legen Sie einen neuen Kontakt an.'),
        email,
      ),
      h('div', { class: 'field' }, h('label', { for: ids.medium }, 'Medium'), medium),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Themen (leer: nur der Verteiler „Alle Kontakte“)'),
        ...boxes.map((b, i) => h('label', { class: 'choice' }, b, ` ${TOPICS[i]!.label}`)),
      ),
      h(
        'div',
        { class: 'button-row' },
        h('button', { type: 'submit' }, existing ? 'Änderungen speichern' : 'Kontakt speichern'),
        h('button', { type: 'button', class: 'secondary', onclick: () => formSlot.replaceChildren() }, 'Abbrechen'),
      ),
    );
    if (existing) email.setAttribute('aria-describedby', `${ids.email}-hint`);
    formSlot.replaceChildren(form);
    name.focus();
  }

  const addButton = h('button', { type: 'button', onclick: () => showForm() }, 'Kontakt hinzufügen');

  const listsId = nextId('lists');
  const contactsId = nextId('contacts');
  renderLists();
  renderContacts();
  ctx.show(
    'Presseverteiler',
    h(
      'p',
      { class: 'lead' },
      'Journalistinnen und Journalisten, die Pressemitteilungen per E-Mail erhalten. Wer sich auf der Presseseite anmeldet, steht erst nach der Bestätigung per E-Mail im Verteiler; wer sich abmeldet, hart abgewiesen wird oder sich beschwert, wird nie wieder angeschrieben.',
    ),
    h(
      'section',
      { 'aria-labelledby': listsId },
      h('h2', { id: listsId }, 'Verteiler'),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'users-table' },
          h('caption', { class: 'visually-hidden' }, 'Verteiler mit der Zahl der Kontakte, die sie jetzt erreichen'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Verteiler'), h('th', { scope: 'col' }, 'Erreicht jetzt'))),
          listsBody,
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': contactsId },
      h('h2', { id: contactsId }, 'Kontakte'),
      h('div', { class: 'field' }, h('label', { for: filterId }, 'Anzeigen'), filter),
      countLine,
      h('p', {}, addButton),
      formSlot,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'users-table' },
          h('caption', { class: 'visually-hidden' }, 'Kontakte des Presseverteilers, nach Namen'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Name'),
              h('th', { scope: 'col' }, 'E-Mail'),
              h('th', { scope: 'col' }, 'Medium'),
              h('th', { scope: 'col' }, 'Themen'),
              h('th', { scope: 'col' }, 'Stand'),
              h('th', { scope: 'col' }, 'Ändern'),
            ),
          ),
          contactsBody,
        ),
      ),
    ),
    importSection(ctx, reload),
  );
}

/** Excel saves „CSV (Trennzeichen-getrennt)“ in Windows-1252, „CSV UTF-8“ in UTF-8: whichever decodes cleanly. */
async function fileText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function importSection(ctx: Context, reload: () => Promise<void>): HTMLElement {
  const headingId = nextId('import');
  const fileId = nextId('csv');
  const summary = h('div', {});
  const previewSlot = h('div', {});
  const file = h('input', { id: fileId, type: 'file', accept: '.csv,text/csv', 'aria-describedby': `${fileId}-hint` });
  let records: string[][] = [];

  const showPreview = (preview: ContactImportPreview) => {
    const { counts } = preview;
    const takeOver = counts.new + counts.updated;
    const resultId = nextId('preview');
    previewSlot.replaceChildren(
      h(
        'section',
        { 'aria-labelledby': resultId },
        h('h3', { id: resultId, tabindex: '-1' }, preview.applied ? 'Import übernommen' : 'Vorschau des Imports'),
        h('p', {}, `${counts.new} neu, ${counts.updated} zu aktualisieren, ${counts.unchanged} unverändert, ${counts.refused} abgelehnt.`),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'users-table' },
            h('caption', { class: 'visually-hidden' }, 'Jede Zeile der Datei und was mit ihr geschieht'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'Zeile'),
                h('th', { scope: 'col' }, 'Name'),
                h('th', { scope: 'col' }, 'E-Mail'),
                h('th', { scope: 'col' }, 'Ergebnis'),
                h('th', { scope: 'col' }, 'Grund'),
              ),
            ),
            h(
              'tbody',
              {},
              ...preview.rows.map((r) =>
                h(
                  'tr',
                  { 'data-outcome': r.outcome },
                  h('td', {}, String(r.line)),
                  h('th', { scope: 'row' }, r.name || '–'),
                  h('td', {}, r.email || '–'),
                  h('td', {}, r.outcomeLabel),
                  h('td', {}, r.reasons.join(' ')),
                ),
              ),
            ),
          ),
        ),
        !preview.applied &&
          takeOver > 0 &&
          h(
            'button',
            {
              type: 'button',
              onclick: async () => {
                try {
                  const applied = await ctx.api.request<ContactImportPreview>('POST', '/contacts/import', { records });
                  showPreview(applied);
                  ctx.announce(`${applied.counts.new} Kontakte neu aufgenommen, ${applied.counts.updated} aktualisiert.`);
                  await reload();
                } catch (err) {
                  showSummary(summary, errorSummary(err));
                }
              },
            },
            `${takeOver} ${takeOver === 1 ? 'Kontakt' : 'Kontakte'} übernehmen`,
          ),
      ),
    );
    previewSlot.querySelector<HTMLElement>('h3')?.focus();
  };

  return h(
    'section',
    { 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Aus CSV-Datei importieren'),
    summary,
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const chosen = file.files?.[0];
          if (!chosen) return showSummary(summary, errorSummary(new ApiError(400, 'Keine Datei', 'Bitte wählen Sie eine CSV-Datei.', [])));
          const read = readCsvRecords(await fileText(chosen));
          if (!read.ok) {
            previewSlot.replaceChildren();
            return showSummary(summary, errorSummary(new ApiError(400, 'Datei nicht lesbar', read.problem, [])));
          }
          records = read.records;
          try {
            showPreview(await ctx.api.request<ContactImportPreview>('POST', '/contacts/import/preview', { records }));
            summary.replaceChildren();
          } catch (err) {
            previewSlot.replaceChildren();
            showSummary(summary, errorSummary(err));
          }
        },
      },
      h(
        'div',
        { class: 'field' },
        h('label', { for: fileId }, 'CSV-Datei'),
        h(
          'p',
          { class: 'hint', id: `${fileId}-hint` },
          'Erste Zeile: Name; E-Mail; Medium; Themen. Aus Excel als „CSV (Trennzeichen-getrennt)“ oder „CSV UTF-8“ gespeichert, auch mit Kommas. Mehrere Themen in einer Zelle mit Komma trennen. Erst die Vorschau, dann übernehmen.',
        ),
        file,
      ),
      h('button', { type: 'submit', class: 'secondary' }, 'Vorschau anzeigen'),
    ),
    previewSlot,
  );
}
