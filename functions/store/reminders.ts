import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, db } from './client.ts';

/**
 * Reminders already given (functions/operations/reminders.ts):
 *
 * | #  | pattern                                  | key                                     |
 * |----|------------------------------------------|-----------------------------------------|
 * | M5 | whether a person was told of an event    | PK = REMINDER#<event>:<subject>, SK = REMINDER |
 *
 * One conditional write per event and person: the scheduled run that repeats, or two
 * runs at once, tell each person once.
 */
export async function claimReminder(key: string, at: Date, d: Db = db()): Promise<boolean> {
  try {
    await d.doc.send(
      new PutCommand({
        TableName: d.tableName,
        Item: { PK: `REMINDER#${key}`, SK: 'REMINDER', at: at.toISOString() },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}
