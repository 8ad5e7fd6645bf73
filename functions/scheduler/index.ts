import type { ScheduledEvent } from 'aws-lambda';
import { takeDownExpired } from './expiry.ts';
import { eraseStaleDrafts } from '../stories/erasure.ts';
import { runReleaseSchedule } from './releases.ts';
import { logger } from '../telemetry/logger.ts';

/**
 * Scheduled work, invoked by an EventBridge rule in AWS and by a timer in `npm start`:
 * embargo ends and scheduled takedowns of press releases, consent expiry, and the
 * retention rule for never-published drafts.
 */
export async function handler(event?: Pick<ScheduledEvent, 'time'>) {
  const now = event?.time ? new Date(event.time) : new Date();
  const result = { releases: await runReleaseSchedule(now), stories: await takeDownExpired(now), erasedDrafts: await eraseStaleDrafts(now) };
  logger.info('scheduled run', { at: now.toISOString(), ...result });
  return result;
}
