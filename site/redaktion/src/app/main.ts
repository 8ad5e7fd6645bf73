import './zod-jitless.ts';
import { type Actor, ApiError, createApi, type Meta, SignedOut } from './api.ts';
import { createAuth } from './auth/index.ts';
import { loadConfig, type RuntimeConfig } from './config.ts';
import type { Context } from './context.ts';
import { h } from './dom.ts';
import { labels } from './meta.ts';
import { createRouter, href, parseHash, type Route } from './router.ts';
import { createStatus } from './status.ts';

/**
 * Each screen is its own chunk, loaded when first shown: the start page does not carry the
 * Markdown renderer, the statistics or the user administration (the goal is under 100 KB of
 * gzipped JavaScript per page, measured by test/bench/editor-size.ts).
 */
const screens = {
  start: () => import('./views/start.ts'),
  form: () => import('./views/form.ts'),
  detail: () => import('./views/detail.ts'),
  consent: () => import('./views/consent.ts'),
  consentPrint: () => import('./views/consent-print.ts'),
  withdrawalReport: () => import('./views/withdrawal-report.ts'),
  statistics: () => import('./statistics/index.ts'),
  releases: () => import('./releases/index.ts'),
  audit: () => import('./views/audit.ts'),
  users: () => import('./views/users.ts'),
  photos: () => import('./photos/index.ts'),
  settings: () => import('./views/settings.ts'),
  notifications: () => import('./views/notifications.ts'),
  distribution: () => import('./views/distribution.ts'),
};

/** A chunk that no longer loads is almost always a new deployment: the page needs a reload, not a retry. */
class ChunkMissing extends Error {}
async function screen<K extends keyof typeof screens>(name: K): Promise<Awaited<ReturnType<(typeof screens)[K]>>> {
  try {
    return (await screens[name]()) as Awaited<ReturnType<(typeof screens)[K]>>;
  } catch (err) {
    console.error(err);
    throw new ChunkMissing();
  }
}

const APP_NAME = 'Redaktion Integrationsmanagement';
const RETURN_KEY = 'redaktion.return-to';

const main = document.getElementById('main')!;
const header = document.getElementById('account')!;
const statusRegion = document.getElementById('status')!;

/** A screen with its heading; the heading takes focus so keyboard and screen reader users start there. */
function showPage(title: string, ...content: (Node | string | false | undefined)[]) {
  const heading = h('h1', { tabindex: '-1' }, title);
  main.replaceChildren(heading, ...content.filter((c): c is Node | string => c !== undefined && c !== false));
  main.removeAttribute('aria-busy');
  document.title = `${title} – ${APP_NAME}`;
  heading.focus();
}

function fatal(message: string) {
  showPage('Die Redaktion kann nicht starten', h('p', {}, message), h('p', {}, h('button', { type: 'button', onclick: () => location.reload() }, 'Neu laden')));
}

document.querySelector<HTMLAnchorElement>('.skip-link')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

