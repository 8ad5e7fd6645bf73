import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { acknowledgeFindings } from './checks.ts';

/**
 * Backups of the table beside point-in-time recovery. PITR restores any second of the
 * last 35 days but lives and dies with the table and its account settings; AWS Backup
 * keeps copies in a vault of their own, retained even if the stack or the table goes.
 *
 * Retention is deliberately short: the table holds personal data whose consent can be
 * withdrawn, and a backup keeps what was withdrawn until it expires. Daily copies for
 * 35 days bridge a mistake noticed late; monthly copies for a year cover the annual
 * report. The data-protection officer should confirm these periods (README).
 */
export class TableBackup extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: { table: dynamodb.ITable }) {
    super(scope, id);
    this.vault = new backup.BackupVault(this, 'Vault', {
      // Backups are the last line: the vault outlives the stack like the table does.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          // 02:00 UTC: 03:00 or 04:00 in Ludwigsburg, when nobody edits.
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(4),
          deleteAfter: Duration.days(35),
        }),
        new backup.BackupPlanRule({
          ruleName: 'Monthly',
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3', day: '1' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(4),
          deleteAfter: Duration.days(365),
        }),
      ],
    });
    const selection = this.plan.addSelection('Table', {
      resources: [backup.BackupResource.fromDynamoDbTable(props.table)],
    });
    acknowledgeFindings(
      selection,
      'AwsSolutions-IAM4',
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup'],
      'The role AWS Backup assumes carries the AWS-managed backup policy, which AWS maintains as services gain ' +
        'backup features; a hand-written copy would silently fall behind. Restores are run by an operator.',
    );
  }
}
