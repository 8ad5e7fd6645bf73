import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import * as z from 'zod/mini';
import type { ContentEvents } from './changes.ts';

/** The EventBridge event every content change becomes in AWS (source and detail-type the publisher's rule matches). */
export const CONTENT_EVENT_SOURCE = 'newsroom.content';
export const CONTENT_EVENT_TYPE = 'ContentChanged';

/** The event's detail: a ContentChange (changes.ts), parsed at the publisher's edge. */
export const ContentChangeDetail = z.object({
  kind: z.enum(['story', 'release', 'statistics', 'settings']),
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  change: z.enum(['published', 'updated', 'unpublished', 'withdrawn']),
  at: z.string(),
});
export type ContentChangeDetail = z.infer<typeof ContentChangeDetail>;

let client: EventBridgeClient | undefined;

/**
 * Puts one content change on the bus. A failed put throws: the handler's request fails
 * and is logged, and the publisher's hourly reconciliation finds the change anyway
 * (functions/publish/lambda). The SDK client loads on the first change, so the functions
 * that never announce one (meta, users) do not load it at start.
 */
export async function putContentEvent(change: ContentChangeDetail, bus: string): Promise<void> {
  const { EventBridgeClient, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
  client ??= new EventBridgeClient({});
  const out = await client.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: bus, Source: CONTENT_EVENT_SOURCE, DetailType: CONTENT_EVENT_TYPE, Detail: JSON.stringify(change) }],
    }),
  );
  if (out.FailedEntryCount) throw new Error(`content event not accepted: ${out.Entries?.[0]?.ErrorCode} ${out.Entries?.[0]?.ErrorMessage}`);
}

/** Content changes for the publisher in AWS, through the bus. */
export const eventBridgeEvents = (bus: string): ContentEvents => ({ announce: (change) => putContentEvent(change, bus) });
