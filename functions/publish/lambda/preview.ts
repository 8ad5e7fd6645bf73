import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREVIEW_PREFIX } from '@newsroom/domain/preview.ts';
import { clock } from '@newsroom/runtime/clock.ts';
import { config } from '@newsroom/runtime/config.ts';
import { db } from '@newsroom/store/client.ts';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { previewResponse } from '../preview.ts';
import { loadRenderer, type SiteRenderer } from '../renderer.ts';

/**
 * The preview in AWS: CloudFront sends `/vorschau/*` of the public site's address to this
 * function's URL (infra/aws/publisher.ts), so a preview has the site's address, styles and
 * links. It ships in the publisher's bundle and loads the same renderer; one request at a
 * time per container, so its render pass never meets another. Every image variant of the
 * site is already in the bucket (the deployment uploads them all), so only the item's own
 * photos are served under the link.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
let renderer: Promise<SiteRenderer> | undefined;

/** The header CloudFront's viewer-request function sets from the host the reader used (infra/aws/publisher.ts); readers cannot set it. */
export const SITE_HOST_HEADER = 'x-newsroom-site-host';

export async function handler(event: Pick<APIGatewayProxyEventV2, 'rawPath' | 'headers'>): Promise<APIGatewayProxyStructuredResultV2> {
  const { siteUrl, publisher } = config();
  const host = event.headers?.[SITE_HOST_HEADER];
  // The site's address is fixed per deployment: the first request's is every request's.
  renderer ??= loadRenderer(publisher.rendererDir ?? join(HERE, 'renderer'), { site: siteUrl ?? (host ? `https://${host}` : undefined) });
  const path = event.rawPath.startsWith(PREVIEW_PREFIX) ? event.rawPath.slice(PREVIEW_PREFIX.length) : '';
  const answer = await previewResponse(await renderer, db(), path, clock.now(), { imageVariants: false });
  return { statusCode: answer.status, headers: answer.headers, body: answer.body.toString('base64'), isBase64Encoded: true };
}
