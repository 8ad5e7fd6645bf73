import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type PreviewKind, PreviewLink } from '@newsroom/domain/preview.ts';
import { type Db, db } from './client.ts';
import { mirrorAudit, queryAll, stripKeys } from './versioned.ts';

/**
 * Preview links (access patterns P1, P2 in table.ts). A link is one item keyed by the
 * SHA-256 of its token: PK = PREVIEW#<hash>, SK = PREVIEW, so opening a preview is one
 * GetItem and the token itself is stored nowhere. The item's links are a Query on
 * GSI1 (GSI1PK = PREVIEWS#<kind>#<item id>, GSI1SK = <createdAt>#<id>). Creating is one
 * conditional PutItem, revoking one conditional UpdateItem (only a link not yet revoked);
 * each lands in the global audit trail under the item's own key, so the trail of the
 * story or release shows who let whom see it.
 */

export const hashPreviewToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
/** The name of a link in lists and addresses: the start of its hash, which opens nothing. */
export const previewIdOf = (hash: string) => hash.slice(0, 16);

const key = (hash: string) => ({ PK: `PREVIEW#${hash}`, SK: 'PREVIEW' });
const itemKey = (kind: PreviewKind, itemId: string) => `PREVIEWS#${kind}#${itemId}`;
const entity = (kind: PreviewKind, itemId: string) => ({ PK: `${kind === 'story' ? 'STORY' : 'RELEASE'}#${itemId}` });

const parse = (item: Record<string, unknown>) => PreviewLink.parse(stripKeys(item));

export async function putPreviewLink(hash: string, link: PreviewLink, d: Db = db()): Promise<void> {
  await d.doc.send(
    new PutCommand({
      TableName: d.tableName,
      Item: { ...key(hash), GSI1PK: itemKey(link.kind, link.itemId), GSI1SK: `${link.createdAt}#${link.id}`, hash, ...link },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  await mirrorAudit(d, entity(link.kind, link.itemId), { at: link.createdAt, by: link.createdBy, byName: link.createdByName, action: 'preview-link-created' });
}

/** P1: the link a token opens, or undefined. */
export async function previewLinkByToken(token: string, d: Db = db()): Promise<PreviewLink | undefined> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: key(hashPreviewToken(token)), ConsistentRead: true }));
  return out.Item ? parse(out.Item) : undefined;
}

/** P2: an item's links, newest first, with the hash each is kept under. */
export async function previewLinksOf(kind: PreviewKind, itemId: string, d: Db = db()): Promise<{ hash: string; link: PreviewLink }[]> {
  const items = await queryAll(d, 'GSI1', itemKey(kind, itemId));
  return items.map((item) => ({ hash: item.hash as string, link: parse(item) }));
}

/** Marks the link revoked; false when it already was (someone else was quicker). */
export async function revokePreviewLink(hash: string, link: PreviewLink, by: { sub: string; name: string }, at: string, d: Db = db()): Promise<boolean> {
  try {
    await d.doc.send(
      new UpdateCommand({
        TableName: d.tableName,
        Key: key(hash),
        UpdateExpression: 'SET revokedAt = :at, revokedBy = :by, revokedByName = :name',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':at': at, ':by': by.sub, ':name': by.name },
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
  await mirrorAudit(d, entity(link.kind, link.itemId), { at, by: by.sub, byName: by.name, action: 'preview-link-revoked' });
  return true;
}
