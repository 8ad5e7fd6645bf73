import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { newsroomFunction } from './function.ts';
import type { NewsroomTable } from './table.ts';

/** How long a failed run is retried before it is given up to the dead-letter queue. */
const MAX_EVENT_AGE = Duration.minutes(10);
const RETRIES = 2;

/**
 * Scheduled work (functions/scheduler, the same code `npm start` runs on a timer):
 * embargo ends and scheduled takedowns of press releases, and consent expiry.
 *
 * A rule every minute rather than one EventBridge Scheduler schedule per item. An embargo
 * ("Sperrfrist") is set to the minute, so the rule runs every minute; each run queries
 * only the sparse indexes of what is due, so it costs what is due, not the size of the
 * site (43,200 runs a month stay in Lambda's free tier). One-time schedules would need
 * create/update/delete calls in step with every change, withdrawal and correction of an
 * embargo, plus a reconciliation when one goes missing; the rule has no such state.
 */
export class Scheduler extends Construct {
  readonly fn: lambda.Function;
  readonly rule: events.Rule;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: { table: NewsroomTable; reservedConcurrency: boolean }) {
    super(scope, id);
    this.fn = newsroomFunction(this, 'scheduler', {
      table: props.table,
      access: 'readWrite',
      timeout: Duration.minutes(2),
      // One run at a time: a slow run is not raced by the next minute's (the writes are
      // conditional anyway, but two runs would only produce conflicts and retries).
      reservedConcurrency: props.reservedConcurrency ? 1 : undefined,
    });
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the scheduler rule; a dead-letter queue of a dead-letter queue would only move the same messages again.',
    });
    // The rule's dead-letter queue only catches events EventBridge could not hand to Lambda;
    // a run that fails inside the function is retried by Lambda and then lands here too.
    this.fn.configureAsyncInvoke({ retryAttempts: RETRIES, maxEventAge: MAX_EVENT_AGE, onFailure: new SqsDestination(this.deadLetters) });
    this.rule = new events.Rule(this, 'EveryMinute', {
      description: 'Newsroom: end embargoes, take down scheduled releases and stories whose consent has expired',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.fn, { retryAttempts: RETRIES, maxEventAge: MAX_EVENT_AGE, deadLetterQueue: this.deadLetters })],
    });
  }
}
