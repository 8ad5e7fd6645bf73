import { CONTENT_EVENT_SOURCE, CONTENT_EVENT_TYPE } from '@newsroom/events/bus.ts';
import { PUBLISH_GROUP } from '@newsroom/infra-aws/publisher.ts';
import { STATE_FILE } from '@newsroom/publish/lambda/state.ts';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Resource, synthStack } from './synth.ts';

/**
 * The publisher in the CDK stack: how content changes reach it, that it runs one
 * publish at a time with retries and a dead-letter queue, and that its role can do
 * exactly what a publish does and nothing else.
 */
let s: ReturnType<typeof synthStack>;
beforeAll(() => {
  s = synthStack();
});

const id = (c: { node: { defaultChild?: unknown } }) => s.logicalId(c);
const arn = (c: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [id(c), 'Arn'] });
const fnProps = () => s.resource(id(s.stack.publisher.fn)).Properties;

/** Every statement of the policies attached to a role, flattened. */
function statementsOf(roleId: string): { Effect: string; Action: string | string[]; Resource: unknown }[] {
  return s
    .all('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}
const actionsOf = (roleId: string) =>
  statementsOf(roleId)
    .flatMap((st) => [st.Action].flat())
    .sort();

describe('content changes reach the publisher', () => {
  it("through an EventBridge rule on its own bus, matching the handlers' events, into the FIFO queue as one message group", () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: id(s.stack.publisher.bus) },
      EventPattern: { source: [CONTENT_EVENT_SOURCE], 'detail-type': [CONTENT_EVENT_TYPE] },
      Targets: [
        Match.objectLike({
          Arn: arn(s.stack.publisher.queue),
          SqsParameters: { MessageGroupId: PUBLISH_GROUP },
          DeadLetterConfig: { Arn: arn(s.stack.publisher.undelivered) },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }),
        }),
      ],
    });
  });

  it('from exactly the functions that announce changes (stories, releases, statistics, users for the organisation settings, scheduler), which may put events on that bus only', () => {
    const bus = arn(s.stack.publisher.bus);
    const announcers = [
      s.stack.api.functions.stories,
      s.stack.api.functions.releases,
      s.stack.api.functions.statistics,
      s.stack.api.functions.users,
      s.stack.scheduler.fn,
    ];
    for (const fn of announcers) {
      const props = s.resource(id(fn)).Properties;
      expect(props.Environment.Variables.CONTENT_EVENT_BUS, fn.node.path).toEqual({ Ref: id(s.stack.publisher.bus) });
      const role = props.Role['Fn::GetAtt'][0] as string;
      expect(
        statementsOf(role)
          .filter((st) => [st.Action].flat().includes('events:PutEvents'))
          .map((st) => st.Resource),
        fn.node.path,
      ).toEqual([bus]);
    }
    for (const fn of [s.stack.api.functions.meta]) {
      const props = s.resource(id(fn)).Properties;
      expect(props.Environment.Variables.CONTENT_EVENT_BUS, fn.node.path).toBeUndefined();
      expect(actionsOf(props.Role['Fn::GetAtt'][0] as string), fn.node.path).not.toContain('events:PutEvents');
    }
  });

  it('and every hour a reconciliation, and after each deployment a full render, through the same queue', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [
        Match.objectLike({ Arn: arn(s.stack.publisher.queue), Input: JSON.stringify({ reconcile: true }), SqsParameters: { MessageGroupId: PUBLISH_GROUP } }),
      ],
    });
    // The custom resource's call, with the queue's URL as a token in the middle of its JSON.
    const calls = s
      .all('Custom::AWS')
      .map(([, r]) => JSON.parse((r.Properties.Update['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : 'QUEUE')).join('')));
    const render = calls.find((c) => c.action === 'sendMessage');
    expect(render.parameters).toMatchObject({ QueueUrl: 'QUEUE', MessageGroupId: PUBLISH_GROUP });
    expect(JSON.parse(render.parameters.MessageBody)).toMatchObject({ full: true });
  });
});

describe('one publish at a time, retried, then set aside', () => {
  it('a FIFO queue with content-based deduplication, three attempts, a FIFO dead-letter queue, and a visibility longer than a publish may run', () => {
    const queue = s.resource(id(s.stack.publisher.queue)).Properties;
    expect(queue).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: true,
      RedrivePolicy: { deadLetterTargetArn: arn(s.stack.publisher.deadLetters), maxReceiveCount: 3 },
    });
    expect(queue.VisibilityTimeout).toBeGreaterThan(fnProps().Timeout);
    expect(s.resource(id(s.stack.publisher.deadLetters)).Properties.FifoQueue).toBe(true);
  });

  it('reads the queue in batches of ten and reports a failed batch as failed, so it comes back in order', () => {
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: id(s.stack.publisher.fn) },
      EventSourceArn: arn(s.stack.publisher.queue),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('alarms on errors and on messages in either dead-letter queue', () => {
    const alarms = s.all('AWS::CloudWatch::Alarm').map(([, a]) => JSON.stringify(a.Properties));
    expect(alarms.filter((a) => a.includes(id(s.stack.publisher.deadLetters)))).toHaveLength(1);
    expect(alarms.filter((a) => a.includes(id(s.stack.publisher.undelivered)))).toHaveLength(1);
    expect(alarms.filter((a) => a.includes(id(s.stack.publisher.fn)) && a.includes('Errors'))).toHaveLength(1);
  });
});

