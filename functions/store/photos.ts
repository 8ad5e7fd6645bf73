import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PartnerId } from '@newsroom/domain/partners.ts';
import { type PhotoOwner, PhotoRecord } from '@newsroom/domain/photos.ts';
import { type Db, db } from './client.ts';
import { queryAll, stripKeys } from './versioned.ts';

/**
 * Photo records (access patterns P1–P3, beside the table's list in table.ts):
 *
 * | #  | pattern                                   | key / index                                                |
 * |----|-------------------------------------------|------------------------------------------------------------|
 * | P1 | photo by id                               | PK = PHOTO#<id>, SK = PHOTO                                |
 * | P2 | the photos uploaded for an item (erasure, the editor's grid) | GSI1: GSI1PK = PHOTOS#<kind>#<item id>, GSI1SK = <createdAt>#<id> |
 * | P3 | a partner's photos, newest first (the media library); those uploaded in a window of time (the cleanup of undescribed uploads) | GSI2: GSI2PK = PHOTOS#<partner>, GSI2SK = <createdAt>#<id> |
 *
 * A record changes only by processing (awaiting-upload → ready or refused) and goes with
 * its item's erasure; each change is one conditional write on the state it read.
 */
const key = (id: string) => ({ PK: `PHOTO#${id}`, SK: 'PHOTO' });
const indexKeys = (p: PhotoRecord) => ({
  GSI1PK: `PHOTOS#${p.owner.kind}#${p.owner.id}`,
  GSI1SK: `${p.createdAt}#${p.id}`,
  GSI2PK: `PHOTOS#${p.partner}`,
  GSI2SK: `${p.createdAt}#${p.id}`,
});

export async function putNewPhoto(photo: PhotoRecord, d: Db = db()): Promise<void> {
  await d.doc.send(
    new PutCommand({ TableName: d.tableName, Item: { ...key(photo.id), ...indexKeys(photo), ...photo }, ConditionExpression: 'attribute_not_exists(PK)' }),
  );
}

export async function getPhoto(id: string, d: Db = db()): Promise<PhotoRecord | undefined> {
  const out = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: key(id), ConsistentRead: true }));
  return out.Item ? PhotoRecord.parse(stripKeys(out.Item)) : undefined;
}

/** Writes the processed (or refused) record, if it still awaits its upload: a second upload to the same key changes nothing. */
export async function finishPhoto(photo: PhotoRecord, d: Db = db()): Promise<boolean> {
  try {
    await d.doc.send(
      new PutCommand({
        TableName: d.tableName,
        Item: { ...key(photo.id), ...indexKeys(photo), ...photo },
        ConditionExpression: '#state = :awaiting',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':awaiting': 'awaiting-upload' },
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

export async function deletePhoto(id: string, d: Db = db()): Promise<void> {
  await d.doc.send(new DeleteCommand({ TableName: d.tableName, Key: key(id) }));
}

export async function photosOf(owner: PhotoOwner, d: Db = db()): Promise<PhotoRecord[]> {
  return (await queryAll(d, 'GSI1', `PHOTOS#${owner.kind}#${owner.id}`)).map((i) => PhotoRecord.parse(stripKeys(i)));
}

/** Access pattern P3 in a window: a partner's photos created from `from` up to `until` (ISO instants), oldest first. */
export async function photosOfPartnerCreated(partner: PartnerId, from: string, until: string, d: Db = db()): Promise<PhotoRecord[]> {
  return (await queryAll(d, 'GSI2', `PHOTOS#${partner}`, { atLeast: from, atMost: `${until}#~`, ascending: true })).map((i) => PhotoRecord.parse(stripKeys(i)));
}

export async function photosOfPartner(partner: PartnerId, d: Db = db()): Promise<PhotoRecord[]> {
  return (await queryAll(d, 'GSI2', `PHOTOS#${partner}`)).map((i) => PhotoRecord.parse(stripKeys(i)));
}
