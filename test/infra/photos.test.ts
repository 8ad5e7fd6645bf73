import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RAW_UPLOAD_EXPIRY_DAYS } from '@newsroom/infra-aws/photos.ts';
import { phonePhoto } from '@newsroom/infra-local/demo-photos.ts';
import { type EmbeddedStore, startDynalite } from '@newsroom/infra-local/dynalite.ts';
import nag from 'cdk-nag';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Resource, synthStack } from './synth.ts';

/**
 * The photo bucket and its processing Lambda as synthesized: private, encrypted, TLS
 * only, raw uploads expiring, the processor allowed exactly its prefixes; and the
 * processor's bundled artifact (with sharp's Linux binary) run on an upload.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
let s: ReturnType<typeof synthStack>;
let outdir: string;
beforeAll(() => {
  s = synthStack();
  outdir = s.outdir;
});

const bucketId = () => s.logicalId(s.stack.photos.bucket);
const policyOf = (roleId: string) =>
  s
    .all('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Effect: string }[]);
const roleOf = (fn: { role?: { node: { defaultChild?: unknown } } }) => s.stack.getLogicalId(fn.role!.node.defaultChild as never);
describe('photo bucket', () => {
  it('is private, KMS-encrypted with a rotating key, TLS only, logged, and lets raw uploads expire after a day', () => {
    const bucket = s.resource(bucketId()).Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(bucket.LoggingConfiguration.LogFilePrefix).toBe('photos/');
    const rule = bucket.LifecycleConfiguration.Rules.find((r: { Prefix?: string }) => r.Prefix === 'raw/');
    expect(rule).toMatchObject({ Status: 'Enabled', ExpirationInDays: RAW_UPLOAD_EXPIRY_DAYS });
    expect(bucket.LifecycleConfiguration.Rules.some((r: { Prefix?: string; ExpirationInDays?: number }) => r.Prefix !== 'raw/' && r.ExpirationInDays)).toBe(
      false,
    );
    const [, key] = s.all('AWS::KMS::Key').find(([id]) => JSON.stringify(bucket.BucketEncryption).includes(id))!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const [, policy] = s.all('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(bucketId()))!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(bucket.CorsConfiguration.CorsRules).toEqual([expect.objectContaining({ AllowedMethods: ['POST'] })]);
  });

  it('calls the processor for objects created under raw/ only', () => {
    const [, notification] = s.all('Custom::S3BucketNotifications')[0]!;
    const config = notification.Properties.NotificationConfiguration.LambdaFunctionConfigurations;
    expect(config).toEqual([
      expect.objectContaining({ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'raw/' }] } } }),
    ]);
  });
});

describe('least privilege', () => {
  it('the processor reads and deletes raw uploads, writes and deletes derivatives, and nothing else of the bucket', () => {
    const statements = policyOf(roleOf(s.stack.photos.processor)).filter((st) => JSON.stringify(st.Resource).includes(bucketId()));
    const text = JSON.stringify(statements);
    expect(text).toContain('/raw/*');
    expect(text).toContain('/media/*');
    for (const st of statements) {
      const actions = [st.Action].flat();
      const resource = JSON.stringify(st.Resource);
      if (actions.some((a) => a.startsWith('s3:Put'))) expect(resource, 'writes go to media/ only').not.toContain('/raw/*');
      if (actions.some((a) => a.startsWith('s3:GetObject'))) expect(resource, 'reads come from raw/ only').not.toContain('/media/*');
      expect(actions.filter((a) => a === 's3:*' || a === '*')).toEqual([]);
    }
  });

  it('the API signs uploads to raw/ and reads derivatives; the public API functions without photos get nothing', () => {
    const photos = JSON.stringify(policyOf(roleOf(s.stack.api.functions.photos)).filter((st) => JSON.stringify(st.Resource).includes(bucketId())));
    expect(photos).toContain('/raw/*');
    expect(photos).toContain('/media/*');
    expect(photos).not.toContain('s3:DeleteObject');
    for (const fn of ['releases', 'statistics', 'users', 'meta'] as const) {
      expect(JSON.stringify(policyOf(roleOf(s.stack.api.functions[fn])))).not.toContain(bucketId());
    }
    const publisher = policyOf(roleOf(s.stack.publisher.fn)).filter((st) => JSON.stringify(st.Resource).includes(bucketId()));
    expect(JSON.stringify(publisher)).not.toMatch(/s3:(Put|Delete)/);
  });
});

describe('cdk-nag', () => {
  it('has no unacknowledged finding on the photos', () => {
    const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(s.stack);
    const findings = report.violations
      .filter((v) => v.violatingResources.some((r) => /Photos|BucketNotificationsHandler/.test(r.constructPath ?? '')))
      .map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });
});

describe('the processor artifact', () => {
  let store: EmbeddedStore;
  const env = ['DYNAMODB_ENDPOINT', 'TABLE_NAME', 'AWS_REGION', 'PHOTO_DIR', 'PHOTO_BUCKET', 'AWS_LAMBDA_FUNCTION_NAME'];
  const before = Object.fromEntries(env.map((k) => [k, process.env[k]]));
  afterAll(async () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await store?.close();
  });

  it('runs with its own copy of sharp: an upload under raw/ becomes derivatives without metadata', async () => {
    const fn = s.resource(s.logicalId(s.stack.photos.processor)) as Resource;
    const asset = join(outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    // As in the runtime: the AWS SDK beside the function (the runtime's), sharp from the asset itself.
    const run = mkdtempSync(join(tmpdir(), 'photo-processor-'));
    cpSync(asset, join(run, 'fn'), { recursive: true });
    symlinkSync(join(REPO, 'node_modules', '@aws-sdk'), join(run, 'fn', 'node_modules', '@aws-sdk'), 'dir');
    store = await startDynalite({ tableName: 'photo-processor' });
    const photoDir = join(run, 'photos');
    Object.assign(process.env, { DYNAMODB_ENDPOINT: store.endpoint, TABLE_NAME: store.db.tableName, AWS_REGION: 'eu-central-1', PHOTO_DIR: photoDir });
    delete process.env.PHOTO_BUCKET;
    const { putNewPhoto, getPhoto } = await import('@newsroom/store/photos.ts');
    const { photoFolder } = await import('@newsroom/store/photo-files.ts');
    await putNewPhoto(
      {
        id: 'artifact0001',
        owner: { kind: 'story', id: 'story00001' },
        partner: 'caritas',
        state: 'awaiting-upload',
        createdAt: new Date().toISOString(),
        createdBy: 'test',
      },
      store.db,
    );
    await photoFolder(photoDir).putRaw('artifact0001', await phonePhoto(undefined, 70));

    const { handler } = (await import(join(run, 'fn', 'index.mjs'))) as { handler: (e: unknown) => Promise<void> };
    await handler({ Records: [{ s3: { object: { key: 'raw/artifact0001' } } }] });
    const photo = await getPhoto('artifact0001', store.db);
    expect(photo?.state).toBe('ready');
    expect(photo?.derivatives).toHaveLength(12);
    const jpeg = await readFile(join(photoDir, 'media', 'bilder', 'artifact0001', '1280.jpg'));
    expect(await exifr.parse(jpeg, true)).toBeUndefined();
    expect(await photoFolder(photoDir).readRaw('artifact0001')).toBeUndefined();
    rmSync(run, { recursive: true, force: true });
  });
});
