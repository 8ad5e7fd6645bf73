import { contentEvents } from '@newsroom/runtime/adapters.ts';
import { logger } from '@newsroom/telemetry/logger.ts';
import { countContentChange } from '@newsroom/telemetry/metrics.ts';
import type { ContentChange } from './changes.ts';

/** A change of the public site: logged, counted as a metric, then handed to this runtime's publisher (runtime/adapters.ts). */
export async function announce(change: ContentChange): Promise<void> {
  logger.info('content change', { ...change });
  countContentChange(change.kind, change.change);
  await contentEvents().announce(change);
}