describe('the publisher function', () => {
  it("runs nodejs24.x on x86_64 (Pagefind's indexing binary) for up to 15 minutes, addressed at the site's bucket, distribution and gone list", () => {
    const props = fnProps();
    expect(props).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['x86_64'], Handler: 'index.handler', Timeout: 900 });
    expect(props.Environment.Variables).toMatchObject({
      SITE_BUCKET: { Ref: id(s.stack.site.bucket) },
      DISTRIBUTION_ID: { Ref: id(s.stack.site.distribution) },
      GONE_STORE_ARN: arn(s.stack.site.goneStore!),
      TABLE_NAME: { Ref: id(s.stack.table.table) },
    });
    expect(props.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('has a role that can do exactly what a publish does: read the table, write the site bucket, invalidate its distribution, keep its gone list', () => {
    const role = fnProps().Role['Fn::GetAtt'][0] as string;
    expect(s.resource(role).Properties.ManagedPolicyArns ?? []).toEqual([]);
    const own = statementsOf(role).filter((st) => !String([st.Action].flat()[0]).startsWith('logs:') && !String([st.Action].flat()[0]).startsWith('sqs:'));
    const byAction = Object.fromEntries(own.flatMap((st) => [st.Action].flat().map((a) => [a, st.Resource])));
    expect(Object.keys(byAction).sort()).toEqual([
      'cloudfront-keyvaluestore:DescribeKeyValueStore',
      'cloudfront-keyvaluestore:UpdateKeys',
      'cloudfront:CreateInvalidation',
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      // The photo bucket's key: a public story's photos are copied from there (infra/aws/photos.ts).
      'kms:Decrypt',
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    expect(byAction['s3:PutObject']).toEqual({ 'Fn::Join': ['', [arn(s.stack.site.bucket), '/*']] });
    expect(byAction['s3:ListBucket']).toEqual(arn(s.stack.site.bucket));
    expect(JSON.stringify(byAction['cloudfront:CreateInvalidation'])).toContain(id(s.stack.site.distribution));
    expect(byAction['cloudfront-keyvaluestore:UpdateKeys']).toEqual(arn(s.stack.site.goneStore!));
    for (const [action, resource] of Object.entries(byAction)) expect(resource, action).not.toBe('*');
    // The queue: only what the event source needs to receive and delete.
    const sqsActions = statementsOf(role).filter((st) => String([st.Action].flat()[0]).startsWith('sqs:'));
    for (const st of sqsActions) expect(st.Resource).toEqual(arn(s.stack.publisher.queue));
  });

  it("keeps its state file out of CloudFront's reach", () => {
    const policy = s.all('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(id(s.stack.site.bucket)))![1] as Resource;
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:GetObject',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Resource: { 'Fn::Join': ['', [arn(s.stack.site.bucket), `/${STATE_FILE.split('/')[0]}/*`]] },
        }),
      ]),
    );
  });
});

describe('the preview function', () => {
  const previewProps = () => s.resource(id(s.stack.publisher.preview)).Properties;

  it("ships in the publisher's bundle with its own handler, addressed at the table and the site", () => {
    const props = previewProps();
    expect(props).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'preview.handler' });
    expect(props.Code).toEqual(fnProps().Code);
    expect(props.Environment.Variables).toMatchObject({ TABLE_NAME: { Ref: id(s.stack.table.table) } });
    expect(props.Environment.Variables.SITE_BUCKET).toBeUndefined();
  });

  it('reads the table and the photos, and writes nothing', () => {
    const role = previewProps().Role['Fn::GetAtt'][0] as string;
    const actions = actionsOf(role).filter((a) => !a.startsWith('logs:'));
    expect([...new Set(actions)].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'kms:Decrypt',
      's3:GetObject',
    ]);
  });

  it('answers /vorschau/* of the public site through CloudFront only (IAM-signed function URL), never cached', () => {
    const url = s.all('AWS::Lambda::Url').find(([, u]) => JSON.stringify(u.Properties.TargetFunctionArn).includes(id(s.stack.publisher.preview)))![1];
    expect(url.Properties.AuthType).toBe('AWS_IAM');
    const config = s.resource(id(s.stack.site.distribution)).Properties.DistributionConfig;
    const behaviour = (config.CacheBehaviors as { PathPattern: string; CachePolicyId: string; AllowedMethods: string[] }[]).find(
      (b) => b.PathPattern === '/vorschau/*',
    );
    expect(behaviour).toBeDefined();
    // CloudFront's managed CachingDisabled policy.
    expect(behaviour!.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(behaviour!.AllowedMethods).toEqual(['GET', 'HEAD']);
    const urlId = s.all('AWS::Lambda::Url').find(([, u]) => JSON.stringify(u.Properties.TargetFunctionArn).includes(id(s.stack.publisher.preview)))![0];
    const permissions = s
      .all('AWS::Lambda::Permission')
      .map(([, p]) => p.Properties)
      .filter((p) => JSON.stringify(p.FunctionName).includes(urlId));
    expect(permissions.map((p) => p.Action).sort()).toEqual(['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl']);
    for (const p of permissions) {
      expect(p.Principal).toBe('cloudfront.amazonaws.com');
      expect(JSON.stringify(p.SourceArn)).toContain(id(s.stack.site.distribution));
    }
  });
});
