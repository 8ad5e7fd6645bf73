import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { newsroomFunction } from './function.ts';
import type { NewsroomTable } from './table.ts';

export interface MailProps {
  table: NewsroomTable;
  /** The sender address (`Name <address>` or the address); its domain becomes the SES identity with Easy DKIM. */
  from: string;
  /** Mails per second the account may send (its SES sending quota). */
  ratePerSecond: number;
  /** The functions that queue mails (workflow notifications, release sends). */
  senders: lambda.Function[];
  editorUrl: string;
  apiUrl: string;
  /** The public site: release mails link to its pages and photo downloads. */
  siteUrl: string;
}

/** Two senders at a time: SQS's smallest maximum concurrency for an event source; each sends at half the rate. */
const SENDER_CONCURRENCY = 2;
const SENDER_TIMEOUT = Duration.seconds(60);
/** Deliveries before a mail goes to the dead-letter queue (each retry first checks the idempotency record). */
const MAX_RECEIVES = 5;

/**
 * Mail in AWS (functions/mail, functions/mailer): the functions put one message per
 * recipient on an SQS queue; the sender Lambda takes them at most two at a time and sends
 * through SES v2 with a configuration set, paced to the account's sending rate, and
 * after five failed deliveries a message waits in the dead-letter queue. The sending
 * identity is the domain of the configured sender, signed with Easy DKIM (the three CNAME
 * records are stack outputs). SES reports bounces and complaints through an encrypted SNS
 * topic to the same Lambda, which suppresses the address; SES's own account-level
 * suppression list is on for both as well.
 */
export class Mail extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly fn: lambda.Function;
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly events: sns.Topic;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const address = /<([^>]+)>/.exec(props.from)?.[1] ?? props.from;
    const domain = address.slice(address.indexOf('@') + 1);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      // Journalists' and staff addresses only over TLS; personal data in a release before its embargo.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(domain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
    });

    // A key of our own: SES cannot publish to a topic under the AWS-managed SNS key.
    const key = new kms.Key(this, 'EventsKey', { description: 'Newsroom: encrypts SES bounce and complaint events at rest', enableKeyRotation: true });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.events = new sns.Topic(this, 'Events', { displayName: 'Newsroom SES-Ereignisse', masterKey: key, enforceSSL: true });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.events),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the mail queue and of the SES event subscription.',
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      // AWS's advice for a Lambda source: at least six times the function's timeout.
      visibilityTimeout: SENDER_TIMEOUT.plus(SENDER_TIMEOUT).plus(Duration.minutes(4)),
      retentionPeriod: Duration.days(4),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVES },
    });

    this.fn = newsroomFunction(this, 'mailer', { table: props.table, access: 'readWrite', timeout: SENDER_TIMEOUT, memorySize: 256 });
    this.fn.addEnvironment('MAIL_FROM', props.from);
    this.fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    this.fn.addEnvironment('MAIL_RATE_PER_SECOND', String(props.ratePerSecond / SENDER_CONCURRENCY));
    this.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: SENDER_CONCURRENCY }));
    this.events.addSubscription(new subscriptions.LambdaSubscription(this.fn, { deadLetterQueue: this.deadLetters }));
    const { account, region, partition } = Stack.of(this);
    // Exactly this identity and configuration set: SES authorises a send on both.
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          `arn:${partition}:ses:${region}:${account}:identity/${domain}`,
          `arn:${partition}:ses:${region}:${account}:configuration-set/${this.configurationSet.configurationSetName}`,
        ],
        conditions: { StringEquals: { 'ses:FromAddress': address } },
      }),
    );

    for (const sender of props.senders) {
      this.queue.grantSendMessages(sender);
      sender.addEnvironment('MAIL_QUEUE_URL', this.queue.queueUrl);
      sender.addEnvironment('MAIL_FROM', props.from);
      sender.addEnvironment('EDITOR_URL', props.editorUrl);
      sender.addEnvironment('API_URL', props.apiUrl);
      sender.addEnvironment('SITE_URL', props.siteUrl);
    }

    this.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        value: `${record.name} CNAME ${record.value}`,
        description: `DKIM record ${i + 1} of ${domain} for SES (set in DNS before the first mail)`,
      });
    });
    new CfnOutput(this, 'MailDeadLetterQueueUrl', { value: this.deadLetters.queueUrl, description: 'Mails that failed five times' });
  }
}
