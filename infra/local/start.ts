import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREVIEW_PREFIX } from '@newsroom/domain/preview.ts';
import { onContentChange } from '@newsroom/events/in-process.ts';
import { type InProcessMailQueue, inProcessMailQueue } from '@newsroom/mail/in-process.ts';
import { smtpTransport } from '@newsroom/mail/smtp.ts';
import { runtimePorts } from '@newsroom/operations/ports.ts';
import { resumeSends } from '@newsroom/operations/release-sends.ts';
import { runScheduledJobs } from '@newsroom/operations/scheduled.ts';
import { createIncrementalPublisher, type IncrementalPublisher } from '@newsroom/publish/incremental.ts';
import { EDITOR_DIST, ensureEditorBuilt } from '@newsroom/redaktion/build.ts';
import { useLocalMailQueue } from '@newsroom/runtime/adapters.ts';
import { clock } from '@newsroom/runtime/clock.ts';
import { config, configure } from '@newsroom/runtime/config.ts';
import { SIGNUP_PATHS, signupCsp, siteCsp } from '@newsroom/site-contract/security-headers.ts';
import { photoFolder } from '@newsroom/store/photo-files.ts';
import { listUsers } from '@newsroom/store/users.ts';
import { createDevIdp } from './dev-idp.ts';
import { type EmbeddedStore, startDynalite, useEmbeddedStore } from './dynalite.ts';
import { type Gateway, startGateway } from './gateway.ts';
import { type Mailbox, startMailbox } from './mailbox.ts';
import { seedDemoData, seedUsers } from './seed.ts';
import { seedOrganisationSettings } from './seed-organisation.ts';
import { serveStatic } from './static-server.ts';

export interface LocalOptions {
  /** Everything persistent lives here (default `.data/`). */
  dataDir?: string;
  /** 0 picks free ports (tests); once any port is 0, the mail ports not given are free ports too. */
  ports?: { site?: number; editor?: number; api?: number; dynamo?: number; smtp?: number; mailbox?: number };
  /** Mails per second the local sender delivers at most (default: the configured rate, as SES's in AWS). */
  mailRatePerSecond?: number;
  seed?: boolean;
  log?: (msg: string) => void;
  /** Every publish event as the publisher logs it (JSON), besides the console line: benchmarks read the timings. */
  onPublish?: (entry: Record<string, unknown>) => void;
  /** How often the publisher reads the whole store again to catch unannounced writes (default every 10 minutes). */
  reconcileEveryMs?: number;
  /** How often scheduled work (embargoes, takedowns, consent expiry) runs; default every 15 s, so an embargo ends on its minute. */
  scheduleEveryMs?: number;
}

export interface LocalSystem {
  urls: { site: string; editor: string; api: string; dynamo: string; mailbox: string; smtp: string };
  store: EmbeddedStore;
  mailbox: Mailbox;
  /** The local sender's queue: tests wait for it to be idle. */
  mail: InProcessMailQueue;
  gateway: Gateway;
  publisher: IncrementalPublisher;
  close(): Promise<void>;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The editor talks to itself and to this instance's API (which also serves the development
 * sign-in), on its one port: not to every local port, where other services of the
 * developer's machine listen. In AWS the stack names the API and Cognito hosts instead.
 */
const editorCsp = (apiUrl: string) =>
  `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'${apiUrl ? ` ${apiUrl}` : ''}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`;

/**
 * The whole system on one machine: dynalite (persisted), the API behind the local
 * gateway with the development identity provider, the editor's static files, the
 * publisher and the public site. `npm start` calls this; the browser tests too.
 */
