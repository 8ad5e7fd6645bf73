import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { newsroomFunction } from './function.ts';
import type { NewsroomTable } from './table.ts';

/**
 * Scheduled work (functions/scheduler): consent expiry takes published stories down.
 * A rule every five minutes rather than one-time schedules per consent: the function
 * reads only the sparse expiry index (what has expired), so a run costs next to
 * nothing, and there is no per-item schedule to keep in step with corrections and
 * withdrawals. Expiry is by calendar day, so five minutes is well within "at once";
 * the site's render-time check hides an expired story even before the rule runs.
 */
export class Scheduler extends Construct {
  readonly fn: NodejsFunction;
  readonly rule: events.Rule;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: { table: NewsroomTable }) {
    super(scope, id);
    this.fn = newsroomFunction(this, 'scheduler', { table: props.table, access: 'readWrite', timeout: Duration.minutes(2) });
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the scheduler rule; a dead-letter queue of a dead-letter queue would only move the same messages again.',
    });
    this.rule = new events.Rule(this, 'EveryFiveMinutes', {
      description: 'Newsroom: take down stories whose consent has expired',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(this.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(10), deadLetterQueue: this.deadLetters })],
    });
  }
}
