import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { openApiDocument } from './openapi.ts';
import { ROUTES } from './routes.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** For people and tools: the contract as a file, whose diff shows every change to it. */
export const DOCUMENT_PATH = join(REPO, 'docs', 'openapi.json');
/** For `GET /openapi.json`: compressed, so the meta function carries ten kilobytes instead of every route's schemas. */
export const EMBEDDED_PATH = join(REPO, 'functions', 'meta', 'openapi-document.ts');

export const documentText = () => `${JSON.stringify(openApiDocument(ROUTES), null, 2)}\n`;

export function embeddedModule(text: string): string {
  const compressed = brotliCompressSync(JSON.stringify(JSON.parse(text)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');
  return [
    '// Written by `npm run openapi` (functions/http/openapi-cli.ts) from the route table; test/integration/openapi.test.ts checks it is current.',
    '/** The API document (docs/openapi.json), minified and Brotli-compressed, in base64. */',
    `export const OPENAPI_DOCUMENT_BROTLI = '${compressed}';`,
    '',
  ].join('\n');
}

/** `npm run openapi`: writes docs/openapi.json and the copy the meta function serves. */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = documentText();
  mkdirSync(dirname(DOCUMENT_PATH), { recursive: true });
  writeFileSync(DOCUMENT_PATH, text);
  writeFileSync(EMBEDDED_PATH, embeddedModule(text));
  console.log(`API-Beschreibung geschrieben: ${DOCUMENT_PATH} und ${EMBEDDED_PATH}`);
}
