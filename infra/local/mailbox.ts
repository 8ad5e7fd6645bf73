import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { escapeHtml } from '@newsroom/domain/mail.ts';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { hostAllowed, loopbackHosts, wrongHostDetail } from './host-check.ts';

/**
 * The local stand-in for the recipients' mail servers: a real SMTP server (smtp-server)
 * that accepts every mail and keeps it as raw `.eml` under `<dir>`, and a mailbox page
 * where a developer reads them (HTML, text and every header, parsed by mailparser).
 * Like a real receiving server it refuses some addresses for good: every address at
 * `unzustellbar.example` gets 550, which the sender takes as a hard bounce.
 */
export const UNDELIVERABLE_DOMAIN = 'unzustellbar.example';

export interface ReceivedMail {
  id: string;
  receivedAt: string;
  /** The SMTP envelope: who the sending server said it was from and to. */
  envelope: { from: string; to: string[] };
}

export interface Mailbox {
  smtpUrl: string;
  url: string;
  /** Every mail received, oldest first (also those of earlier runs in the same folder). */
  mails(): ReceivedMail[];
  parsed(id: string): Promise<ParsedMail>;
  raw(id: string): string;
  close(): Promise<void>;
}

export async function startMailbox(opts: { dir: string; smtpPort?: number; httpPort?: number }): Promise<Mailbox> {
  mkdirSync(opts.dir, { recursive: true });
  const received: ReceivedMail[] = readdirSync(opts.dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(opts.dir, f), 'utf8')) as ReceivedMail);
  let seq = 0;
  const newId = () => `${Date.now().toString().padStart(14, '0')}-${String(seq++).padStart(6, '0')}`;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    banner: 'Lokales Postfach des Newsroom',
    logger: false,
    // The senders' pool keeps connections open; the default limit of 100 messages each is not the point here.
    maxClients: 50,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase().endsWith(`@${UNDELIVERABLE_DOMAIN}`)) {
        const err = Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 });
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const id = newId();
        const mail: ReceivedMail = {
          id,
          receivedAt: new Date().toISOString(),
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
        };
        writeFileSync(join(opts.dir, `${id}.eml`), Buffer.concat(chunks));
        writeFileSync(join(opts.dir, `${id}.json`), JSON.stringify(mail));
        received.push(mail);
        callback(null, `Angenommen als ${id}`);
      });
    },
  });
  const smtpListening = smtp.listen(opts.smtpPort ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    smtpListening.once('listening', () => resolve());
    smtpListening.once('error', reject);
  });
  const smtpPort = (smtpListening.address() as AddressInfo).port;

  const parsedCache = new Map<string, Promise<ParsedMail>>();
  const raw = (id: string) => readFileSync(join(opts.dir, `${id.replace(/[^\d-]/g, '')}.eml`), 'utf8');
  const parsed = (id: string) => {
    let p = parsedCache.get(id);
    if (!p) {
      p = simpleParser(raw(id));
      parsedCache.set(id, p);
    }
    return p;
  };

  let allowed = new Set<string>();
  const http: Server = createServer(async (req, res) => {
    if (!hostAllowed(req, allowed)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end(wrongHostDetail(allowed));
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    try {
      if (path === '/') return page(res, 'Postfach', await listHtml(received, parsed));
      if (path === '/mails.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
        return;
      }
      const match = /^\/mail\/([\d-]+)(\/html|\.eml)?$/.exec(path);
      const mail = match && received.find((m) => m.id === match[1]);
      if (!mail) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Diese Mail gibt es nicht.');
        return;
      }
      if (match[2] === '.eml') {
        res.writeHead(200, { 'content-type': 'message/rfc822' }).end(raw(mail.id));
        return;
      }
      const p = await parsed(mail.id);
      if (match[2] === '/html') {
        // The mail's own HTML, in a sandbox without script, forms or requests to other hosts: as a careful mail client shows it.
        res
          .writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:",
          })
          .end(p.html || '<p>(kein HTML-Teil)</p>');
        return;
      }
      return page(res, p.subject ?? '(ohne Betreff)', detailHtml(mail, p));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`Fehler im Postfach: ${(err as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.httpPort ?? 0, '127.0.0.1', () => resolve());
  });
  const httpPort = (http.address() as AddressInfo).port;
  allowed = loopbackHosts(httpPort);

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    url: `http://localhost:${httpPort}`,
    mails: () => [...received],
    parsed,
    raw,
    async close() {
      http.closeAllConnections();
      await Promise.all([new Promise<void>((r) => http.close(() => r())), new Promise<void>((r) => smtp.close(() => r()))]);
    },
  };
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f4f4f2;padding:1rem}iframe{width:100%;height:40rem;border:1px solid #ccc}@media (prefers-color-scheme:dark){body{background:#121212;color:#eee}pre{background:#1c1c1c}a{color:#8cc4ff}}';

function page(res: import('node:http').ServerResponse, title: string, body: string) {
  res
    .writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'",
    })
    .end(
      `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – lokales Postfach</title><style>${STYLE}</style></head><body>${body}</body></html>`,
    );
}

const dateTime = (iso: string) => new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' });

async function listHtml(received: ReceivedMail[], parsed: (id: string) => Promise<ParsedMail>): Promise<string> {
  const newest = [...received].reverse().slice(0, 500);
  const rows = await Promise.all(
    newest.map(async (m) => {
      const p = await parsed(m.id);
      return `<tr><td>${escapeHtml(dateTime(m.receivedAt))}</td><td>${escapeHtml(m.envelope.to.join(', '))}</td><td><a href="/mail/${m.id}">${escapeHtml(p.subject ?? '(ohne Betreff)')}</a></td></tr>`;
    }),
  );
  return [
    '<h1>Lokales Postfach</h1>',
    `<p>${received.length} Mails empfangen (alle Adressen; neueste zuerst${received.length > 500 ? ', die letzten 500' : ''}). Mails an <code>@${UNDELIVERABLE_DOMAIN}</code> werden wie von einem echten Server dauerhaft abgewiesen.</p>`,
    '<table><thead><tr><th scope="col">Empfangen</th><th scope="col">An</th><th scope="col">Betreff</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
  ].join('\n');
}

function detailHtml(mail: ReceivedMail, p: ParsedMail): string {
  const headers = p.headerLines.map(
    (h) =>
      `<tr><th scope="row">${escapeHtml(h.line.slice(0, h.line.indexOf(':')))}</th><td>${escapeHtml(h.line.slice(h.line.indexOf(':') + 1).trim())}</td></tr>`,
  );
  return [
    `<p><a href="/">Zurück zum Postfach</a> · <a href="/mail/${mail.id}.eml">Rohfassung (.eml)</a></p>`,
    `<h1>${escapeHtml(p.subject ?? '(ohne Betreff)')}</h1>`,
    `<p>Empfangen ${escapeHtml(dateTime(mail.receivedAt))} für ${escapeHtml(mail.envelope.to.join(', '))}</p>`,
    '<h2>HTML</h2>',
    `<iframe title="HTML-Fassung der Mail" src="/mail/${mail.id}/html" sandbox></iframe>`,
    '<h2>Text</h2>',
    `<pre>${escapeHtml(p.text ?? '(kein Textteil)')}</pre>`,
    '<h2>Kopfzeilen</h2>',
    `<table><tbody>${headers.join('')}</tbody></table>`,
  ].join('\n');
}
