/**
 * The newsroom in AWS: the table, the API with its functions, the sign-in and the two
 * static sites. What is deliberately missing: the publisher. Locally, publishing runs the
 * Astro build in a child process of the gateway and switches the output directory
 * atomically; in AWS that path is not wired yet (no build function, no queue from the
 * story functions, no upload of the output to the site bucket), so content changes are
 * only logged by `functions/events/changes.ts` and the site bucket stays as the last
 * deployment left it. Nothing here pretends otherwise: there is no placeholder function,
 * no bucket grant for a publisher and no scheduled rebuild until the real one exists.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api, LOG_RETENTION } from './api.ts';
import { Auth } from './auth.ts';
import type { NewsroomConfig } from './config.ts';
import { createAccessLogBucket, StaticSite } from './static-site.ts';
import { Scheduler } from './scheduler.ts';
import { NewsroomTable } from './table.ts';

export interface NewsroomStackProps extends StackProps {
  config: NewsroomConfig;
}

export class NewsroomStack extends Stack {
  readonly table: NewsroomTable;
  readonly auth: Auth;
  readonly api: Api;
  readonly site: StaticSite;
  readonly editor: StaticSite;
  readonly scheduler: Scheduler;

  constructor(scope: Construct, id: string, props: NewsroomStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.table = new NewsroomTable(this, 'Store');

    const logBucket = createAccessLogBucket(this, 'AccessLogBucket', Duration.days(LOG_RETENTION));
    const baseCsp = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
    this.site = new StaticSite(this, 'PublicSite', {
      comment: 'Newsroom: public site',
      logBucket,
      logPrefix: 'site/',
      contentSecurityPolicy: baseCsp,
      // site/newsroom/src/pages/404.astro: "Seite nicht gefunden", in German like the rest of the site.
      notFoundPage: '/404.html',
    });
    // The editor gets its own bucket and distribution rather than a path on the public one:
    // a separate origin keeps the editor's tokens out of reach of anything running on the
    // public site, lets the editor send a stricter policy (it may only talk to the API and
    // Cognito), and lets a future publisher write the site bucket without touching the
    // editor's code.
    const cognitoHost = `${config.cognitoDomainPrefix}.auth.${this.region}.amazoncognito.com`;
    this.editor = new StaticSite(this, 'Editor', {
      comment: 'Newsroom: editor (Redaktion)',
      logBucket,
      logPrefix: 'editor/',
      // The editor is one page with hash routes (site/redaktion); any other path gets the app itself.
      notFoundPage: '/index.html',
      contentSecurityPolicy: `${baseCsp}; connect-src 'self' https://*.execute-api.${this.region}.${this.urlSuffix} https://${cognitoHost}`,
    });

    const editorOrigin = this.editor.url;
    this.auth = new Auth(this, 'Auth', {
      domainPrefix: config.cognitoDomainPrefix,
      callbackUrls: config.editorCallbackUrls ?? [`${editorOrigin}${config.editorCallbackPath}`],
      logoutUrls: config.editorLogoutUrls ?? [`${editorOrigin}/`],
    });

    this.api = new Api(this, 'Api', {
      table: this.table,
      issuerUrl: this.auth.issuerUrl,
      audience: [this.auth.editorClient.userPoolClientId],
      corsOrigins: config.corsOrigins ?? [editorOrigin],
      throttle: config.throttle,
    });

    this.scheduler = new Scheduler(this, 'Scheduler', { table: this.table });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId, description: 'Cognito user pool id' });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.editorClient.userPoolClientId, description: 'App client id of the editor' });
    new CfnOutput(this, 'CognitoDomain', { value: `https://${cognitoHost}`, description: 'Managed login (sign-in) domain' });
    new CfnOutput(this, 'SiteUrl', { value: this.site.url, description: 'Public site' });
    new CfnOutput(this, 'SiteBucketName', { value: this.site.bucket.bucketName, description: 'Bucket of the public site' });
    new CfnOutput(this, 'EditorUrl', { value: this.editor.url, description: 'Editor (Redaktion)' });
    new CfnOutput(this, 'EditorBucketName', { value: this.editor.bucket.bucketName, description: 'Bucket of the editor' });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName, description: 'DynamoDB table' });
  }
}
