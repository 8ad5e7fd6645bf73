import { processingPorts, processUpload } from '@newsroom/operations/photo-processing.ts';
import { logger } from '@newsroom/telemetry/logger.ts';
import type { S3Event } from 'aws-lambda';

/**
 * The processing Lambda: the photo bucket calls it for every object created under `raw/`
 * (a presigned POST from the editor). The same step as behind the local upload route; a
 * refusal is kept on the photo's record in German, for the editor that polls it.
 */
export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const id = /^raw\/([a-z0-9]{12})$/.exec(key)?.[1];
    if (!id) {
      logger.warn('not a raw upload', { key });
      continue;
    }
    const outcome = await processUpload(processingPorts(), id, { keepRefusal: true });
    logger.info('photo processed', { photoId: id, ok: outcome.ok, ...(outcome.ok ? {} : { status: outcome.status }) });
  }
};
