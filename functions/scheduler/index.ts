import type { ScheduledEvent } from 'aws-lambda';
import { takeDownExpired } from './expiry.ts';

/**
 * Scheduled work, invoked by an EventBridge rule in AWS and by a timer in `npm start`:
 * consent expiry takes published stories down.
 */
export async function handler(event?: Pick<ScheduledEvent, 'time'>) {
  const now = event?.time ? new Date(event.time) : new Date();
  const result = await takeDownExpired(now);
  console.info(JSON.stringify({ level: 'INFO', message: 'scheduled run', at: now.toISOString(), ...result }));
  return result;
}
