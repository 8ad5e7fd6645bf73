import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthStack } from './synth.ts';

let s: ReturnType<typeof synthStack>;
beforeAll(() => {
  s = synthStack();
});

const mailerId = () => s.logicalId(s.stack.mail.fn);
const policiesOf = (roleId: string) =>
  s
    .all('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Condition?: unknown }[]);
const actions = (statements: { Action: string | string[] }[]) => statements.flatMap((st) => [st.Action].flat());

describe('mail in AWS (infra/aws/mail.ts)', () => {
  it('sends from the domain of the configured sender, signed with Easy DKIM (2048 bit), through the configuration set', () => {
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'landkreis-ludwigsburg.de',
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: s.logicalId(s.stack.mail.configurationSet) } },
    });
    s.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    const outputs = Object.keys(s.template.toJSON().Outputs);
    expect(outputs.filter((o) => /DkimRecord/.test(o))).toHaveLength(3);
  });

  it('reports bounces and complaints through an encrypted SNS topic to the sender, which suppresses the address', () => {
    s.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['bounce', 'complaint']),
        SnsDestination: { TopicARN: { Ref: s.logicalId(s.stack.mail.events) } },
      },
    });
    expect(s.resource(s.logicalId(s.stack.mail.events)).Properties.KmsMasterKeyId).toBeDefined();
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: s.logicalId(s.stack.mail.events) },
      Endpoint: { 'Fn::GetAtt': [mailerId(), 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [s.logicalId(s.stack.mail.deadLetters), 'Arn'] } },
    });
  });

  it('puts an encrypted SQS queue with a dead-letter queue between the functions and the sender', () => {
    const queue = s.resource(s.logicalId(s.stack.mail.queue)).Properties;
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [s.logicalId(s.stack.mail.deadLetters), 'Arn'] }, maxReceiveCount: 5 });
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * s.resource(mailerId()).Properties.Timeout);
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: mailerId() },
      EventSourceArn: { 'Fn::GetAtt': [s.logicalId(s.stack.mail.queue), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [s.logicalId(s.stack.mail.deadLetters), 'QueueName'] } }],
    });
  });

  it('lets the sender send only as the sender address, through its identity and configuration set, at its share of the rate', () => {
    const env = s.resource(mailerId()).Properties.Environment.Variables;
    expect(env.MAIL_RATE_PER_SECOND).toBe('7');
    expect(env.SES_CONFIGURATION_SET).toEqual({ Ref: s.logicalId(s.stack.mail.configurationSet) });
    const roleId = s.resource(mailerId()).Properties.Role['Fn::GetAtt'][0];
    const statements = policiesOf(roleId);
    const sesStatements = statements.filter((st) => actions([st]).some((a) => a.startsWith('ses:')));
    expect(actions(sesStatements)).toEqual(['ses:SendEmail']);
    expect(sesStatements[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'presse@landkreis-ludwigsburg.de' } });
    expect(JSON.stringify(sesStatements[0]!.Resource)).not.toContain('*');
  });

  it('lets the API functions and the scheduler only put mails on the queue, and nothing else of mail', () => {
    for (const fn of [...Object.values(s.stack.api.functions), s.stack.scheduler.fn]) {
      const props = s.resource(s.logicalId(fn)).Properties;
      expect(props.Environment.Variables.MAIL_QUEUE_URL).toEqual({ Ref: s.logicalId(s.stack.mail.queue) });
      // Release mails link to the public page after the Sperrfrist and to the photos' downloads there.
      expect(props.Environment.Variables.SITE_URL).toBeDefined();
      const all = actions(policiesOf(props.Role['Fn::GetAtt'][0]));
      expect(all.filter((a) => a.startsWith('sqs:')).sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
      expect(all.filter((a) => a.startsWith('ses:'))).toEqual([]);
    }
  });
});
