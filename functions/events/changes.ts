import { logger } from '../telemetry/logger.ts';
import { countContentChange } from '../telemetry/metrics.ts';
import { putContentEvent } from './bus.ts';

/**
 * Content changes that affect the public site. Handlers announce them; whoever
 * publishes listens. Locally the gateway process registers the publisher as a
 * listener; in AWS (CONTENT_EVENT_BUS set) the announcement goes to EventBridge, whose
 * rule queues it for the publisher Lambda (infra/aws/publisher.ts).
 */
export interface ContentChange {
  /** 'statistics': a snapshot was published, corrected or taken down; `id` is its reporting date. */
  kind: 'story' | 'release' | 'statistics';
  id: string;
  /** What happened, for the publisher's log; its dependency map reads the item itself. */
  change: 'published' | 'updated' | 'unpublished' | 'withdrawn';
  at: string;
}

type Listener = (change: ContentChange) => void | Promise<void>;
const listeners = new Set<Listener>();

export function onContentChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function announce(change: ContentChange): Promise<void> {
  countContentChange(change.kind, change.change);
  if (listeners.size > 0) {
    await Promise.all([...listeners].map((l) => l(change)));
    return;
  }
  logger.info('content change', { ...change });
  if (process.env.CONTENT_EVENT_BUS) await putContentEvent(change, process.env.CONTENT_EVENT_BUS);
}
