/**
 * Content changes that affect the public site. Operations announce them (announce.ts);
 * whoever publishes listens: locally the publisher in the same process (in-process.ts),
 * in AWS EventBridge, whose rule queues them for the publisher Lambda (bus.ts,
 * infra/aws/publisher.ts). Which of the two is chosen once, from the configuration
 * (functions/runtime/adapters.ts).
 */
export interface ContentChange {
  /** 'statistics': a snapshot was published, corrected or taken down; `id` is its reporting date. 'settings': the organisation settings, `id` 'organisation'. */
  kind: 'story' | 'release' | 'statistics' | 'settings';
  id: string;
  /** What happened, for the publisher's log; its dependency map reads the item itself. */
  change: 'published' | 'updated' | 'unpublished' | 'withdrawn';
  at: string;
}

/** Where content changes go. */
export interface ContentEvents {
  announce(change: ContentChange): Promise<void>;
}
