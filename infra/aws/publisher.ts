import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREVIEW_PREFIX } from '@newsroom/domain/preview.ts';
import { CONTENT_EVENT_SOURCE, CONTENT_EVENT_TYPE } from '@newsroom/events/bus.ts';
import { STATE_FILE } from '@newsroom/publish/lambda/state.ts';
import { type CfnElement, DefaultStackSynthesizer, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { REPO_ROOT } from './bundle.ts';
import { acknowledgeFindings } from './checks.ts';
import { LOG_RETENTION, METRICS_NAMESPACE, SERVICE_NAME } from './function.ts';
import type { StaticSite } from './static-site.ts';
import type { NewsroomTable } from './table.ts';

const BUNDLER = fileURLToPath(new URL('./publisher-bundle.ts', import.meta.url));
/** Everything the bundle is made from: a change here makes a new bundle (and a full render after deploying it). */
const INPUTS = [
  'site/newsroom/src',
  'site/newsroom/public',
  'site/newsroom/astro.config.mjs',
  'site/contract',
  'functions',
  'content',
  'package-lock.json',
  'infra/aws/publisher-bundle.ts',
];
/** One message group: the queue hands the publisher one batch at a time, in order. */
export const PUBLISH_GROUP = 'site';
const TIMEOUT = Duration.minutes(15);
/** Where previews open on the public site's address (functions/domain/preview.ts). */
export const PREVIEW_PATHS = `${PREVIEW_PREFIX}*`;
/** The viewer-request function of the preview behaviour: the host the reader asked for, in a header only CloudFront sets. */
export const PREVIEW_HOST_HEADER = `function handler(event) {
  var request = event.request;
  request.headers['x-newsroom-site-host'] = { value: request.headers.host.value };
  return request;
}`;

export interface PublisherProps {
  table: NewsroomTable;
  site: StaticSite & { goneStore: NonNullable<StaticSite['goneStore']> };
  /** The functions that announce content changes (functions/events/changes.ts): they put them on the bus. */
  announcers: lambda.Function[];
  alarmTopic: sns.ITopic;
}

/**
 * The publisher in AWS (functions/publish/lambda): the handlers' content changes go to
 * an EventBridge bus, a rule queues them in a FIFO queue, and one Lambda renders the
 * pages they touch into the site bucket, keeps the withdrawn paths in the edge's key
 * value store and invalidates exactly the changed paths.
 *
 * Why EventBridge and not a DynamoDB stream: the handlers know what a change means
 * (published, withdrawn, which item), a stream only sees item images of every write,
 * including audit, versions, notices and users, which the publisher would have to sort
 * out again; dynalite has no streams, so locally the same announcement
 * (functions/events/changes.ts) drives the same publisher code; and the rule's input
 * can be replayed or sent by hand. What a stream would give for free, an event for
 * every write even if a handler dies between the write and the announcement, the
 * hourly reconciliation gives: it reads the store again and publishes what differs.
 *
 * Why a FIFO queue with one message group between the rule and the Lambda: publishes
 * must not overlap (two would plan against the same objects), must keep their order
 * (a withdrawal after its publication), and queued changes should be one publish. It
 * also gives retries and a dead-letter queue without reserved concurrency. The
 * reconciliation and the full render after a deployment go through the same queue, so
 * nothing ever runs beside a publish.
 */
export class Publisher extends Construct {
  readonly fn: lambda.Function;
  /** Answers `/vorschau/*` of the public site (functions/publish/lambda/preview.ts). */
  readonly preview: lambda.Function;
  readonly bus: events.EventBus;
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly undelivered: sqs.Queue;
  readonly rule: events.Rule;
  readonly reconcile: events.Rule;
  readonly assets: s3deploy.BucketDeployment;
  readonly files: s3deploy.BucketDeployment;
  readonly alarms: cloudwatch.Alarm[] = [];
  /** The bundle on this machine: `lambda/` (the function's code) and `static/` (what the deployment uploads). */
  readonly bundleDir: string;

  constructor(scope: Construct, id: string, props: PublisherProps) {
    super(scope, id);
    const { site } = props;
    const { dir, hash } = stageBundle();
    this.bundleDir = dir;

    this.bus = new events.EventBus(this, 'ContentEvents', { description: 'Newsroom: content changes announced by the handlers, for the publisher' });
    for (const fn of props.announcers) {
      fn.addEnvironment('CONTENT_EVENT_BUS', this.bus.eventBusName);
      this.bus.grantPutEventsTo(fn);
    }

    const queueDefaults = { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) };
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', { ...queueDefaults, fifo: true });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...queueDefaults,
      fifo: true,
      // EventBridge sets no deduplication id; each event's body has its own id and time.
      contentBasedDeduplication: true,
      // Longer than the function may run, or a message would come back while it is being published.
      visibilityTimeout: TIMEOUT.plus(Duration.minutes(1)),
      // Three attempts, then the batch waits in the dead-letter queue (alarm) and the next messages go on.
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 3 },
    });
    // EventBridge's own dead-letter queue (events it could not hand to the queue) must be a standard queue.
    this.undelivered = new sqs.Queue(this, 'UndeliveredEvents', queueDefaults);
    for (const q of [this.deadLetters, this.undelivered]) {
      Validations.of(q).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue of the publisher; a dead-letter queue of a dead-letter queue would only move the same messages again.',
      });
    }
    const toQueue = (message?: events.RuleTargetInput) =>
      new targets.SqsQueue(this.queue, {
        messageGroupId: PUBLISH_GROUP,
        deadLetterQueue: this.undelivered,
        retryAttempts: 8,
        maxEventAge: Duration.hours(2),
        ...(message ? { message } : {}),
      });
    this.rule = new events.Rule(this, 'ContentChanged', {
      description: 'Newsroom: every content change to the publisher queue',
      eventBus: this.bus,
      eventPattern: { source: [CONTENT_EVENT_SOURCE], detailType: [CONTENT_EVENT_TYPE] },
      targets: [toQueue()],
    });
    this.reconcile = new events.Rule(this, 'Reconcile', {
      description: 'Newsroom: the publisher reads the store again every hour and publishes what differs',
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [toQueue(events.RuleTargetInput.fromObject({ reconcile: true }))],
    });

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: LOG_RETENTION });
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: 'Execution role of the publisher' });
    logGroup.grantWrite(role);
    // Queries on the status indexes and single reads: exactly what a full build reads.
    props.table.grant(role, 'read');
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [site.bucket.arnForObjects('*')] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [site.bucket.bucketArn] }));
    const stack = Stack.of(this);
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['cloudfront:CreateInvalidation'],
        resources: [stack.formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: site.distribution.distributionId })],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['cloudfront-keyvaluestore:DescribeKeyValueStore', 'cloudfront-keyvaluestore:UpdateKeys'],
        resources: [site.goneStore.keyValueStoreArn],
      }),
    );
    acknowledgeFindings(
      role,
      'AwsSolutions-IAM5',
      [`Resource::<${stack.getLogicalId(site.bucket.node.defaultChild as CfnElement)}.Arn>/*`],
      "The publisher writes and deletes pages anywhere in the public site's bucket (every page may change); object-level wildcard on exactly that bucket.",
    );

    this.fn = new lambda.Function(this, 'Function', {
      description: 'Newsroom: publisher (functions/publish/lambda)',
      code: lambda.Code.fromAsset(join(dir, 'lambda')),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      // Not arm64 like the API: Pagefind's indexing service is a native binary, and the one npm installs
      // here (and ships in the bundle) is x86_64; an arm64 build would need another download at synth.
      architecture: lambda.Architecture.X86_64,
      // Rendering holds the site's content and the renderer; a full render after a deployment renders every page.
      memorySize: 2048,
      timeout: TIMEOUT,
      role,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        TABLE_NAME: props.table.table.tableName,
        SITE_BUCKET: site.bucket.bucketName,
        SITE_URL: site.url,
        DISTRIBUTION_ID: site.distribution.distributionId,
        GONE_STORE_ARN: site.goneStore.keyValueStoreArn,
      },
    });
    this.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }));

    // Previews (functions/publish/lambda/preview.ts): the same bundle and renderer, another handler, reached
    // only through the site's distribution under /vorschau/*, so a preview has the site's address and styles.
    const previewLogs = new logs.LogGroup(this, 'PreviewLogs', { retention: LOG_RETENTION });
    const previewRole = new iam.Role(this, 'PreviewRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Execution role of the preview function',
    });
    previewLogs.grantWrite(previewRole);
    // It reads a link by its token's hash and the item it shows; it writes nothing.
    props.table.grant(previewRole, 'read');
    this.preview = new lambda.Function(this, 'Preview', {
      description: 'Newsroom: previews of unpublished pages (functions/publish/lambda/preview.ts)',
      code: lambda.Code.fromAsset(join(dir, 'lambda')),
      handler: 'preview.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.X86_64,
      memorySize: 1024,
      timeout: Duration.seconds(20),
      role: previewRole,
      logGroup: previewLogs,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        TABLE_NAME: props.table.table.tableName,
        // SITE_URL only with a domain of its own: the distribution's generated name would make the function depend on the distribution that reaches it.
        ...(Token.isUnresolved(site.url) ? {} : { SITE_URL: site.url }),
      },
    });
    const previewUrl = this.preview.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    site.distribution.addBehavior(PREVIEW_PATHS, origins.FunctionUrlOrigin.withOriginAccessControl(previewUrl), {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      // Each preview is read live (a revoked link must stop at once) and kept by nobody: its own headers say no-store, noindex, no-referrer.
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      compress: true,
      // The function URL has its own host name: the site's address the reader used travels in a header CloudFront sets, never the reader.
      functionAssociations: [
        {
          eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
          function: new cloudfront.Function(this, 'PreviewHost', {
            code: cloudfront.FunctionCode.fromInline(PREVIEW_HOST_HEADER),
            runtime: cloudfront.FunctionRuntime.JS_2_0,
            comment: "Passes the site's host name to the preview function",
          }),
        },
      ],
    });

    // The publisher's state file is for the publisher only: CloudFront may read everything else.
    site.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [site.bucket.arnForObjects(`${STATE_FILE.split('/')[0]}/*`)],
      }),
    );

    // The files that do not come from content, before anything renders pages that use them. Never pruned:
    // the pages in the bucket are the publisher's, and a reader may still hold a page using an older file.
    const deploymentLogs = new logs.LogGroup(this, 'DeploymentLogs', { retention: LOG_RETENTION });
    const staticFiles = s3deploy.Source.asset(join(dir, 'static'));
    this.assets = new s3deploy.BucketDeployment(this, 'Assets', {
      sources: [staticFiles],
      destinationBucket: site.bucket,
      prune: false,
      logGroup: deploymentLogs,
      exclude: ['*'],
      include: ['_astro/*'],
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    this.files = new s3deploy.BucketDeployment(this, 'MediaFiles', {
      sources: [staticFiles],
      destinationBucket: site.bucket,
      prune: false,
      logGroup: deploymentLogs,
      exclude: ['_astro/*'],
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=86400')],
    });

    // After each deployment with new code: one full render through the queue (never beside a publish).
    const render = new cr.AwsCustomResource(this, 'RenderAfterDeployment', {
      onUpdate: {
        service: 'SQS',
        action: 'sendMessage',
        parameters: { QueueUrl: this.queue.queueUrl, MessageGroupId: PUBLISH_GROUP, MessageBody: JSON.stringify({ full: true, reason: `deployment ${hash}` }) },
        physicalResourceId: cr.PhysicalResourceId.of(`render-${hash}`),
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] })]),
      installLatestAwsSdk: false,
      logGroup: deploymentLogs,
    });
    render.node.addDependency(this.assets, this.files, this.fn);

    const alarm = (name: string, description: string, metric: cloudwatch.IMetric) => {
      const created = new cloudwatch.Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(props.alarmTopic));
      created.addOkAction(new SnsAction(props.alarmTopic));
      this.alarms.push(created);
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    alarm('ErrorsAlarm', 'Publisher: an invocation crashed or timed out; the queue retries it.', this.fn.metricErrors(fiveMinutes));
    alarm(
      'DeadLettersAlarm',
      'Publisher: a publish failed three times and waits in the dead-letter queue; the site lacks that change until the next success.',
      this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
    );
    alarm(
      'UndeliveredAlarm',
      'Publisher: EventBridge could not queue content changes.',
      this.undelivered.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
    );

    acknowledgeHelpers(stack, site);
  }
}

