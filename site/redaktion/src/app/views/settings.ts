import { SETTING_FIELDS } from '@newsroom/domain/organisation.ts';
import { PARTNERS } from '@newsroom/domain/partners.ts';
import { ApiError, type Problem, SignedOut } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDateTime, h, nextId } from '../dom.ts';
import { type OrganisationSettingsBody, type OrganisationSettingsView, organisationApi } from '../organisation-api.ts';
import { errorSummary, showSummary } from './errors.ts';
import { assignProblems, controlField, type Field } from './fields.ts';
import '../../styles/editorial.css';

const GROUPS: { id: string; legend: string; hint?: string }[] = [
  { id: 'organisation', legend: 'Organisation (Herausgeber im Impressum)' },
  { id: 'representative', legend: 'Gesetzliche Vertretung', hint: 'Wer den Landkreis gesetzlich vertritt, z. B. Amtsbezeichnung „Landrätin“ oder „Landrat“.' },
  { id: 'responsible', legend: 'Inhaltlich verantwortlich (§ 18 Absatz 2 Medienstaatsvertrag)' },
  { id: 'dataProtectionOfficer', legend: 'Datenschutzbeauftragte/r', hint: 'Steht in der Datenschutzerklärung und auf jedem Einwilligungsformular.' },
  { id: 'accessibility', legend: 'Barrierefreiheit (Feedback-Stelle und Schlichtung)' },
];

const INPUT_TYPES: Record<string, string> = { email: 'email', phone: 'tel', assessedOn: 'date' };
const CONTACT_PARTS = [
  ['name', 'Name'],
  ['function', 'Funktion'],
  ['phone', 'Telefon'],
  ['email', 'E-Mail'],
] as const;
const MAX_PRESS_CONTACTS = 4;

const input = (key: string, value: string | undefined) =>
  h('input', { type: INPUT_TYPES[key] ?? 'text', autocomplete: 'off', value: value ?? '', ...(key === 'email' ? { spellcheck: 'false' } : {}) });

/** Each filled input by its API path (`dataProtectionOfficer.email`, `pressContacts.0.phone`). */
type Inputs = Map<string, HTMLInputElement>;

const storedValue = (s: OrganisationSettingsView, path: string): string | undefined =>
  path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), s) as string | undefined;

/** The body to save: empty inputs are left out (not set), a contact only when something of it is filled in. */
function bodyOf(inputs: Inputs, version: number): OrganisationSettingsBody {
  const v = (path: string) => inputs.get(path)?.value.trim() || undefined;
  const group = (id: string) => Object.fromEntries(SETTING_FIELDS.filter((f) => f.path[0] === id).map((f) => [f.path[1], v(f.path.join('.'))]));
  const pressContacts = Array.from({ length: MAX_PRESS_CONTACTS }, (_, i) => Object.fromEntries(CONTACT_PARTS.map(([k]) => [k, v(`pressContacts.${i}.${k}`)])))
    .filter((c) => Object.values(c).some(Boolean))
    .map((c) => ({ name: c.name ?? '', function: c.function ?? '', phone: c.phone ?? '', email: c.email ?? '' }));
  const partnerContacts = Object.fromEntries(
    PARTNERS.map((p) => [
      p.id,
      { name: v(`partnerContacts.${p.id}.name`), phone: v(`partnerContacts.${p.id}.phone`), email: v(`partnerContacts.${p.id}.email`) },
    ]).filter(([, c]) => Object.values(c as object).some(Boolean)),
  );
  return {
    version,
    organisation: group('organisation'),
    representative: group('representative'),
    responsible: group('responsible'),
    dataProtectionOfficer: group('dataProtectionOfficer'),
    accessibility: group('accessibility'),
    pressContacts,
    partnerContacts,
  } as OrganisationSettingsBody;
}

/** What is still missing, by use: the reason the site or a form would refuse. */
function missingBox(s: OrganisationSettingsView): HTMLElement {
  const uses = [
    ['site', 'Für die Website (Impressum, Datenschutz, Barrierefreiheit) fehlt'],
    ['consent-form', 'Für Einwilligungsformulare und Widerrufsbestätigungen fehlt'],
  ] as const;
  const open = uses.filter(([use]) => s.missing[use].length > 0);
  if (!open.length) return h('p', { class: 'notice', role: 'status' }, 'Alle Angaben für Website, Formulare und Pressemitteilungen sind eingetragen.');
  return h(
    'div',
    { class: 'consent-problems' },
    h('h2', {}, 'Noch nicht vollständig'),
    h('p', {}, 'Solange etwas fehlt, wird die Website nicht gebaut und Formulare werden nicht gedruckt.'),
    ...open.map(([use, text]) =>
      h(
        'div',
        {},
        h('p', {}, `${text}:`),
        h(
          'ul',
          {},
          s.missing[use].map((m) => h('li', {}, m)),
        ),
      ),
    ),
  );
}

