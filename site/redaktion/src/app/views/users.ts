import { UserInvite as InviteSchema, userProblems } from '@newsroom/domain/user.ts';
import { ApiError, type Problem, SignedOut } from '../api.ts';
import { readSession } from '../auth/session.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { editorialApi, type User, type UserChange, type UserInvite } from '../editorial-api.ts';
import { href } from '../router.ts';
import { confirmDialog } from './confirm-dialog.ts';
import { errorSummary, showSummary } from './errors.ts';
import { assignProblems, controlField, type Field, select } from './fields.ts';
import '../../styles/editorial.css';

const LRA_ROLES = new Set(['press', 'admin']);
const OWN_ACCOUNT = 'Ihr eigenes Konto: Rolle, Organisation und Sperrung ändert eine andere Person der Administration.';

/**
 * The signed-in person's username, from the ID token's `cognito:username` claim. Only to
 * show the own account read-only; the API refuses a change to it whatever the page does.
 */
function ownUsername(): string | undefined {
  const token = readSession()?.idToken;
  try {
    const payload = token?.split('.')[1];
    if (!payload) return undefined;
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    return typeof claims['cognito:username'] === 'string' ? claims['cognito:username'] : undefined;
  } catch {
    return undefined;
  }
}

/** Field problems from the API or the schema, by the last part of their path (`user.email` → `email`). */
const fieldOf = (p: Problem) => {
  if (p.field) return p.field.split('.').at(-1);
  return /Landratsamt/.test(p.message) ? 'partner' : undefined;
};

/** A modal form to change a person's name, role and organisation. Resolves with the saved user, or undefined. */
function changeDialog(ctx: Context, user: User): Promise<User | undefined> {
  const api = editorialApi(ctx.api);
  return new Promise((resolve) => {
    const titleId = nextId('dialog-title');
    const name = h('input', { type: 'text', autocomplete: 'off', value: user.name, 'aria-required': 'true' });
    const role = select(ctx.meta.roles);
    role.value = user.role;
    const partner = select(ctx.meta.partners.map((p) => ({ id: p.id, label: p.name })));
    partner.value = user.partner;
    const f = {
      name: controlField({ label: 'Name', control: name }),
      role: controlField({ label: 'Rolle', control: role }),
      partner: controlField({ label: 'Organisation', hint: 'Pressestelle und Administration gehören zum Landratsamt.', control: partner }),
    };
    const fields = new Map<string, Field>([
      ['name', f.name.field],
      ['role', f.role.field],
      ['partner', f.partner.field],
    ]);
    const summarySlot = h('div', {});
    const save = h('button', { type: 'submit' }, 'Änderungen speichern');
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Abbrechen');
    const form = h(
      'form',
      { novalidate: true },
      h('h2', { id: titleId }, `Benutzerkonto ändern: ${user.name}`),
      h('p', { class: 'hint' }, `Benutzername ${user.username} · ${user.email}. Eine neue Rolle gilt ab der nächsten Anmeldung.`),
      summarySlot,
      f.name.el,
      f.role.el,
      f.partner.el,
      h('div', { class: 'form-actions' }, save, cancel),
    );
    const dialog = h('dialog', { 'aria-labelledby': titleId }, form);
    let result: User | undefined;

    const problems = (list: Problem[], err?: unknown) => {
      assignProblems(list, (path) => fields.get(path), fields.values());
      const shown = err ?? new ApiError(400, 'Bitte prüfen Sie Ihre Eingaben', 'Das Benutzerkonto wurde noch nicht geändert.', list);
      showSummary(
        summarySlot,
        errorSummary(shown, (path) => fields.get(path)?.focusTarget),
      );
    };

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const change: UserChange = {};
      if (name.value.trim() !== user.name) change.name = name.value.trim();
      if (role.value !== user.role) change.role = role.value as User['role'];
      if (partner.value !== user.partner) change.partner = partner.value as User['partner'];
      if (Object.keys(change).length === 0) return problems([{ field: 'name', message: 'Sie haben nichts geändert.' }]);
      const local = [
        ...(change.name !== undefined && change.name.length < 3 ? [{ field: 'name', message: 'Bitte den Namen angeben.' }] : []),
        ...userProblems({ role: role.value as User['role'], partner: partner.value as User['partner'] }).map((message) => ({ field: 'partner', message })),
      ];
      if (local.length) return problems(local);
      save.disabled = true;
      try {
        result = await api.updateUser(user.username, change);
        dialog.close();
      } catch (err) {
        if (err instanceof SignedOut) return dialog.close();
        const list = err instanceof ApiError ? err.problems.map((p) => ({ ...p, field: fieldOf(p) })) : [];
        problems(list, err);
      } finally {
        save.disabled = false;
      }
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    name.focus();
  });
}