/** cdk-nag findings of the helper functions CDK adds for the deployments and the custom resource. */
function acknowledgeHelpers(stack: Stack, site: StaticSite): void {
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const qualifier = stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const siteBucket = stack.getLogicalId(site.bucket.node.defaultChild as CfnElement);
  for (const handler of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
    acknowledgeFindings(
      handler,
      'AwsSolutions-IAM5',
      [`Resource::<${siteBucket}.Arn>/*`, `Resource::arn:aws:s3:::cdk-${qualifier}-assets-${account}-${stack.region}/*`],
      "BucketDeployment copies the site's static files (styles, scripts, image variants, media originals) from the CDK asset bucket " +
        "into the public site's bucket: object-level wildcards on exactly these buckets, as CDK grants them.",
    );
  }
  const provider = stack.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
  if (provider) {
    acknowledgeFindings(
      provider,
      'AwsSolutions-IAM4',
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      "CDK's AwsCustomResource provider writes its logs with the AWS-managed basic execution role; it only runs during deployments.",
    );
    Validations.of(provider).acknowledge({
      id: 'AwsSolutions-L1',
      reason: "The runtime of CDK's AwsCustomResource provider is chosen by aws-cdk-lib and moves with CDK upgrades; it only runs during deployments.",
    });
  }
}

