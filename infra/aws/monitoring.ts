import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  /** Every function of the stack, by a short name used in alarm names. */
  functions: Record<string, lambda.IFunction>;
  httpApi: apigw.IHttpApi;
  /** The scheduler's rule and dead-letter queue. */
  schedulerRule: events.IRule;
  deadLetters: sqs.IQueue;
  /** Mails given up after their retries (infra/aws/mail.ts). */
  mailDeadLetters: sqs.IQueue;
  /** Optional e-mail recipient of every alarm. */
  alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms that need a person, sent to one SNS topic: a function crashed, timed out or was
 * throttled, the API answered with server errors, a scheduled run failed (embargo or
 * takedown not done) or ended in the dead-letter queue. At county scale every one of
 * these is rare enough that a single occurrence is worth a look, so the thresholds are 1.
 * Alarms also send "OK" when the condition clears, so nobody has to check by hand.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    // A key of our own: CloudWatch cannot publish to a topic under the AWS-managed SNS key.
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Newsroom: encrypts alarm notifications at rest',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: 'Newsroom Alarme',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const alarm = (name: string, description: string, metric: cloudwatch.IMetric) => {
      const created = new cloudwatch.Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means nothing happened: no invocation, no error.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.topic));
      created.addOkAction(new SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}Errors`,
        `Function ${name}: an invocation crashed or timed out (Lambda Errors).`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
      );
      alarm(
        `${name}Throttles`,
        `Function ${name}: invocations were throttled (concurrency limit reached).`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
      );
    }

    // HTTP API metrics carry the API id; the handler wrapper turns unhandled errors into 500s.
    alarm(
      'Api5xx',
      'API: responses with status 5xx (unhandled error, integration failure or throttled function).',
      props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
    );

    alarm(
      'SchedulerFailedInvocations',
      'Scheduler rule: EventBridge could not invoke the scheduler function.',
      new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensionsMap: { RuleName: props.schedulerRule.ruleName },
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.SUM,
      }),
    );

    alarm(
      'SchedulerDeadLetters',
      'Scheduler: a run was given up after its retries and is in the dead-letter queue; ' +
        'embargoes, takedowns or consent expiry may be late. The next run catches up once the cause is fixed.',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.MAXIMUM }),
    );

    alarm(
      'MailDeadLetters',
      'Mail: a mail was given up after five attempts and is in the dead-letter queue (its recipient has not got it). ' +
        'Fix the cause (sender log), then move the messages back to the mail queue (SQS redrive); nobody gets a mail twice.',
      props.mailDeadLetters.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.MAXIMUM }),
    );
  }
}
