import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { MAX_UPLOAD_BYTES, rawKey } from '@newsroom/domain/photos.ts';
import type { UploadTargets } from '@newsroom/operations/photos.ts';

/** How long the browser has to start sending the file. */
const EXPIRES_SECONDS = 300;

/**
 * A presigned POST for exactly one object (the key is fixed), of 1 byte up to the size the
 * editor announced (never more than the limit), valid for five minutes. The bucket refuses
 * anything else; its encryption, TLS rule and lifecycle are the bucket's (infra/aws/photos.ts).
 */
export function presignedPosts(bucket: string, client = new S3Client({})): UploadTargets {
  return {
    async target(id, size) {
      const post = await createPresignedPost(client, {
        Bucket: bucket,
        Key: rawKey(id),
        Conditions: [['content-length-range', 1, Math.min(size, MAX_UPLOAD_BYTES)]],
        Expires: EXPIRES_SECONDS,
      });
      return { method: 'POST', url: post.url, fields: post.fields };
    },
  };
}

/** Locally the gateway takes the bytes itself (infra/local/gateway.ts), at this path beside the API. */
export const localUploads: UploadTargets = {
  target: async (id) => ({ method: 'PUT', url: `/local-uploads/${id}`, fields: {} }),
};
