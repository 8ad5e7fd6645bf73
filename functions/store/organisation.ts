import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '@newsroom/domain/errors.ts';
import { emptySettings, OrganisationSettings } from '@newsroom/domain/organisation.ts';
import { withoutUnsafeText } from '@newsroom/domain/text.ts';
import { type Db, db } from './client.ts';
import { mirrorAudit, stripKeys } from './versioned.ts';

/**
 * The organisation settings (access patterns O1, O2 in table.ts): every saved version is
 * its own item, PK = ORG#SETTINGS, SK = V#<version, zero-padded>. Saving is one PutItem
 * of the next version on condition that it does not exist yet: that condition is the
 * optimistic lock (two administrators saving version 4 cannot both win), and the item
 * carries its own audit entry, so the change and its record land in one write. The
 * current settings are the newest version: one Query, newest first, limit 1.
 */

const PK = 'ORG#SETTINGS';
const sk = (version: number) => `V#${String(version).padStart(6, '0')}`;

const parse = (item: Record<string, unknown>) => OrganisationSettings.parse(withoutUnsafeText(stripKeys(item)));

async function newest(d: Db, limit: number): Promise<OrganisationSettings[]> {
  const out = await d.doc.send(
    new QueryCommand({
      TableName: d.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
      ExpressionAttributeValues: { ':pk': PK, ':v': 'V#' },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(parse);
}

/** O1: the current settings; version 0 with nothing set before an administrator first saves. */
export async function getOrganisationSettings(d: Db = db()): Promise<OrganisationSettings> {
  return (await newest(d, 1))[0] ?? emptySettings();
}

/** O2: the last `limit` saved versions, newest first (who changed what, and the values then). */
export const organisationSettingsHistory = (limit = 50, d: Db = db()) => newest(d, limit);

/** Saves `next` (its version: the current one + 1); ConflictError with the current settings if someone saved first. */
export async function putOrganisationSettings(next: OrganisationSettings, d: Db = db()): Promise<OrganisationSettings> {
  try {
    await d.doc.send(new PutCommand({ TableName: d.tableName, Item: { PK, SK: sk(next.version), ...next }, ConditionExpression: 'attribute_not_exists(PK)' }));
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') {
      throw new ConflictError('settings', await getOrganisationSettings(d));
    }
    throw err;
  }
  await mirrorAudit(d, { PK }, next.change);
  return next;
}
