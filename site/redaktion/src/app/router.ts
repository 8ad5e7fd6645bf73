/**
 * Hash routes, so the static host needs no rewrite rules and a reload keeps the screen:
 *   #/anmelden                  sign-in
 *   #/                          overview
 *   #/neu                       new story
 *   #/geschichten/{id}          story detail
 *   #/geschichten/{id}/bearbeiten  edit form
 *   #/geschichten/{id}/einwilligung/{person}  record or correct a person's consent
 *   #/geschichten/{id}/widerruf/{person}      record a withdrawal
 *   #/geschichten/{id}/widerrufsbestaetigung/{person}  printable confirmation of a withdrawal
 *   #/geschichten/{id}/formular/{person}      printable consent form
 *   #/geschichten/{id}/fotos    the story's photos: upload, describe, lead picture
 *   #/mediathek                 every photo with where it is used, who it shows and its consent status
 *   #/protokoll, #/protokoll/{YYYY-MM}        global audit trail by month (press office, administrators)
 *   #/benutzer                  user administration (administrators)
 *   #/einstellungen             organisation settings (administrators change them)
 *   #/benachrichtigungen        the signed-in person's e-mail notifications
 *   #/presseverteiler           the press distribution: contacts, lists, CSV import (press office)
 */
export type Route =
  | { name: 'login' }
  | { name: 'overview' }
  | { name: 'new' }
  | { name: 'story'; id: string }
  | { name: 'edit'; id: string }
  | { name: 'consent'; id: string; person: string }
  | { name: 'withdrawal'; id: string; person: string }
  | { name: 'withdrawal-confirmation'; id: string; person: string }
  | { name: 'consent-print'; id: string; person: string }
  | { name: 'story-photos'; id: string }
  | { name: 'media' }
  /** Everything under #/statistik; the statistics module reads the rest of the path. */
  | { name: 'statistics'; path: string }
  /** Everything under #/pressemitteilungen; the releases module reads the rest of the path. */
  | { name: 'releases'; path: string }
  | { name: 'audit'; month?: string }
  | { name: 'users' }
  | { name: 'settings' }
  | { name: 'notifications' }
  | { name: 'distribution' }
  | { name: 'unknown' };

const ID = '([A-Za-z0-9_-]{1,64})';

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '') return { name: 'overview' };
  if (path === '/anmelden') return { name: 'login' };
  if (path === '/neu') return { name: 'new' };
  if (path === '/statistik' || path.startsWith('/statistik/') || path.startsWith('/statistik?'))
    return { name: 'statistics', path: path.slice('/statistik'.length) };
  if (path === '/pressemitteilungen' || path.startsWith('/pressemitteilungen/')) return { name: 'releases', path: path.slice('/pressemitteilungen'.length) };
  if (path === '/benutzer') return { name: 'users' };
  if (path === '/mediathek') return { name: 'media' };
  if (path === '/einstellungen') return { name: 'settings' };
  if (path === '/benachrichtigungen') return { name: 'notifications' };
  if (path === '/presseverteiler') return { name: 'distribution' };
  let m = /^\/protokoll(?:\/(\d{4}-(?:0[1-9]|1[0-2])))?\/?$/.exec(path);
  if (m) return m[1] ? { name: 'audit', month: m[1] } : { name: 'audit' };
  m = new RegExp(`^/geschichten/${ID}/?$`).exec(path);
  if (m) return { name: 'story', id: m[1]! };
  m = new RegExp(`^/geschichten/${ID}/bearbeiten/?$`).exec(path);
  if (m) return { name: 'edit', id: m[1]! };
  m = new RegExp(`^/geschichten/${ID}/(einwilligung|widerruf)/([A-Z])/?$`).exec(path);
  if (m) return { name: m[2] === 'widerruf' ? 'withdrawal' : 'consent', id: m[1]!, person: m[3]! };
  m = new RegExp(`^/geschichten/${ID}/widerrufsbestaetigung/([A-Z])/?$`).exec(path);
  if (m) return { name: 'withdrawal-confirmation', id: m[1]!, person: m[2]! };
  m = new RegExp(`^/geschichten/${ID}/formular/([A-Z])/?$`).exec(path);
  if (m) return { name: 'consent-print', id: m[1]!, person: m[2]! };
  m = new RegExp(`^/geschichten/${ID}/fotos/?$`).exec(path);
  if (m) return { name: 'story-photos', id: m[1]! };
  return { name: 'unknown' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'login':
      return '#/anmelden';
    case 'overview':
      return '#/';
    case 'new':
      return '#/neu';
    case 'story':
      return `#/geschichten/${encodeURIComponent(route.id)}`;
    case 'edit':
      return `#/geschichten/${encodeURIComponent(route.id)}/bearbeiten`;
    case 'consent':
      return `#/geschichten/${encodeURIComponent(route.id)}/einwilligung/${route.person}`;
    case 'withdrawal':
      return `#/geschichten/${encodeURIComponent(route.id)}/widerruf/${route.person}`;
    case 'withdrawal-confirmation':
      return `#/geschichten/${encodeURIComponent(route.id)}/widerrufsbestaetigung/${route.person}`;
    case 'consent-print':
      return `#/geschichten/${encodeURIComponent(route.id)}/formular/${route.person}`;
    case 'story-photos':
      return `#/geschichten/${encodeURIComponent(route.id)}/fotos`;
    case 'media':
      return '#/mediathek';
    case 'statistics':
      return `#/statistik${route.path}`;
    case 'releases':
      return `#/pressemitteilungen${route.path}`;
    case 'audit':
      return `#/protokoll${route.month ? `/${route.month}` : ''}`;
    case 'users':
      return '#/benutzer';
    case 'settings':
      return '#/einstellungen';
    case 'notifications':
      return '#/benachrichtigungen';
    case 'distribution':
      return '#/presseverteiler';
    case 'unknown':
      return '#/';
  }
}

/** Only `#/…` hashes are routes; a plain `#id` is an in-page jump the router ignores. */
export const isRouteHash = (hash: string) => hash === '' || hash === '#' || hash.startsWith('#/');

const LEAVE_QUESTION = 'Sie haben Änderungen, die noch nicht gespeichert sind. Seite trotzdem verlassen?';

export function createRouter(render: (route: Route) => void) {
  let current = isRouteHash(location.hash) ? location.hash : '#/';
  let isDirty: (() => boolean) | undefined;

  window.addEventListener('hashchange', () => {
    if (!isRouteHash(location.hash) || location.hash === current) return;
    if (isDirty?.() && !window.confirm(LEAVE_QUESTION)) {
      // Stay: put the address back without another hashchange.
      history.replaceState(history.state, '', current);
      return;
    }
    isDirty = undefined;
    current = location.hash;
    render(parseHash(current));
  });
  window.addEventListener('beforeunload', (e) => {
    if (isDirty?.()) e.preventDefault();
  });

  return {
    start: () => render(parseHash(current)),
    /** Goes to a route; `replace` keeps the current entry out of the history (e.g. a finished form). */
    go(route: Route, opts: { replace?: boolean } = {}) {
      isDirty = undefined;
      const target = href(route);
      if (target !== current) {
        current = target;
        if (opts.replace) history.replaceState(history.state, '', target);
        else history.pushState(history.state, '', target);
      }
      render(route);
    },
    /** While the form has unsaved changes, leaving asks first. Cleared on every navigation. */
    guardLeaving(dirty: () => boolean) {
      isDirty = dirty;
    },
  };
}
export type Router = ReturnType<typeof createRouter>;
