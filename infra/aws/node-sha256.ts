/**
 * What the Lambda bundles get for `@noble/hashes/sha2.js` and `@noble/hashes/utils.js`
 * (infra/aws/bundle.ts): the same SHA-256 from Node's own crypto instead of ~6 KB of pure JS.
 * The domain keeps noble because the editor hashes in the browser (functions/domain/read-back.ts);
 * test/infra/node-sha256.test.ts checks that both give the same hashes.
 * Only what the domain imports is here: any other import of those modules fails the bundle.
 */
import { createHash } from 'node:crypto';

export const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

export const bytesToHex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

export const utf8ToBytes = (text: string): Uint8Array => new TextEncoder().encode(text);
