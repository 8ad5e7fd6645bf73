import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { REPO_ROOT } from './bundle.ts';
import type { NewsroomTable, TableAccess } from './table.ts';

const BUNDLER = fileURLToPath(new URL('./bundle.ts', import.meta.url));

/** Logs hold IP addresses and user ids: keep them a month, long enough to investigate an incident. */
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/** The service name and metric namespace every function logs and counts under. */
export const SERVICE_NAME = 'newsroom';
export const METRICS_NAMESPACE = 'Newsroom';

export interface NewsroomFunctionProps {
  table: NewsroomTable;
  access: TableAccess;
  timeout?: Duration;
  memorySize?: number;
  /**
   * The most instances that may run at once (reserved concurrency). Caps what a
   * runaway (a client in a loop, a flood on a public route) can cost, and for the
   * scheduler keeps two runs from overlapping. Undefined: no reservation.
   */
  reservedConcurrency?: number;
}

/**
 * A Lambda from `functions/<name>/index.ts`: Node 24 on arm64, bundled by
 * `infra/aws/bundle.ts` (esbuild, ESM, minified, AWS SDK from the runtime), with its
 * own role and log group, exactly the table access it needs, and the Powertools
 * settings for structured logs.
 */
export function newsroomFunction(scope: Construct, fn: string, props: NewsroomFunctionProps): lambda.Function {
  const { table, access } = props;
  const logGroup = new logs.LogGroup(scope, `${fn}Logs`, { retention: LOG_RETENTION });
  // An own role instead of AWSLambdaBasicExecutionRole: logs go to this function's group only.
  const role = new iam.Role(scope, `${fn}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of the ${fn} function`,
  });
  logGroup.grantWrite(role);
  table.grant(role, access);

  const entry = `functions/${fn}/index.ts`;
  return new lambda.Function(scope, `${fn}Function`, {
    description: `Newsroom: functions/${fn}`,
    // Only the bundle's output is hashed and uploaded; the source folder merely anchors the asset.
    code: lambda.Code.fromAsset(join(REPO_ROOT, 'functions'), {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never used: local bundling always succeeds or fails loudly, there is no Docker fallback.
        image: lambda.Runtime.NODEJS_24_X.bundlingImage,
        // CDK caches bundles by source folder and these options, not by the local bundler's
        // code; without the entry here every function would get the first function's bundle.
        environment: { NEWSROOM_ENTRY: entry },
        local: {
          tryBundle(outputDir: string) {
            // A child process, because esbuild's plugins need its asynchronous API and synth is synchronous.
            execFileSync(process.execPath, [BUNDLER, entry, outputDir], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
            return true;
          },
        },
      },
    }),
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    // API Gateway gives up after 30 s; a handler doing one or two DynamoDB calls needs far less.
    timeout: props.timeout ?? Duration.seconds(10),
    reservedConcurrentExecutions: props.reservedConcurrency,
    role,
    logGroup,
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      ...(access === 'none' ? {} : { TABLE_NAME: table.table.tableName }),
    },
  });
}
