import { logger } from '../telemetry/logger.ts';
import { countContentChange } from '../telemetry/metrics.ts';

/**
 * Content changes that affect the public site. Handlers announce them; whoever
 * publishes listens. Locally the gateway process registers the publisher as a
 * listener; in AWS the publishing path is not wired yet (see README), so the
 * announcement is logged for the record.
 */
export interface ContentChange {
  /** 'statistics': a snapshot was published, corrected or taken down; `id` is its reporting date. */
  kind: 'story' | 'release' | 'statistics';
  id: string;
  /** What happened, for the publisher's log and (later) its dependency map. */
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
  if (listeners.size === 0) {
    logger.info('content change', { ...change });
    return;
  }
  await Promise.all([...listeners].map((l) => l(change)));
}
