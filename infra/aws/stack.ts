/**
 * The newsroom in AWS: the table with its backups, the API with its functions, the
 * scheduled work, the sign-in, the two static sites (the editor deployed with its
 * generated configuration), the publisher that renders the public site into its bucket
 * (publisher.ts), and the alarms.
 */

import { resolve } from 'node:path';
import { SEARCH_CSP, SEARCH_PATHS, SIGNUP_PATHS, SITE_CSP, signupCsp } from '@newsroom/site-contract/security-headers.ts';
import { CfnOutput, Duration, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { Api, DIRECTORY_READ_ACTIONS, LOG_RETENTION } from './api.ts';
import { API_PATH, serveApi } from './api-edge.ts';
import { Auth } from './auth.ts';
import { TableBackup } from './backup.ts';
import { REPO_ROOT } from './bundle.ts';
import type { NewsroomConfig } from './config.ts';
import { EditorDeployment } from './editor-deployment.ts';
import { Mail } from './mail.ts';
import { Monitoring } from './monitoring.ts';
import { Photos } from './photos.ts';
import { Publisher } from './publisher.ts';
import { Scheduler } from './scheduler.ts';
import { createAccessLogBucket, StaticSite } from './static-site.ts';
import { NewsroomTable } from './table.ts';

export interface NewsroomStackProps extends StackProps {
  config: NewsroomConfig;
  /** The web ACL that limits each client of the API (ApiFirewallStack.webAcl, in us-east-1). */
  apiWebAclArn: string;
}

export class NewsroomStack extends Stack {
  readonly table: NewsroomTable;
  readonly backup: TableBackup;
  readonly auth: Auth;
  readonly api: Api;
  readonly site: StaticSite;
  readonly editor: StaticSite;
  readonly editorDeployment: EditorDeployment;
  readonly scheduler: Scheduler;
  readonly monitoring: Monitoring;
  readonly publisher: Publisher;
  readonly mail: Mail;
  readonly photos: Photos;

  constructor(scope: Construct, id: string, props: NewsroomStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.table = new NewsroomTable(this, 'Store');
    this.backup = new TableBackup(this, 'Backup', { table: this.table.table });

    const logBucket = createAccessLogBucket(this, 'AccessLogBucket', Duration.days(LOG_RETENTION));
    this.site = new StaticSite(this, 'PublicSite', {
      comment: 'Newsroom: public site',
      logBucket,
      logPrefix: 'site/',
      // The same policy the local static server sends: no inline script or style at all.
      contentSecurityPolicy: SITE_CSP,
      // The search page compiles Pagefind's WebAssembly; only there, the same exception as locally.
      pathPolicies: [
        { pathPatterns: SEARCH_PATHS.map((p) => `${p}*`), contentSecurityPolicy: SEARCH_CSP, comment: 'search (WebAssembly)' },
        // The distribution's sign-up form posts to the API on the editor's distribution (made below: read when synthesised).
        {
          pathPatterns: SIGNUP_PATHS.map((p) => `${p}*`),
          contentSecurityPolicy: Lazy.string({ produce: () => signupCsp(this.editor.url) }),
          comment: 'distribution sign-up (form to the API)',
        },
      ],
      // site/newsroom/src/pages/404.astro: "Seite nicht gefunden", in German like the rest of the site.
      notFoundPage: '/404.html',
      gonePaths: true,
      domain: config.siteDomain,
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
      singlePage: true,
      // The API is served on this distribution (api-edge.ts): 'self' is this stack's API and nothing else.
      contentSecurityPolicy: `${SITE_CSP}; connect-src 'self' https://${cognitoHost}`,
      domain: config.editorDomain,
      webAclId: props.apiWebAclArn,
    });

    const editorOrigin = this.editor.url;
    const callbackUrls = config.editorCallbackUrls ?? [`${editorOrigin}${config.editorCallbackPath}`];
    const logoutUrls = config.editorLogoutUrls ?? [`${editorOrigin}/`];
    this.auth = new Auth(this, 'Auth', { domainPrefix: config.cognitoDomainPrefix, callbackUrls, logoutUrls });

    this.api = new Api(this, 'Api', {
      table: this.table,
      issuerUrl: this.auth.issuerUrl,
      audience: [this.auth.editorClient.userPoolClientId],
      // The editor calls the API on its own origin; other origins only when configured.
      corsOrigins: config.corsOrigins ?? [],
      throttle: config.throttle,
      reservedConcurrency: config.reservedConcurrency,
    });
    serveApi(this.editor, this.api.httpApi);
    const apiUrl = `${editorOrigin}${API_PATH}`;
    // Every API function reads the caller's role, partner and enabled-state from this pool
    // (functions/http/claims.ts): the token only proves who is calling.
    this.scheduler = new Scheduler(this, 'Scheduler', { table: this.table, reservedConcurrency: config.reservedConcurrency });
    // The scheduler tells the press office and the partner's leads of an expiry takedown: it reads the pool as the API does.
    for (const fn of [...Object.values(this.api.functions), this.scheduler.fn]) {
      fn.addEnvironment('USER_POOL_ID', this.auth.userPool.userPoolId);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: DIRECTORY_READ_ACTIONS,
          resources: [this.auth.userPool.userPoolArn],
        }),
      );
    }
    // User administration (functions/users) talks to this pool only, with exactly the admin calls it makes.
    this.api.functions.users.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'cognito-idp:ListUsers',
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminUpdateUserAttributes',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminRemoveUserFromGroup',
          'cognito-idp:AdminEnableUser',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminUserGlobalSignOut',
        ],
        resources: [this.auth.userPool.userPoolArn],
      }),
    );

    this.editorDeployment = new EditorDeployment(this, 'EditorDeployment', {
      site: this.editor,
      distDir: resolve(REPO_ROOT, config.editorDist),
      config: {
        apiUrl,
        auth: {
          mode: 'cognito',
          domain: `https://${cognitoHost}`,
          clientId: this.auth.editorClient.userPoolClientId,
          redirectUri: callbackUrls[0]!,
          logoutUri: logoutUrls[0]!,
          userPoolId: this.auth.userPool.userPoolId,
          region: this.region,
        },
        publicSiteUrl: this.site.url,
      },
    });

    // The API's functions and the scheduler queue notifications and release mails; the mailer sends them.
    this.mail = new Mail(this, 'Mail', {
      table: this.table,
      from: config.mailFrom,
      ratePerSecond: config.mailRatePerSecond,
      senders: [...Object.values(this.api.functions), this.scheduler.fn],
      editorUrl: editorOrigin,
      apiUrl,
      siteUrl: this.site.url,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      functions: { ...this.api.functions, scheduler: this.scheduler.fn, mailer: this.mail.fn },
      mailDeadLetters: this.mail.deadLetters,
      httpApi: this.api.httpApi,
      schedulerRule: this.scheduler.rule,
      deadLetters: this.scheduler.deadLetters,
      alarmEmail: config.alarmEmail,
    });

    // The functions that announce content changes (functions/events/changes.ts) put them on the publisher's bus.
    this.publisher = new Publisher(this, 'Publisher', {
      table: this.table,
      site: this.site as StaticSite & { goneStore: NonNullable<StaticSite['goneStore']> },
      announcers: [this.api.functions.stories, this.api.functions.releases, this.api.functions.statistics, this.api.functions.users, this.scheduler.fn],
      alarmTopic: this.monitoring.topic,
    });
    // The sign-up form on the press page posts to the API: the build names its address.
    this.publisher.fn.addEnvironment('API_URL', apiUrl);

    // Photos: uploads signed by the photos function, previews read by it, files erased with their story, copies to the site by the publisher.
    this.photos = new Photos(this, 'Photos', { table: this.table, logBucket, editorOrigin, reservedConcurrency: config.reservedConcurrency });
    for (const fn of [this.api.functions.photos, this.api.functions.stories, this.scheduler.fn, this.publisher.fn, this.publisher.preview])
      this.photos.environment(fn);
    this.photos.grantUpload(this.api.functions.photos);
    this.photos.grantReadMedia(this.api.functions.photos);
    this.photos.grantReadMedia(this.publisher.fn);
    // A preview shows the item's photos before the publisher copied them to the site.
    this.photos.grantReadMedia(this.publisher.preview);
    this.photos.grantErase(this.api.functions.stories);
    this.photos.grantErase(this.scheduler.fn);

    new CfnOutput(this, 'ApiUrl', { value: apiUrl, description: 'Base URL of the API (on the editor distribution, limited per client)' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId, description: 'Cognito user pool id' });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.editorClient.userPoolClientId, description: 'App client id of the editor' });
    new CfnOutput(this, 'CognitoDomain', { value: `https://${cognitoHost}`, description: 'Managed login (sign-in) domain' });
    new CfnOutput(this, 'SiteUrl', { value: this.site.url, description: 'Public site' });
    new CfnOutput(this, 'SiteDistributionDomain', {
      value: this.site.distribution.distributionDomainName,
      description: 'CNAME target for a custom site domain',
    });
    new CfnOutput(this, 'SiteBucketName', { value: this.site.bucket.bucketName, description: 'Bucket of the public site' });
    new CfnOutput(this, 'GonePathsStoreArn', {
      value: this.site.goneStore!.keyValueStoreArn,
      description: 'Key value store of withdrawn paths (answered with 410)',
    });
    new CfnOutput(this, 'EditorUrl', { value: this.editor.url, description: 'Editor (Redaktion)' });
    new CfnOutput(this, 'EditorDistributionDomain', {
      value: this.editor.distribution.distributionDomainName,
      description: 'CNAME target for a custom editor domain',
    });
    new CfnOutput(this, 'EditorBucketName', { value: this.editor.bucket.bucketName, description: 'Bucket of the editor' });
    new CfnOutput(this, 'PublisherFunctionName', {
      value: this.publisher.fn.functionName,
      description: 'The publisher (invoke with {"full":true} to render every page)',
    });
    new CfnOutput(this, 'PublishDeadLetterQueueUrl', { value: this.publisher.deadLetters.queueUrl, description: 'Publishes that failed three times' });
    new CfnOutput(this, 'PhotoBucketName', { value: this.photos.bucket.bucketName, description: 'Private bucket of photo uploads and derivatives' });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName, description: 'DynamoDB table' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn, description: 'SNS topic of all alarms' });
    new CfnOutput(this, 'BackupVaultName', { value: this.backup.vault.backupVaultName, description: 'AWS Backup vault of the table' });
  }
}
