import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, type CfnElement, type CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import { REPO_ROOT } from './bundle.ts';
import { acknowledgeFindings } from './checks.ts';
import { LOG_RETENTION, METRICS_NAMESPACE, SERVICE_NAME } from './function.ts';
import { PROCESSING_ENTRY } from './photo-processing-bundle.ts';
import type { NewsroomTable } from './table.ts';

const BUNDLER = fileURLToPath(new URL('./photo-processing-bundle.ts', import.meta.url));

/** A raw upload is processed within seconds; whatever is left after a day (a failed run) goes. */
export const RAW_UPLOAD_EXPIRY_DAYS = 1;

export interface PhotosProps {
  table: NewsroomTable;
  logBucket: s3.IBucket;
  /** The editor's origin: the browser POSTs the file to the bucket from there. */
  editorOrigin: string;
  /** Reserve the processor's concurrency (see NewsroomConfig.reservedConcurrency). */
  reservedConcurrency: boolean;
}

/**
 * Photos in AWS (functions/domain/photos.ts): one private bucket, encrypted with its own
 * KMS key and reachable over TLS only. The editor POSTs a file under `raw/` with a
 * presigned POST for that one key and size (functions/photos/targets.ts); the bucket
 * calls the processing Lambda, which reads and deletes the raw file and writes the
 * derivatives under `media/`; a lifecycle rule deletes any raw upload after a day as a
 * second line of defence. The public site never reads this bucket: the publisher copies a
 * photo's derivatives into the site bucket while its item is public and deletes them when
 * it goes. Each grant below is the least its function needs (`grant*` methods).
 */
export class Photos extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly processor: lambda.Function;

  constructor(scope: Construct, id: string, props: PhotosProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Newsroom: photos (raw uploads and derivatives)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'photos/',
      lifecycleRules: [
        { id: 'raw-uploads', prefix: 'raw/', expiration: Duration.days(RAW_UPLOAD_EXPIRY_DAYS), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // The browser's POST of the file; nothing else crosses origins.
      cors: [{ allowedMethods: [s3.HttpMethods.POST], allowedOrigins: [props.editorOrigin], allowedHeaders: ['*'], maxAge: 600 }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const logGroup = new logs.LogGroup(this, 'ProcessorLogs', { retention: LOG_RETENTION });
    const role = new iam.Role(this, 'ProcessorRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Execution role of the photo processing function',
    });
    logGroup.grantWrite(role);
    props.table.grant(role, 'readWrite');
    // Read and delete raw uploads, write derivatives (and delete them again when a write fails half-way): nothing else.
    this.allow(role, ['s3:GetObject', 's3:DeleteObject'], 'raw/*');
    this.allow(role, ['s3:PutObject', 's3:DeleteObject'], 'media/*');
    this.allowList(role);
    this.allowKey(role, ['kms:Decrypt', 'kms:GenerateDataKey']);

    this.processor = new lambda.Function(this, 'Processor', {
      description: 'Newsroom: photo processing (functions/photo-processing)',
      code: lambda.Code.fromAsset(join(REPO_ROOT, 'functions'), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          image: lambda.Runtime.NODEJS_24_X.bundlingImage,
          environment: { NEWSROOM_ENTRY: PROCESSING_ENTRY },
          local: {
            tryBundle(outputDir: string) {
              execFileSync(process.execPath, [BUNDLER, outputDir], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
              return true;
            },
          },
        },
      }),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      // sharp's prebuilt libvips for Linux x64 is what npm installed here and what the bundle ships.
      architecture: lambda.Architecture.X86_64,
      // A 50-megapixel photo decodes to 150 MB of pixels; libvips' threads scale with the memory's vCPUs.
      memorySize: 2048,
      timeout: Duration.seconds(60),
      // A burst of uploads waits in S3's retries instead of taking all the account's concurrency.
      reservedConcurrentExecutions: props.reservedConcurrency ? 5 : undefined,
      role,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        TABLE_NAME: props.table.table.tableName,
        PHOTO_BUCKET: this.bucket.bucketName,
      },
    });
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(this.processor), { prefix: 'raw/' });

    acknowledgeNotificationHandler(Stack.of(this));
  }

  /** Object actions on one prefix of the bucket, named one by one (no wildcard actions), acknowledged for cdk-nag on the role. */
  private allow(grantee: iam.IGrantable, actions: string[], prefix: 'raw/*' | 'media/*'): void {
    iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.bucket.arnForObjects(prefix)] });
    const role = grantee.grantPrincipal as iam.Role;
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement);
    acknowledgeFindings(
      role,
      'AwsSolutions-IAM5',
      [`Resource::<${bucketId}.Arn>/${prefix}`],
      'Every photo has its own keys under raw/ and media/ of the photo bucket; object-level access by that prefix of exactly this bucket, with named actions only.',
    );
  }

  private allowList(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn] });
  }

  private allowKey(grantee: iam.IGrantable, actions: string[]): void {
    iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.key.keyArn] });
  }

  /** The upload target (presigned POST): the API's photos function signs uploads of raw files, so it needs to put exactly those. */
  grantUpload(grantee: iam.IGrantable): void {
    this.allow(grantee, ['s3:PutObject'], 'raw/*');
    this.allowKey(grantee, ['kms:GenerateDataKey']);
  }

  /** Reading derivatives: the editor's previews (photos function) and the publisher's copies to the site. */
  grantReadMedia(grantee: iam.IGrantable): void {
    this.allow(grantee, ['s3:GetObject'], 'media/*');
    this.allowKey(grantee, ['kms:Decrypt']);
  }

  /** An erasure deletes a story's photos: list its folder, delete its files (stories and scheduler functions). */
  grantErase(grantee: iam.IGrantable): void {
    this.allow(grantee, ['s3:DeleteObject'], 'media/*');
    this.allow(grantee, ['s3:DeleteObject'], 'raw/*');
    this.allowList(grantee);
  }

  /** The settings a function of the API needs to reach the photos. */
  environment(fn: lambda.Function): void {
    fn.addEnvironment('PHOTO_BUCKET', this.bucket.bucketName);
  }
}

/** The function CDK adds to configure the bucket's notification: a log group with retention, and its cdk-nag findings. */
function acknowledgeNotificationHandler(stack: Stack): void {
  const handler = stack.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
  if (!handler) return;
  const group = new logs.LogGroup(stack, 'BucketNotificationsLogs', { retention: LOG_RETENTION });
  (handler.node.defaultChild as CfnResource).addPropertyOverride('LoggingConfig', { LogGroup: group.logGroupName });
  acknowledgeFindings(
    handler,
    'AwsSolutions-IAM4',
    ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    "CDK's bucket notification handler sets the photo bucket's event notification during deployments and logs with the AWS-managed basic execution role.",
  );
  acknowledgeFindings(
    handler,
    'AwsSolutions-IAM5',
    ['Resource::*'],
    "CDK's bucket notification handler needs s3:PutBucketNotification on the bucket it configures, which CDK grants on every resource; it runs only during deployments.",
  );
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-L1',
    reason: "CDK's bucket notification handler pins its own runtime; it runs only during deployments.",
  });
}