async function boot() {
  let config: RuntimeConfig;
  try {
    config = await loadConfig();
  } catch (err) {
    return fatal((err as Error).message);
  }
  const auth = createAuth(config.auth);
  await auth.init();
  const status = createStatus(statusRegion);
  let me: Actor | undefined;
  let generation = 0;

  const signedOut = (message: string) => {
    auth.signOut();
    me = undefined;
    status.announce(message, { next: true });
    router.go({ name: 'login' }, { replace: true });
  };

  const api = createApi(config.apiUrl, auth, () => {
    sessionStorage.setItem(RETURN_KEY, location.hash);
    signedOut('Ihre Anmeldung ist abgelaufen oder ungültig. Bitte melden Sie sich erneut an.');
  });

  let meta: Meta;
  try {
    meta = await api.meta();
  } catch (err) {
    return fatal(`Die Stammdaten konnten nicht geladen werden: ${(err as Error).message}`);
  }
  const lbl = labels(meta);

  function showAccount(person: Actor | undefined) {
    if (!person) return header.replaceChildren();
    const who = lbl.actor(person);
    const county = person.roles.includes('press') || person.roles.includes('admin');
    header.replaceChildren(
      h(
        'nav',
        { 'aria-label': 'Hauptnavigation' },
        h('a', { href: href({ name: 'overview' }) }, 'Übersicht'),
        ' ',
        h('a', { href: href({ name: 'statistics', path: '' }) }, 'Statistik'),
        ' ',
        h('a', { href: href({ name: 'releases', path: '' }) }, 'Pressemitteilungen'),
        ' ',
        h('a', { href: href({ name: 'media' }) }, 'Mediathek'),
        county && ' ',
        county && h('a', { href: href({ name: 'audit' }) }, 'Protokoll'),
        person.roles.includes('press') && ' ',
        person.roles.includes('press') && h('a', { href: href({ name: 'distribution' }) }, 'Presseverteiler'),
        person.roles.includes('admin') && ' ',
        person.roles.includes('admin') && h('a', { href: href({ name: 'users' }) }, 'Benutzerverwaltung'),
        person.roles.includes('admin') && ' ',
        person.roles.includes('admin') && h('a', { href: href({ name: 'settings' }) }, 'Einstellungen'),
        ' ',
        h('a', { href: href({ name: 'notifications' }) }, 'Benachrichtigungen'),
      ),
      h(
        'p',
        { class: 'who' },
        h('span', { class: 'visually-hidden' }, 'Angemeldet als '),
        h('strong', {}, who.name),
        h('span', {}, who.roles),
        h('span', {}, who.partner),
      ),
      h('button', { type: 'button', class: 'secondary', onclick: () => signedOut('Sie haben sich abgemeldet.') }, 'Abmelden'),
    );
  }

  async function renderLogin() {
    showAccount(undefined);
    if (auth.token()) return router.go({ name: 'overview' }, { replace: true });
    showPage('Anmelden (lokale Entwicklung)');
    await auth.mountSignIn(main, () => {
      const back = sessionStorage.getItem(RETURN_KEY);
      sessionStorage.removeItem(RETURN_KEY);
      status.announce('Sie sind angemeldet.', { next: true });
      const route = back ? parseHash(back) : { name: 'overview' as const };
      router.go(route.name === 'login' || route.name === 'unknown' ? { name: 'overview' } : route, { replace: true });
    });
  }

  async function render(route: Route) {
    const gen = ++generation;
    const isCurrent = () => gen === generation;
    status.screenChanged();
    if (route.name === 'login') return renderLogin();
    if (!auth.token()) {
      sessionStorage.setItem(RETURN_KEY, location.hash);
      return router.go({ name: 'login' }, { replace: true });
    }
    main.setAttribute('aria-busy', 'true');
    try {
      me ??= await api.me();
      if (!isCurrent()) return;
      showAccount(me);
      const ctx: Context = {
        config,
        api,
        meta,
        labels: lbl,
        me,
        router,
        isCurrent,
        show: (title, ...content) => {
          if (isCurrent()) showPage(title, ...content);
        },
        announce: (message, opts) => status.announce(message, opts),
        go: (r, opts) => router.go(r, opts),
      };
      switch (route.name) {
        case 'overview':
          return await (await screen('start')).startPage(ctx);
        case 'new':
          return await (await screen('form')).storyForm(ctx);
        case 'edit':
          return await (await screen('form')).storyForm(ctx, route.id);
        case 'story':
          return await (await screen('detail')).storyDetail(ctx, route.id);
        case 'consent':
          return await (await screen('consent')).consentForm(ctx, route.id, route.person);
        case 'withdrawal':
          return await (await screen('consent')).withdrawalForm(ctx, route.id, route.person);
        case 'withdrawal-confirmation':
          return await (await screen('withdrawalReport')).withdrawalConfirmation(ctx, route.id, route.person);
        case 'consent-print':
          return await (await screen('consentPrint')).consentPrint(ctx, route.id, route.person);
        case 'story-photos':
          return await (await screen('photos')).storyPhotosScreen(ctx, route.id);
        case 'media':
          return await (await screen('photos')).mediaLibrary(ctx);
        case 'statistics':
          return await (await screen('statistics')).statisticsScreen(ctx, route.path);
        case 'releases':
          return await (await screen('releases')).releasesScreen(ctx, route.path);
        case 'audit':
          return await (await screen('audit')).auditPage(ctx, route.month);
        case 'users':
          return await (await screen('users')).usersPage(ctx);
        case 'settings':
          return await (await screen('settings')).settingsPage(ctx);
        case 'notifications':
          return await (await screen('notifications')).notificationsPage(ctx);
        case 'distribution':
          return await (await screen('distribution')).distributionPage(ctx);
        case 'unknown':
          return ctx.show(
            'Seite nicht gefunden',
            h('p', {}, 'Diese Adresse gibt es in der Redaktion nicht.'),
            h('p', {}, h('a', { href: href({ name: 'overview' }) }, 'Zur Übersicht')),
          );
      }
    } catch (err) {
      if (err instanceof SignedOut || !isCurrent()) return;
      if (err instanceof ChunkMissing) {
        return showPage(
          'Die Redaktion wurde aktualisiert',
          h(
            'p',
            {},
            'Ein Teil der Redaktion ließ sich nicht laden, meist weil inzwischen eine neue Version bereitsteht. Bitte laden Sie die Seite neu; eingegebene, noch nicht gespeicherte Texte gehen dabei verloren.',
          ),
          h('p', {}, h('button', { type: 'button', onclick: () => location.reload() }, 'Seite neu laden')),
        );
      }
      if (err instanceof ApiError && err.status === 404) {
        return showPage(
          'id' in route ? 'Geschichte nicht gefunden' : 'Nicht gefunden',
          h('p', {}, err.message),
          h('p', {}, h('a', { href: href({ name: 'overview' }) }, 'Zur Übersicht')),
        );
      }
      if (!(err instanceof ApiError)) console.error(err);
      showPage(
        'Das hat nicht geklappt',
        h('p', {}, err instanceof ApiError ? err.message : 'Es ist ein unerwarteter Fehler aufgetreten.'),
        h(
          'p',
          {},
          h('button', { type: 'button', onclick: () => void render(route) }, 'Noch einmal versuchen'),
          ' ',
          h('a', { href: href({ name: 'overview' }) }, 'Zur Übersicht'),
        ),
      );
    }
  }

  const router = createRouter((route) => void render(route));
  router.start();
}

void boot();