/** The invite form: checked here with the domain's own schema and rule, then by the API. */
function inviteForm(ctx: Context, added: (u: User) => void): HTMLElement {
  const api = editorialApi(ctx.api);
  const cognito = ctx.config.auth.mode === 'cognito';
  const username = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none', 'aria-required': 'true' });
  const name = h('input', { type: 'text', autocomplete: 'off', 'aria-required': 'true' });
  const email = h('input', { type: 'email', autocomplete: 'off', spellcheck: 'false', 'aria-required': 'true' });
  const role = select(ctx.meta.roles, 'Bitte wählen');
  const partner = select(
    ctx.meta.partners.map((p) => ({ id: p.id, label: p.name })),
    'Bitte wählen',
  );
  for (const c of [role, partner]) c.setAttribute('aria-required', 'true');
  const f = {
    username: controlField({
      label: 'Benutzername',
      hint: 'Zum Anmelden; nur Kleinbuchstaben, Ziffern und . @ _ -, mindestens 3 Zeichen. Lässt sich später nicht ändern.',
      control: username,
    }),
    name: controlField({ label: 'Name', hint: 'Vor- und Nachname, wie er im Verlauf und an Kommentaren erscheint.', control: name }),
    email: controlField({
      label: 'E-Mail-Adresse',
      hint: cognito
        ? 'Dorthin schickt die Anmeldung das vorläufige Kennwort.'
        : 'Lokal wird keine E-Mail verschickt; die Person erscheint sofort auf der Anmeldeseite.',
      control: email,
    }),
    role: controlField({ label: 'Rolle', hint: 'Bestimmt, was die Person sehen und tun darf.', control: role }),
    partner: controlField({ label: 'Organisation', hint: 'Pressestelle und Administration gehören zum Landratsamt.', control: partner }),
  };
  const fields = new Map<string, Field>(Object.entries(f).map(([k, v]) => [k, v.field]));
  const summarySlot = h('div', {});
  const submit = h('button', { type: 'submit' }, 'Benutzerkonto anlegen');
  const headingId = nextId('invite');
  const form = h(
    'form',
    { class: 'invite-form', novalidate: true, 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Benutzerkonto anlegen'),
    h(
      'p',
      { class: 'hint' },
      cognito
        ? 'Die Person bekommt eine E-Mail mit einem vorläufigen Kennwort und richtet bei der ersten Anmeldung ihr Kennwort und die Zwei-Faktor-Anmeldung ein.'
        : 'Lokale Entwicklung: Das Konto erscheint sofort auf der Anmeldeseite.',
    ),
    summarySlot,
    h('div', { class: 'person-grid' }, f.username.el, f.name.el),
    f.email.el,
    h('div', { class: 'person-grid' }, f.role.el, f.partner.el),
    h('div', { class: 'form-actions' }, submit),
  );

  // Press office and administration belong to the Landratsamt: offer it, never overwrite a choice.
  role.addEventListener('change', () => {
    if (LRA_ROLES.has(role.value) && !partner.value) partner.value = 'lra';
  });

  const show = (problems: Problem[], err?: unknown) => {
    assignProblems(problems, (path) => fields.get(path), fields.values());
    const shown = err ?? new ApiError(400, 'Bitte prüfen Sie Ihre Eingaben', 'Das Benutzerkonto wurde noch nicht angelegt.', problems);
    showSummary(
      summarySlot,
      errorSummary(shown, (path) => fields.get(path)?.focusTarget),
    );
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    const input = { username: username.value.trim(), name: name.value.trim(), email: email.value.trim(), role: role.value, partner: partner.value };
    const parsed = InviteSchema.safeParse(input);
    const problems: Problem[] = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({
          field: String(i.path[0]),
          message: i.path[0] === 'role' ? 'Bitte eine Rolle wählen.' : i.path[0] === 'partner' ? 'Bitte eine Organisation wählen.' : i.message,
        }));
    if (input.role && input.partner) problems.push(...userProblems(input as UserInvite).map((message) => ({ field: 'partner', message })));
    if (problems.length) return show(problems);
    submit.disabled = true;
    try {
      const user = await api.invite(parsed.data as UserInvite);
      form.reset();
      assignProblems([], () => undefined, fields.values());
      summarySlot.replaceChildren();
      added(user);
      ctx.announce(`Das Benutzerkonto für ${user.name} ist angelegt${cognito ? '; die Einladung ist unterwegs' : ''}.`);
      username.focus();
    } catch (err) {
      if (err instanceof SignedOut) return;
      const list =
        err instanceof ApiError
          ? err.status === 409
            ? [{ field: 'username', message: err.message }]
            : err.problems.map((p) => ({ ...p, field: fieldOf(p) }))
          : [];
      show(list, err);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/**
 * Benutzerverwaltung (administrators): everyone who can sign in, with role, organisation and
 * access; invite, change role and organisation, lock and unlock. Nobody changes their own account.
 */
export async function usersPage(ctx: Context): Promise<void> {
  if (!ctx.me.roles.includes('admin')) {
    return ctx.show(
      'Benutzerverwaltung',
      h('p', {}, 'Benutzerkonten verwaltet die Administration. Wenn Ihre Rolle oder Organisation nicht stimmt, wenden Sie sich bitte an sie.'),
      h('p', {}, h('a', { href: href({ name: 'overview' }) }, 'Zur Übersicht')),
    );
  }
  const api = editorialApi(ctx.api);
  let users = (await api.users()).items;
  const me = ownUsername();
  const roleLabel = ctx.labels.role;
  const partnerName = ctx.labels.partnerName;

  const searchId = nextId('search');
  const search = h('input', { type: 'search', id: searchId, autocomplete: 'off', spellcheck: 'false' });
  const orgId = nextId('org');
  const org = h(
    'select',
    { id: orgId },
    h('option', { value: '' }, 'Alle'),
    ctx.meta.partners.map((p) => h('option', { value: p.id }, p.name)),
  );
  const countLine = h('p', { class: 'filter-result', id: nextId('count') });
  const tbody = h('tbody', {});
  const filters = h(
    'form',
    { class: 'month-form', role: 'search', 'aria-label': 'Benutzerkonten filtern', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: searchId }, 'Suchen (Name, Benutzername oder E-Mail)'), search),
    h('div', { class: 'field' }, h('label', { for: orgId }, 'Organisation'), org),
  );
  filters.addEventListener('submit', (e) => e.preventDefault());

  const accessBadge = (u: User) => h('span', { class: `badge ${u.enabled ? 'access-active' : 'access-disabled'}` }, u.enabled ? 'aktiv' : 'gesperrt');

  function row(u: User): HTMLElement {
    const own = u.username === me;
    const cells = h('td', { class: 'actions-cell' });
    if (own) {
      cells.append(h('span', { class: 'own-note' }, OWN_ACCOUNT));
    } else {
      const change = h('button', { type: 'button', class: 'secondary' }, 'Ändern', h('span', { class: 'visually-hidden' }, `: ${u.name}`));
      const toggle = h(
        'button',
        { type: 'button', class: 'secondary' },
        u.enabled ? 'Sperren' : 'Entsperren',
        h('span', { class: 'visually-hidden' }, `: ${u.name}`),
      );
      change.addEventListener('click', async () => {
        const saved = await changeDialog(ctx, u);
        if (!saved) return change.focus();
        replace(saved, 0);
        ctx.announce(`Das Benutzerkonto von ${saved.name} ist geändert: ${roleLabel(saved.role)}, ${partnerName(saved.partner)}.`);
      });
      toggle.addEventListener('click', async () => {
        if (u.enabled) {
          const ok = await confirmDialog({
            title: `Benutzerkonto von ${u.name} sperren?`,
            text: `${u.name} kann sich danach nicht mehr anmelden; eine laufende Anmeldung endet spätestens nach einer Stunde. Geschichten, Freigaben und das Protokoll bleiben erhalten. Das Konto lässt sich jederzeit wieder entsperren.`,
            confirm: 'Ja, sperren',
            danger: true,
          });
          if (!ok) return toggle.focus();
        }
        toggle.disabled = true;
        try {
          const saved = await api.updateUser(u.username, { enabled: !u.enabled });
          replace(saved, 1);
          ctx.announce(saved.enabled ? `${saved.name} kann sich wieder anmelden.` : `Das Benutzerkonto von ${saved.name} ist gesperrt.`);
        } catch (err) {
          if (err instanceof SignedOut) return;
          toggle.disabled = false;
          ctx.announce(err instanceof ApiError ? err.message : 'Das hat nicht geklappt.');
          toggle.focus();
        }
      });
      cells.append(h('div', { class: 'button-row' }, change, toggle));
    }
    return h(
      'tr',
      { class: [own ? 'own' : '', u.enabled ? '' : 'disabled'].filter(Boolean).join(' '), 'data-username': u.username },
      h('th', { scope: 'row' }, u.name, h('span', { class: 'own-note' }, u.username), own ? h('span', { class: 'own-note' }, '(Sie)') : ''),
      h('td', { class: 'email' }, u.email),
      h('td', {}, roleLabel(u.role)),
      h('td', {}, ctx.labels.partnerShort(u.partner)),
      h('td', {}, accessBadge(u)),
      cells,
    );
  }

  /** Redraws one changed row and puts focus back on the same control in it. */
  function replace(saved: User, button: number) {
    users = users.map((u) => (u.username === saved.username ? saved : u));
    render();
    tbody
      .querySelector(`tr[data-username="${CSS.escape(saved.username)}"]`)
      ?.querySelectorAll('button')
      [button]?.focus();
  }

  const sorted = () => [...users].sort((a, b) => partnerName(a.partner).localeCompare(partnerName(b.partner), 'de') || a.name.localeCompare(b.name, 'de'));
  function render() {
    const q = search.value.trim().toLowerCase();
    const shown = sorted().filter(
      (u) => (!org.value || u.partner === org.value) && (!q || [u.name, u.username, u.email].some((s) => s.toLowerCase().includes(q))),
    );
    tbody.replaceChildren(...shown.map(row));
    const active = users.filter((u) => u.enabled).length;
    countLine.textContent = `${shown.length} von ${users.length} Benutzerkonten angezeigt; ${active} aktiv, ${users.length - active} gesperrt.`;
    return shown;
  }
  let announceTimer: number | undefined;
  const filterChanged = () => {
    const shown = render();
    window.clearTimeout(announceTimer);
    // After a pause in typing, not on every keystroke.
    announceTimer = window.setTimeout(() => ctx.announce(`${shown.length} Benutzerkonten angezeigt.`), 800);
  };
  search.addEventListener('input', filterChanged);
  org.addEventListener('change', filterChanged);
  render();

  const listId = nextId('users');
  ctx.show(
    'Benutzerverwaltung',
    h(
      'p',
      { class: 'lead' },
      'Wer sich an der Redaktion anmelden kann, mit Rolle und Organisation. Die Zuordnung der Städte und Gemeinden zu den Trägern steht bei der ',
      h('a', { href: href({ name: 'statistics', path: '/zuordnung' }) }, 'Statistik'),
      '.',
    ),
    h(
      'section',
      { 'aria-labelledby': listId },
      h('h2', { id: listId }, 'Benutzerkonten'),
      filters,
      countLine,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'users-table' },
          h('caption', { class: 'visually-hidden' }, 'Benutzerkonten, nach Organisation und Name'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Name'),
              h('th', { scope: 'col' }, 'E-Mail'),
              h('th', { scope: 'col' }, 'Rolle'),
              h('th', { scope: 'col' }, 'Organisation'),
              h('th', { scope: 'col' }, 'Zugang'),
              h('th', { scope: 'col' }, 'Ändern'),
            ),
          ),
          tbody,
        ),
      ),
    ),
    inviteForm(ctx, (u) => {
      users = [...users, u];
      render();
    }),
  );
}
