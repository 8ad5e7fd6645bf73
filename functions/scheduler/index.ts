import { runtimePorts } from '@newsroom/operations/ports.ts';
import { runScheduledJobs } from '@newsroom/operations/scheduled.ts';
import { clock } from '@newsroom/runtime/clock.ts';
import { logger } from '@newsroom/telemetry/logger.ts';
import type { ScheduledEvent } from 'aws-lambda';

/** The scheduled work (functions/operations/scheduled.ts), invoked by an EventBridge rule in AWS. */
export async function handler(event?: Pick<ScheduledEvent, 'time'>) {
  const now = event?.time ? new Date(event.time) : clock.now();
  const { results } = await runScheduledJobs(runtimePorts(), now);
  logger.info('scheduled run', { at: now.toISOString(), ...results });
  return results;
}
