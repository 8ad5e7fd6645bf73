import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandOutput, DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Contact, type ContactAuditEntry } from '@newsroom/domain/distribution.ts';
import { ConflictError } from '@newsroom/domain/errors.ts';
import { normalizeAddress } from '@newsroom/domain/mail.ts';
import { type Db, db } from './client.ts';
import type { Suppression } from './mail.ts';
import { mirrorAudit, putNew, queryAll, stripKeys, writeVersion } from './versioned.ts';

/**
 * The press distribution's contacts (functions/domain/distribution.ts):
 *
 * | #  | pattern                                               | key / index                                              |
 * |----|-------------------------------------------------------|----------------------------------------------------------|
 * | D1 | a contact by id (the id is derived from the address, so an address is one contact by construction) | PK = CONTACT#<id>, SK = CONTACT |
 * | D2 | every contact, by name (the press office's list)      | GSI1: GSI1PK = CONTACTS, GSI1SK = <name, lower case>#<id> |
 * | D3 | the contacts that may be mailed (a send's recipients, the lists' counts) | GSI2 (sparse, only while active): GSI2PK = CONTACTS#ACTIVE, GSI2SK = <id> |
 * | D4 | whether addresses are suppressed (pattern M2, read in batches) | PK = SUPPRESSED#<address>, SK = SUPPRESSED    |
 * | D5 | sign-ups whose confirmation link ran out by a time (the scheduled run deletes them) | GSI3 (sparse, only while waiting): GSI3PK = CONTACTS#PENDING, GSI3SK = <link expiry>#<id> |
 *
 * Every change is one conditional write guarded by `version`, carrying its audit entry
 * (the item keeps its last 20; the global trail keeps all of them, without names or
 * addresses: only `CONTACT#<id>`).
 */

const key = (id: string) => ({ PK: `CONTACT#${id}`, SK: 'CONTACT' });
const AUDIT_KEPT = 20;

/** The contact id of an address: a digest, so the address itself is in no key or audit line. */
export const contactIdOf = (address: string) => createHash('sha256').update(normalizeAddress(address)).digest('base64url').slice(0, 22);

function indexKeys(c: Contact) {
  return {
    GSI1PK: 'CONTACTS',
    GSI1SK: `${c.name.toLowerCase()}#${c.id}`,
    GSI2PK: c.status === 'active' ? 'CONTACTS#ACTIVE' : undefined,
    GSI2SK: c.status === 'active' ? c.id : undefined,
    GSI3PK: c.status === 'pending' ? 'CONTACTS#PENDING' : undefined,
    GSI3SK: c.status === 'pending' ? `${c.secrets.confirmationExpiresAt}#${c.id}` : undefined,
  };
}

const fromItem = (item: Record<string, unknown>): Contact => Contact.parse(stripKeys(item));

export async function getContact(id: string, d: Db = db()): Promise<Contact | undefined> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: key(id), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
}

/** Stores a new contact; ConflictError when the address is already a contact. */
export async function putNewContact(c: Contact, d: Db = db()): Promise<Contact> {
  try {
    await putNew(d, key(c.id), indexKeys(c), c);
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException')
      throw new ConflictError('contact', await getContact(c.id, d));
    throw err;
  }
  return c;
}

/** Writes `next` over `current` with its audit entry, guarded by `current.version`. */
export async function updateContact(
  current: Contact,
  next: Omit<Contact, 'version' | 'audit' | 'updatedAt'>,
  entry: ContactAuditEntry,
  d: Db = db(),
): Promise<Contact> {
  const full: Contact = { ...next, updatedAt: entry.at, version: current.version + 1, audit: [...current.audit, entry].slice(-AUDIT_KEPT) };
  return fromItem(
    await writeVersion(d, key(current.id), current, full, indexKeys(full), entry, () => getContact(current.id, d), { entity: 'contact', audit: 'attribute' }),
  );
}

/** Deletes the contact if it is still at `version`; the audit line stays, without name or address. */
export async function deleteContact(id: string, version: number, entry: ContactAuditEntry, d: Db = db()): Promise<void> {
  try {
    await d.doc.send(
      new DeleteCommand({
        TableName: d.tableName,
        Key: key(id),
        ConditionExpression: 'attribute_exists(PK) AND #v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': version },
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException')
      throw new ConflictError('contact', await getContact(id, d));
    throw err;
  }
  await mirrorAudit(d, key(id), entry);
}

/** D2: every contact, by name. */
export async function allContacts(d: Db = db()): Promise<Contact[]> {
  return (await queryAll(d, 'GSI1', 'CONTACTS', { ascending: true })).map(fromItem);
}

/** D3: every contact that is active (suppression is checked separately, with `suppressionsOf`). */
export async function activeContacts(d: Db = db()): Promise<Contact[]> {
  return (await queryAll(d, 'GSI2', 'CONTACTS#ACTIVE', { ascending: true })).map(fromItem);
}

/** D5: the sign-ups still waiting whose confirmation link ran out at or before `now`. */
export async function expiredSignups(now: Date, d: Db = db()): Promise<Contact[]> {
  return (await queryAll(d, 'GSI3', 'CONTACTS#PENDING', { atMost: `${now.toISOString()}#~`, ascending: true })).map(fromItem);
}

/** D4: the suppression entries of these addresses, by address. */
export async function suppressionsOf(addresses: readonly string[], d: Db = db()): Promise<Map<string, Suppression>> {
  const found = new Map<string, Suppression>();
  const unique = [...new Set(addresses.map(normalizeAddress))];
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((a) => ({ PK: `SUPPRESSED#${a}`, SK: 'SUPPRESSED' }));
    while (keys?.length) {
      const out: BatchGetCommandOutput = await d.doc.send(new BatchGetCommand({ RequestItems: { [d.tableName]: { Keys: keys } } }));
      for (const item of out.Responses?.[d.tableName] ?? []) {
        const s = stripKeys(item) as unknown as Suppression;
        found.set(s.address, s);
      }
      keys = out.UnprocessedKeys?.[d.tableName]?.Keys;
    }
  }
  return found;
}
