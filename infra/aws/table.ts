import { TABLE } from '@newsroom/store/table.ts';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** What a function may do with the table; each function's level is declared in api.ts. */
export type TableAccess = 'none' | 'read' | 'readWrite';

/**
 * Scan is deliberately missing: every list is a Query on a key or an index
 * (ARCHITECTURE.md, decision 5), and IAM enforces it.
 */
const ACTIONS: Record<Exclude<TableAccess, 'none'>, string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
};

/** The single table, built from `functions/store/table.ts` like the local stand-in. */
export class NewsroomTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const str = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: str(TABLE.partitionKey),
      sortKey: str(TABLE.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // AWS-managed key: encryption at rest visible in the template and in CloudTrail,
      // without the cost and key-policy upkeep of a customer-managed key.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: str(index.partitionKey),
        sortKey: str(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /**
   * Grants exactly the actions of `access` on the table and on each named index,
   * instead of the `index/*` wildcard that `grantReadWriteData` would add.
   */
  grant(grantee: iam.IGrantable, access: TableAccess): void {
    if (access === 'none') return;
    iam.Grant.addToPrincipal({
      grantee,
      actions: ACTIONS[access],
      resourceArns: [this.table.tableArn, ...TABLE.indexes.map((i) => `${this.table.tableArn}/index/${i.name}`)],
    });
  }
}
