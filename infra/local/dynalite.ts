import { mkdirSync } from 'node:fs';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { configure } from '@newsroom/runtime/config.ts';
import { type Db, db } from '@newsroom/store/client.ts';
import { TABLE } from '@newsroom/store/table.ts';
import { hostAllowed, loopbackHosts, wrongHostDetail } from './host-check.ts';
import { createTable, describeTable, settled, upgradeTable } from './table-upgrade.ts';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (opts: Record<string, unknown>) => Server;

export interface EmbeddedStore {
  endpoint: string;
  db: Db;
  close(): Promise<void>;
}

/** Points the functions in this process at the embedded store: what the stack's TABLE_NAME is in AWS. */
export function useEmbeddedStore(store: EmbeddedStore): void {
  configure({ store: { endpoint: store.endpoint, region: 'eu-central-1', tableName: store.db.tableName } });
}

/**
 * Starts dynalite in this process. With `path` the data persists in LevelDB files
 * (npm start uses `.data/dynamo`); without, it lives in memory (tests).
 *
 * dynalite answers every CORS preflight with "anything goes", and the store holds every
 * consent and user: any web page the developer visits could read it. So a guard sits in
 * front of dynalite's own request handler and lets through only what the AWS SDK sends:
 * no Origin header (browsers send one on every cross-origin write and preflight), no
 * preflight, and the loopback address as Host (a domain rebound to 127.0.0.1 is refused).
 */
export async function startDynalite(opts: { path?: string; port?: number; tableName?: string } = {}): Promise<EmbeddedStore> {
  if (opts.path) mkdirSync(opts.path, { recursive: true });
  const server = dynalite({ ...(opts.path ? { path: opts.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  guard(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = db({ endpoint, region: 'eu-central-1', tableName: opts.tableName ?? TABLE.defaultName });
  await ensureTable(store);
  return {
    endpoint,
    db: store,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Puts the checks before dynalite's handler, on the same server: no second hop for every call of the SDK. */
function guard(server: Server): void {
  const dynaliteHandlers = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const refuse = (status: number, message: string) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-content-type-options': 'nosniff' });
      res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#AccessDeniedException', message }));
    };
    if (req.headers.origin !== undefined || req.method === 'OPTIONS') {
      return refuse(403, 'Der lokale Datenspeicher antwortet keiner Webseite, nur Programmen auf diesem Rechner.');
    }
    const hosts = loopbackHosts((server.address() as AddressInfo).port);
    if (!hostAllowed(req, hosts)) return refuse(421, wrongHostDetail(hosts));
    for (const handle of dynaliteHandlers) handle.call(server, req, res);
  });
}

/**
 * Creates the table from the single table definition unless it exists; a table written
 * by an older definition gets the indexes added since (table-upgrade.ts).
 */
export async function ensureTable(store: Db): Promise<void> {
  await upgradeTable(store);
  if (await describeTable(store)) await settled(store, false);
  else await createTable(store);
}
