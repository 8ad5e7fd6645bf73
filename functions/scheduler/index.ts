import type { ScheduledEvent } from 'aws-lambda';
import { runtimePorts } from '../operations/ports.ts';
import { runScheduledJobs } from '../operations/scheduled.ts';
import { logger } from '../telemetry/logger.ts';

/** The scheduled work (functions/operations/scheduled.ts), invoked by an EventBridge rule in AWS. */
export async function handler(event?: Pick<ScheduledEvent, 'time'>) {
  const now = event?.time ? new Date(event.time) : new Date();
  const { results } = await runScheduledJobs(runtimePorts(), now);
  logger.info('scheduled run', { at: now.toISOString(), ...results });
  return results;
}
