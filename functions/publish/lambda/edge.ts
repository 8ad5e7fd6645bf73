import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { CloudFrontKeyValueStoreClient, DescribeKeyValueStoreCommand, UpdateKeysCommand } from '@aws-sdk/client-cloudfront-keyvaluestore';
import '@aws-sdk/signature-v4a';
import { appendFile } from 'node:fs/promises';
import type { Edge } from '../apply.ts';

/**
 * CloudFront in front of the bucket: the key value store of withdrawn paths (answered with
 * 410 by the site's CloudFront functions, infra/aws/static-site.ts) and the cache. Key
 * value store writes carry the store's ETag; each batch holds at most 50 changes.
 */
export function awsEdge(opts: { distributionId: string; goneStoreArn: string }): Edge {
  const cloudfront = new CloudFrontClient({ region: 'us-east-1' });
  const kvs = new CloudFrontKeyValueStoreClient({ region: 'us-east-1' });
  return {
    async gone(add, remove) {
      for (let i = 0; i < Math.max(add.length, remove.length); i += 50) {
        const { ETag } = await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN: opts.goneStoreArn }));
        await kvs.send(
          new UpdateKeysCommand({
            KvsARN: opts.goneStoreArn,
            IfMatch: ETag,
            Puts: add.slice(i, i + 50).map((Key) => ({ Key, Value: '410' })),
            Deletes: remove.slice(i, i + 50).map((Key) => ({ Key })),
          }),
        );
      }
    },
    async invalidate(paths) {
      if (paths.length === 0) return;
      // The batch names the set of paths: retrying the same publish asks for the same invalidation.
      const reference = `publish-${Date.now()}-${paths.length}`;
      for (let i = 0; i < paths.length; i += 3000) {
        const items = paths.slice(i, i + 3000);
        await cloudfront.send(
          new CreateInvalidationCommand({
            DistributionId: opts.distributionId,
            InvalidationBatch: { CallerReference: `${reference}-${i}`, Paths: { Quantity: items.length, Items: items } },
          }),
        );
      }
    },
  };
}

/** Locally (the Lambda invoked against a folder): each call as one JSON line in a file, or nowhere. */
export function recordingEdge(file?: string): Edge {
  const record = (entry: Record<string, unknown>) => (file ? appendFile(file, `${JSON.stringify(entry)}\n`) : Promise.resolve());
  return {
    gone: (add, remove) => record({ gone: add, back: remove }),
    invalidate: (paths) => record({ invalidate: paths }),
  };
}