/** The organisation settings: read by everyone in the editor, saved by administrators as a new version. */
export async function settingsPage(ctx: Context): Promise<void> {
  const api = organisationApi(ctx.api);
  let current = await api.read();
  const admin = ctx.me.roles.includes('admin');
  const inputs: Inputs = new Map();
  const fields = new Map<string, Field>();
  const summarySlot = h('div', {});
  const missingSlot = h('div', {}, missingBox(current));
  const lastChange = h('p', { class: 'hint' });
  const showLast = () =>
    lastChange.replaceChildren(
      current.change
        ? `Fassung ${current.version}, zuletzt geändert am ${formatDateTime(current.change.at)} von ${current.change.byName}: ${current.change.changed.join(', ')}.`
        : 'Noch nie gespeichert.',
    );
  showLast();

  const field = (path: string, label: string, hint?: string) => {
    const key = path.split('.').at(-1)!;
    const control = input(key, storedValue(current, path));
    if (!admin) control.readOnly = true;
    inputs.set(path, control);
    const f = controlField({ label, hint, control });
    fields.set(path, f.field);
    return f.el;
  };

  const groups = GROUPS.map((g) =>
    h(
      'fieldset',
      { class: 'settings-group' },
      h('legend', {}, g.legend),
      g.hint && h('p', { class: 'hint' }, g.hint),
      ...SETTING_FIELDS.filter((f) => f.path[0] === g.id).map((f) => field(f.path.join('.'), f.label.replace(/^[^:]+: /, ''))),
    ),
  );
  const press = h(
    'fieldset',
    { class: 'settings-group' },
    h('legend', {}, 'Pressestelle: Ansprechpersonen'),
    h(
      'p',
      { class: 'hint' },
      'Die erste steht im Impressum, alle auf der Seite „Pressekontakt“ der Website; eine neue Pressemitteilung beginnt mit diesen Ansprechpersonen.',
    ),
    ...Array.from({ length: MAX_PRESS_CONTACTS }, (_, i) =>
      h(
        'div',
        { class: 'person-grid' },
        CONTACT_PARTS.map(([k, label]) => field(`pressContacts.${i}.${k}`, `${label} (Ansprechperson ${i + 1})`)),
      ),
    ),
  );
  const partners = h(
    'fieldset',
    { class: 'settings-group' },
    h('legend', {}, 'Ansprechpersonen der Träger für Einwilligungsformulare'),
    h('p', { class: 'hint' }, 'Steht auf jedem Einwilligungsformular und jeder Widerrufsbestätigung des Trägers.'),
    ...PARTNERS.map((p) =>
      h(
        'div',
        { class: 'person-grid' },
        CONTACT_PARTS.filter(([k]) => k !== 'function').map(([k, label]) => field(`partnerContacts.${p.id}.${k}`, `${label} (${p.short})`)),
      ),
    ),
  );

  const save = h('button', { type: 'submit' }, 'Einstellungen speichern');
  const formId = nextId('settings');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': formId },
    h('h2', { id: formId, class: 'visually-hidden' }, 'Einstellungen bearbeiten'),
    summarySlot,
    ...groups,
    press,
    partners,
    admin && h('div', { class: 'form-actions' }, save),
  );

  const show = (problems: Problem[], err: unknown) => {
    assignProblems(problems, (path) => fields.get(path), fields.values());
    showSummary(
      summarySlot,
      errorSummary(err, (path) => fields.get(path)?.focusTarget),
    );
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!admin || save.disabled) return;
    save.disabled = true;
    try {
      current = await api.save(bodyOf(inputs, current.version));
      assignProblems([], () => undefined, fields.values());
      showSummary(summarySlot, undefined);
      missingSlot.replaceChildren(missingBox(current));
      showLast();
      ctx.announce(`Einstellungen gespeichert (Fassung ${current.version}).`);
    } catch (err) {
      if (err instanceof SignedOut) return;
      show(err instanceof ApiError ? err.problems : [], err);
    } finally {
      save.disabled = false;
    }
  });

  ctx.show(
    'Einstellungen der Organisation',
    h(
      'p',
      {},
      'Diese Angaben stehen im Impressum, in der Datenschutzerklärung, in der Erklärung zur Barrierefreiheit, auf Einwilligungsformularen und Widerrufsbestätigungen und in neuen Pressemitteilungen. Jede Änderung wird als neue Fassung gespeichert und im Protokoll vermerkt.',
    ),
    !admin && h('p', { class: 'hint' }, 'Nur die Administration ändert diese Angaben.'),
    lastChange,
    missingSlot,
    form,
  );
}