/**
 * The publisher's bundle (infra/aws/publisher-bundle.ts), built once per set of inputs:
 * a synth without source changes reuses it, as the Astro build in it takes a while.
 */
function stageBundle(): { dir: string; hash: string } {
  const hash = inputsHash();
  const dir = join(REPO_ROOT, 'node_modules', '.cache', 'newsroom-publisher', hash);
  // Synths running at the same time (the infra test files) build it once: the first takes a lock
  // folder, the others wait for its bundle; it is built aside and renamed into place.
  const lock = `${dir}.lock`;
  mkdirSync(dirname(dir), { recursive: true });
  while (!existsSync(join(dir, 'complete'))) {
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      continue;
    }
    try {
      if (existsSync(join(dir, 'complete'))) break;
      const building = `${dir}.${process.pid}`;
      execFileSync(process.execPath, [BUNDLER, building], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      writeFileSync(join(building, 'complete'), hash);
      rmSync(dir, { recursive: true, force: true });
      renameSync(building, dir);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return { dir, hash };
}

function inputsHash(): string {
  const h = createHash('sha256');
  const walk = (path: string) => {
    const full = join(REPO_ROOT, path);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) if (!['node_modules', '.astro', 'dist'].includes(name)) walk(join(path, name));
    } else {
      h.update(relative(REPO_ROOT, full)).update('\0').update(readFileSync(full));
    }
  };
  for (const input of INPUTS) walk(input);
  return h.digest('hex').slice(0, 16);
}
