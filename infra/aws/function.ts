import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NewsroomTable, TableAccess } from './table.ts';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Logs hold IP addresses and user ids: keep them a month, long enough to investigate an incident. */
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/**
 * A Lambda from `functions/<name>/index.ts`: Node 24 on arm64, bundled by esbuild as ESM,
 * with its own role and log group and exactly the table access it needs.
 */
export function newsroomFunction(scope: Construct, fn: string, props: { table: NewsroomTable; access: TableAccess; timeout?: Duration; memorySize?: number }): NodejsFunction {
  const { table, access } = props;
  const logGroup = new logs.LogGroup(scope, `${fn}Logs`, { retention: LOG_RETENTION });
  // An own role instead of AWSLambdaBasicExecutionRole: logs go to this function's group only.
  const role = new iam.Role(scope, `${fn}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of the ${fn} function`,
  });
  logGroup.grantWrite(role);
  table.grant(role, access);

  return new NodejsFunction(scope, `${fn}Function`, {
    description: `Newsroom: functions/${fn}`,
    entry: join(REPO_ROOT, 'functions', fn, 'index.ts'),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    // API Gateway gives up after 30 s; a handler doing one or two DynamoDB calls needs far less.
    timeout: props.timeout ?? Duration.seconds(10),
    role,
    logGroup,
    awsSdkConnectionReuse: false,
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      ...(access === 'none' ? {} : { TABLE_NAME: table.table.tableName }),
    },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      minify: true,
      sourceMap: true,
      mainFields: ['module', 'main'],
      // The runtime ships the AWS SDK v3; everything else is bundled.
      externalModules: ['@aws-sdk/*'],
      // Bundled CommonJS dependencies call require(), which an ES module lacks.
      banner: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
    },
  });
}
