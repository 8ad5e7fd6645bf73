import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, DefaultStackSynthesizer, Stack, Token, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeFindings } from './checks.ts';
import { LOG_RETENTION } from './function.ts';
import type { StaticSite } from './static-site.ts';

/**
 * What the editor reads from `/config.json` in Cognito mode; the shape is
 * `RuntimeConfig` of `site/redaktion/src/app/config.ts` (`auth.mode: 'cognito'`).
 */
export interface EditorRuntimeConfig {
  apiUrl: string;
  auth: {
    mode: 'cognito';
    /** Managed-login base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
    domain: string;
    clientId: string;
    redirectUri: string;
    logoutUri: string;
    userPoolId: string;
    region: string;
  };
  publicSiteUrl: string;
}

export interface EditorDeploymentProps {
  site: StaticSite;
  /** The editor's static build (`site/redaktion/dist`). */
  distDir: string;
  config: EditorRuntimeConfig;
}

/**
 * Uploads the editor's build and its generated `config.json` (the deployed addresses,
 * filled in by CloudFormation at deploy time) to the editor bucket, then invalidates
 * the editor's distribution. Content-hashed files under `_astro/` go first and are
 * cached for a year; the page and the configuration follow and are revalidated on
 * every load, so a deployment never serves a page whose scripts are not there yet.
 */
export class EditorDeployment extends Construct {
  readonly assets: s3deploy.BucketDeployment;
  readonly pages: s3deploy.BucketDeployment;
  /** The generated `config.json` (with deploy-time values). */
  readonly config: EditorRuntimeConfig;

  constructor(scope: Construct, id: string, props: EditorDeploymentProps) {
    super(scope, id);
    this.config = props.config;
    if (!existsSync(join(props.distDir, 'index.html'))) {
      throw new Error(`The editor build is missing (${props.distDir}/index.html): run \`npm run build:editor\` first (\`npm run deploy\` does).`);
    }
    const build = s3deploy.Source.asset(props.distDir);
    // Both deployments share one handler function, and with it one log group.
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', { retention: LOG_RETENTION });
    const common = {
      destinationBucket: props.site.bucket,
      logGroup,
      // An editor tab opened before a deployment may still load a chunk of the old build.
      prune: false,
    };

    this.assets = new s3deploy.BucketDeployment(this, 'Assets', {
      ...common,
      sources: [build],
      exclude: ['*'],
      include: ['_astro/*'],
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
    });

    this.pages = new s3deploy.BucketDeployment(this, 'Pages', {
      ...common,
      sources: [build, s3deploy.Source.jsonData('config.json', props.config)],
      exclude: ['_astro/*', 'config.example.json'],
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: props.site.distribution,
      distributionPaths: ['/*'],
    });
    this.pages.node.addDependency(this.assets);

    // The handler is a singleton at stack level, created by the first BucketDeployment.
    const stack = Stack.of(this);
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const qualifier = stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const editorBucket = stack.getLogicalId(props.site.bucket.node.defaultChild as CfnElement);
    for (const handler of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      acknowledgeFindings(
        handler,
        'AwsSolutions-IAM4',
        ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        "CDK's BucketDeployment handler writes its logs with the AWS-managed AWSLambdaBasicExecutionRole; it only " +
          'runs during deployments and handles no personal data.',
      );
      acknowledgeFindings(
        handler,
        'AwsSolutions-IAM5',
        [
          'Action::s3:GetBucket*',
          'Action::s3:GetObject*',
          'Action::s3:List*',
          'Action::s3:Abort*',
          'Action::s3:DeleteObject*',
          `Resource::arn:aws:s3:::cdk-${qualifier}-assets-${account}-${stack.region}/*`,
          `Resource::<${editorBucket}.Arn>/*`,
        ],
        'BucketDeployment copies every file of the editor build from the CDK asset bucket into the editor bucket: ' +
          'object-level wildcards on exactly these two buckets, as CDK grants them.',
      );
      acknowledgeFindings(
        handler,
        'AwsSolutions-IAM5',
        ['Resource::*'],
        'cloudfront:CreateInvalidation and GetInvalidation, which BucketDeployment grants on all distributions ' +
          '(CDK does not scope them); the handler only invalidates the editor distribution it is given.',
      );
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "The runtime of CDK's BucketDeployment handler (Python with the AWS CLI layer) is chosen by " +
          'aws-cdk-lib and moves with CDK upgrades; it is not our code and only runs during deployments.',
      });
    }
  }
}