export async function startLocal(opts: LocalOptions = {}): Promise<LocalSystem> {
  const log = opts.log ?? ((msg: string) => console.info(msg));
  const dataDir = resolve(opts.dataDir ?? join(REPO, '.data'));
  const anyFree = Object.values(opts.ports ?? {}).includes(0);
  const ports = { site: 4321, editor: 4322, api: 4323, dynamo: 4324, smtp: anyFree ? 0 : 4325, mailbox: anyFree ? 0 : 4326, ...opts.ports };
  mkdirSync(dataDir, { recursive: true });

  const editorBuild = ensureEditorBuilt(log);
  const store = await startDynalite({ path: join(dataDir, 'dynamo'), port: ports.dynamo });
  useEmbeddedStore(store);
  // Photos next to the store: raw uploads while processed, then their derivatives (functions/store/photo-files.ts).
  const photoDir = join(dataDir, 'photos');
  configure({ photos: { dir: photoDir } });
  await seedUsers(store.db);
  // Like the demo users, the fictional organisation settings belong to every local system: without them the site does not build.
  await seedOrganisationSettings(store.db);
  if (opts.seed !== false) {
    const seeded = await seedDemoData(store.db, clock.now(), { photos: photoFolder(photoDir) });
    if (seeded) log(`Demo-Daten angelegt: ${seeded} fiktive Geschichten.`);
  }

  // The build left on disk by the last run may hold what was taken down since (a crash right after a
  // withdrawal). Nothing is served until the store's gone addresses are known; then those are refused, and
  // if that build misses one of them, everything else waits for the first publish, since its lists and
  // feeds may still show it.
  const known = deferred();
  const firstPublish = deferred();
  let startupGone: ReadonlySet<string> | undefined;
  let held: Promise<unknown> | undefined = known.promise;
  // The gateway's address, once it listens: the sign-up page's form posts there, the editor talks to it.
  let apiUrl = '';
  const site = await serveStatic({
    port: ports.site,
    root: () => publisher.currentDir(),
    notFoundPage: '404.html',
    gone: () => startupGone,
    ready: () => held,
    csp: (path) => (apiUrl && SIGNUP_PATHS.some((p) => path.startsWith(p)) ? signupCsp(new URL(apiUrl).origin) : siteCsp(path)),
    // Previews of unpublished text, rendered on request by the publisher's renderer and never written to the site (functions/publish/preview.ts).
    dynamic: { prefix: PREVIEW_PREFIX, answer: (rest) => publisher.preview(rest) },
  });
  const siteUrl = `http://localhost:${site.port}`;
  // API_URL is added once the gateway listens, before the first build: the sign-up form's address.
  const siteEnv: Record<string, string> = {
    DYNAMODB_ENDPOINT: store.endpoint,
    TABLE_NAME: store.db.tableName,
    AWS_REGION: 'eu-central-1',
    SITE_URL: siteUrl,
    PHOTO_DIR: photoDir,
  };
  // Incremental: one full build at start, then each change renders only the pages it touches (functions/publish/incremental.ts),
  // judged by the system's clock like the scheduled run and the API (functions/runtime/clock.ts).
  const publisher = createIncrementalPublisher({
    root: join(dataDir, 'site'),
    env: siteEnv,
    db: store.db,
    log: (entry) => {
      opts.onPublish?.(entry);
      // A reconciliation that found nothing is not worth a line every ten minutes.
      if (!(entry.message === 'publish unchanged' && (entry.reasons as string[]).every((r) => r === 'Abgleich'))) log(publishLogLine(entry));
    },
  });
  try {
    const { gone, behind } = await publisher.startup();
    startupGone = gone;
    held = behind ? firstPublish.promise : undefined;
    known.resolve();
  } catch (err) {
    known.reject(err);
    throw err;
  }

  const editorRoot = join(dataDir, 'redaktion');
  // The gateway needs the editor's address (CORS), the editor's policy the gateway's: asked per
  // response, and until the gateway listens the editor may talk to itself only.
  const editor = await serveStatic({ port: ports.editor, root: () => editorRoot, csp: () => editorCsp(apiUrl), notFoundPage: 'index.html' });
  const editorUrl = `http://localhost:${editor.port}`;
  const gateway = await startGateway({
    port: ports.api,
    allowedOrigins: [editorUrl, `http://127.0.0.1:${editor.port}`],
    idp: (apiUrl) => createDevIdp({ issuer: `${apiUrl}/dev-idp`, users: () => listUsers(store.db), keyFile: join(dataDir, 'dev-idp', 'keys.json') }),
  });
  apiUrl = gateway.url;
  siteEnv.API_URL = apiUrl;

  // Every mail goes to the local SMTP server and is readable on the mailbox page; links in mails point at this instance.
  const mailbox = await startMailbox({ dir: join(dataDir, 'mail'), smtpPort: ports.smtp, httpPort: ports.mailbox });
  const { mail: mailSettings } = configure({
    siteUrl,
    mail: { ...config().mail, editorUrl, apiUrl, ...(opts.mailRatePerSecond ? { ratePerSecond: opts.mailRatePerSecond } : {}) },
  });
  const transport = smtpTransport(mailbox.smtpUrl);
  const mail = useLocalMailQueue(inProcessMailQueue({ transport, from: mailSettings.from, ratePerSecond: mailSettings.ratePerSecond }))!;
  // The queue lives in this process: sends a stopped process left unfinished go on now.
  for (const line of await resumeSends(runtimePorts(), clock.now(), 0)) log(`Versand fortgesetzt: ${line}`);

  await editorBuild;
  // The editor gets this instance's addresses at run time, as in AWS from a generated config.
  rmSync(editorRoot, { recursive: true, force: true });
  cpSync(EDITOR_DIST, editorRoot, { recursive: true });
  writeFileSync(
    join(editorRoot, 'config.json'),
    JSON.stringify(
      {
        apiUrl,
        auth: { mode: 'dev', idpUrl: `${apiUrl}/dev-idp` },
        publicSiteUrl: siteUrl,
      },
      null,
      2,
    ),
  );

  const stopListening = onContentChange((change) => {
    // Fire and forget: the API answers at once; the publisher logs its progress.
    publisher.request(change).catch((err: Error) => log(`Veröffentlichung fehlgeschlagen: ${err.message}`));
  });
  try {
    await publisher.request({ full: true, reason: 'start' });
    // The first build's own gone list holds every address now.
    startupGone = undefined;
    held = undefined;
    firstPublish.resolve();
  } catch (err) {
    firstPublish.reject(err);
    throw err;
  }

  // The local stand-in for the EventBridge rule: scheduled work every 15 s, and once at start.
  const runScheduled = () => scheduled().catch((err: Error) => log(`Geplante Prüfung fehlgeschlagen: ${err.message}`));
  const scheduled = async () => {
    for (const line of (await runScheduledJobs(runtimePorts(), clock.now())).lines) log(line);
  };
  await runScheduled();
  const timer = setInterval(runScheduled, opts.scheduleEveryMs ?? 15_000);
  // As in AWS (hourly there): the publisher reads the store again and publishes what nobody announced.
  const reconcile = setInterval(() => {
    publisher.request({ reconcile: true, reason: 'Abgleich' }).catch((err: Error) => log(`Abgleich fehlgeschlagen: ${err.message}`));
  }, opts.reconcileEveryMs ?? 600_000);

  const urls = { site: siteUrl, editor: editorUrl, api: apiUrl, dynamo: store.endpoint, mailbox: mailbox.url, smtp: mailbox.smtpUrl };
  return {
    urls,
    store,
    mailbox,
    mail,
    gateway,
    publisher,
    async close() {
      clearInterval(timer);
      clearInterval(reconcile);
      stopListening();
      await mail.idle();
      useLocalMailQueue(undefined);
      transport.close();
      await Promise.all([gateway.close(), site.close(), editor.close(), publisher.close(), mailbox.close()]);
      await store.close();
    },
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void } {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Waiters handle a rejection themselves (503); nobody else awaits it.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** One German line per publish event: what was written, what was removed, how long it took. */
export function publishLogLine(entry: Record<string, unknown>): string {
  const reasons = (entry.reasons as string[]).join(', ');
  if (entry.message === 'publish started')
    return entry.mode === 'full' ? `Website wird vollständig erstellt (${reasons}) …` : `Website wird aktualisiert (${reasons}) …`;
  if (entry.message === 'publish unchanged') return `Keine Seite geändert (${reasons}), ${entry.durationMs} ms.`;
  if (entry.message === 'publish live' && entry.mode === 'full') return `Website vollständig erstellt in ${entry.durationMs} ms (${reasons}).`;
  if (entry.message === 'publish live') {
    const written = entry.written as string[];
    const removed = entry.removed as string[];
    const search = entry.searchIndexes as string[];
    return [
      `Website aktualisiert in ${entry.durationMs} ms (${reasons}):`,
      `  geschrieben (${written.length}): ${written.join(' ') || '–'}`,
      ...(removed.length ? [`  entfernt (${removed.length}): ${removed.join(' ')}`] : []),
      ...(search.length ? [`  Suchindex neu: ${search.join(', ')}`] : []),
    ].join('\n');
  }
  return `Veröffentlichung fehlgeschlagen (${reasons}), die bisherige Fassung bleibt online: ${entry.error}`;
}

const envPort = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

async function main() {
  let system: LocalSystem;
  try {
    system = await startLocal({
      dataDir: process.env.DATA_DIR,
      ports: Object.fromEntries(
        Object.entries({
          site: envPort('SITE_PORT'),
          editor: envPort('EDITOR_PORT'),
          api: envPort('API_PORT'),
          dynamo: envPort('DYNAMO_PORT'),
          smtp: envPort('SMTP_PORT'),
          mailbox: envPort('MAILBOX_PORT'),
        }).filter(([, v]) => v !== undefined),
      ),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(
        `Port ${(err as { port?: number }).port} ist schon belegt. Läuft npm start bereits? Andere Ports: SITE_PORT, EDITOR_PORT, API_PORT, DYNAMO_PORT, SMTP_PORT, MAILBOX_PORT.`,
      );
      process.exit(1);
    }
    throw err;
  }
  const { urls } = system;
  console.info(
    [
      '',
      'Integrationsmanagement Landkreis Ludwigsburg – Presse- und Geschichten-CMS läuft:',
      `  Redaktion (Editor):   ${urls.editor}`,
      `  Öffentliche Website:  ${urls.site}`,
      `  RSS-Feed:             ${urls.site}/rss.xml`,
      `  Pressemitteilungen:   ${urls.site}/pressemitteilungen/ (Feeds: feed.xml, atom.xml, feed.json)`,
      `  API:                  ${urls.api}`,
      `  DynamoDB (dynalite):  ${urls.dynamo}`,
      `  Postfach (alle Mails): ${urls.mailbox} (SMTP: ${urls.smtp})`,
      '',
      'Anmeldung in der Redaktion mit einem Demo-Konto aus der Liste (nur lokal).',
      'Daten liegen unter .data/ – löschen, um mit frischen Demo-Daten zu beginnen. Beenden mit Strg+C.',
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await system.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
