import { existsSync } from 'node:fs';
import { ROLES } from '@newsroom/domain/actor.ts';
import { FUNCTIONS, ROUTES, routeKey } from '@newsroom/http/routes.ts';
import { API_CONCURRENCY, DIRECTORY_READ_ACTIONS, TABLE_ACCESS } from '@newsroom/infra-aws/api.ts';
import { API_PREFIX_STRIP, RATE_WINDOW_SECONDS } from '@newsroom/infra-aws/api-edge.ts';
import { readConfig } from '@newsroom/infra-aws/config.ts';
import { GONE_PAGE, goneViewerRequest, goneViewerResponse, INDEX_REWRITE, PERMISSIONS_POLICY, SINGLE_PAGE_REWRITE } from '@newsroom/infra-aws/static-site.ts';
import { SEARCH_CSP, SITE_CSP } from '@newsroom/site-contract/security-headers.ts';
import { createTableInput, TABLE } from '@newsroom/store/table.ts';
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { cdkJsonContext, type Resource, synthStack } from './synth.ts';

let s: ReturnType<typeof synthStack>;
/** The editor's own schema of `/config.json` (site/redaktion is type-checked by Astro, not by this project's tsc). */
let RuntimeConfig: ZodType<{ auth: { mode: string } }>;

/** One synth for the whole file. */
beforeAll(async () => {
  s = synthStack();
  ({ RuntimeConfig } = (await import(EDITOR_CONFIG)) as { RuntimeConfig: typeof RuntimeConfig });
});
const EDITOR_CONFIG = ['..', '..', 'site', 'redaktion', 'src', 'app', 'config.ts'].join('/');

const one = (type: string): [string, Resource] => {
  const found = s.all(type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
/** Our own functions, told apart from CDK's deployment helper by their description. */
const ownFunctions = () => s.all('AWS::Lambda::Function').filter(([, f]) => String(f.Properties.Description ?? '').startsWith('Newsroom: functions/'));
const functionNames = () => [...FUNCTIONS, 'scheduler', 'mailer'] as const;
const functionId = (name: string) =>
  s.logicalId(name === 'scheduler' ? s.stack.scheduler.fn : name === 'mailer' ? s.stack.mail.fn : s.stack.api.functions[name as (typeof FUNCTIONS)[number]]);

describe('HTTP API', () => {
  it('has exactly one route per entry of the route table', () => {
    const keys = s.all('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey as string);
    expect(keys).toHaveLength(ROUTES.length);
    expect(new Set(keys)).toEqual(new Set(ROUTES.map(routeKey)));
  });

  it('puts the JWT authorizer in front of every route that is not public, and none in front of public ones', () => {
    const [authorizerId] = one('AWS::ApiGatewayV2::Authorizer');
    for (const [, r] of s.all('AWS::ApiGatewayV2::Route')) {
      const route = ROUTES.find((x) => routeKey(x) === r.Properties.RouteKey)!;
      if (route.roles === 'public') {
        expect(r.Properties.AuthorizationType, routeKey(route)).toBe('NONE');
        expect(r.Properties.AuthorizerId, routeKey(route)).toBeUndefined();
      } else {
        expect(r.Properties.AuthorizationType, routeKey(route)).toBe('JWT');
        expect(r.Properties.AuthorizerId, routeKey(route)).toEqual({ Ref: authorizerId });
      }
    }
  });

  it('accepts only tokens the user pool issued for the editor client (issuer and audience)', () => {
    const [, authorizer] = one('AWS::ApiGatewayV2::Authorizer');
    const poolId = s.logicalId(s.stack.auth.userPool);
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(authorizer.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(authorizer.Properties.JwtConfiguration).toEqual({
      Issuer: { 'Fn::Join': ['', ['https://cognito-idp.eu-central-1.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: poolId }]] },
      Audience: [{ Ref: s.logicalId(s.stack.auth.editorClient) }],
    });
  });

  it('needs no CORS (the editor calls it on its own origin), logs every request and keeps a stage throttle as the ceiling', () => {
    const [, api] = one('AWS::ApiGatewayV2::Api');
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    const [, stage] = one('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AccessLogSettings.DestinationArn).toBeDefined();
    expect(stage.Properties.AccessLogSettings.Format).toContain('$context.requestId');
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
  });

  it('throttles each public page of the press distribution (sign-up form, confirmation, unsubscribe, topics) on its own, below the stage', () => {
    const [stageId, stage] = one('AWS::ApiGatewayV2::Stage');
    const throttled = ROUTES.filter((r) => r.roles === 'public' && r.fn === 'distribution');
    expect(throttled.map(routeKey)).toEqual(
      expect.arrayContaining(['POST /verteiler/anmeldung', 'POST /abmelden/{token}', 'POST /verteiler/bestaetigen/{token}']),
    );
    for (const route of throttled) {
      const settings = stage.Properties.RouteSettings?.[routeKey(route)];
      expect(settings, routeKey(route)).toBeDefined();
      expect(settings.ThrottlingRateLimit).toBeLessThan(stage.Properties.DefaultRouteSettings.ThrottlingRateLimit);
      const routeId = s.all('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === routeKey(route))![0];
      expect(s.template.toJSON().Resources[stageId].DependsOn, routeKey(route)).toContain(routeId);
    }
  });
});

describe('DynamoDB table', () => {
  it('has the keys and indexes of functions/store/table.ts, like the local stand-in', () => {
    const [, table] = one('AWS::DynamoDB::Table');
    const local = createTableInput(TABLE.defaultName);
    expect(table.Properties.KeySchema).toEqual(local.KeySchema);
    const byName = (a: { IndexName: string }, b: { IndexName: string }) => a.IndexName.localeCompare(b.IndexName);
    expect([...table.Properties.GlobalSecondaryIndexes].sort(byName)).toEqual([...local.GlobalSecondaryIndexes].sort(byName));
    const byAttr = (a: { AttributeName: string }, b: { AttributeName: string }) => a.AttributeName.localeCompare(b.AttributeName);
    expect([...table.Properties.AttributeDefinitions].sort(byAttr)).toEqual([...local.AttributeDefinitions].sort(byAttr));
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('is protected against loss: point-in-time recovery, deletion protection, retained, encrypted', () => {
    const [, table] = one('AWS::DynamoDB::Table');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.Properties.SSESpecification.SSEEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  it('is backed up by AWS Backup: daily for 35 days, monthly for a year, into a retained vault', () => {
    const [, plan] = one('AWS::Backup::BackupPlan');
    const rules = plan.Properties.BackupPlan.BackupPlanRule as { RuleName: string; ScheduleExpression: string; Lifecycle: { DeleteAfterDays: number } }[];
    expect(rules.map((r) => [r.RuleName, r.ScheduleExpression, r.Lifecycle.DeleteAfterDays])).toEqual([
      ['Daily', 'cron(0 2 * * ? *)', 35],
      ['Monthly', 'cron(0 3 1 * ? *)', 365],
    ]);
    const [vaultId, vault] = one('AWS::Backup::BackupVault');
    expect(vault.DeletionPolicy).toBe('Retain');
    expect(rules.every((r) => JSON.stringify(r).includes(vaultId))).toBe(true);
    const [, selection] = one('AWS::Backup::BackupSelection');
    expect(selection.Properties.BackupSelection.Resources).toEqual([{ 'Fn::GetAtt': [s.logicalId(s.stack.table.table), 'Arn'] }]);
  });
});

describe('Lambda functions', () => {
  it("exist once per entry of FUNCTIONS, plus the scheduler and the mailer; the others are the publisher, its preview function, the photo processor and CDK's helpers for deployments", () => {
    expect(ownFunctions()).toHaveLength(FUNCTIONS.length + 2);
    const others = s
      .all('AWS::Lambda::Function')
      .filter(([id]) => !ownFunctions().some(([own]) => own === id))
      .map(([id]) => id);
    // test/infra/publisher.test.ts checks the publisher and its preview function, photos.test.ts the photo processor; CDK adds one
    // function for the bucket deployments, one for the custom resource and one for the photo bucket's notification.
    expect(others).toHaveLength(6);
    expect(others).toContain(s.logicalId(s.stack.publisher.fn));
    expect(others).toContain(s.logicalId(s.stack.publisher.preview));
    expect(others).toContain(s.logicalId(s.stack.photos.processor));
    expect(others.filter((id) => /^BucketNotificationsHandler/.test(id))).toHaveLength(1);
    expect(others.filter((id) => /^CustomCDKBucketDeployment/.test(id))).toHaveLength(1);
    expect(others.filter((id) => /^AWS679f53fac002430cb0da5b7982bd2287/.test(id))).toHaveLength(1);
  });

  it('run the scheduler every minute (embargoes are set to the minute), one run at a time', () => {
    template().hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
    expect(s.resource(functionId('scheduler')).Properties.ReservedConcurrentExecutions).toBe(1);
    expect(s.resource(functionId('scheduler')).Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: s.logicalId(s.stack.table.table) });
  });

  it('send a scheduled run that cannot be delivered, or fails after its retries, to the dead-letter queue', () => {
    const fnId = functionId('scheduler');
    const dlq = { 'Fn::GetAtt': [s.logicalId(s.stack.scheduler.deadLetters), 'Arn'] };
    template().hasResourceProperties('AWS::Events::Rule', {
      Targets: Match.arrayWith([
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 },
          DeadLetterConfig: { Arn: dlq },
        }),
      ]),
    });
    template().hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 600,
      DestinationConfig: { OnFailure: { Destination: dlq } },
    });
  });

  it('give meta, which only serves reference data, no access to the table', () => {
    expect(TABLE_ACCESS.meta).toBe('none');
  });

  it('each run their own bundle', () => {
    const keys = ownFunctions().map(([, f]) => JSON.stringify(f.Properties.Code.S3Key));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('run nodejs24.x on arm64 with an ES module bundle', () => {
    for (const [id, fn] of ownFunctions()) {
      expect(fn.Properties.Runtime, id).toBe('nodejs24.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.Handler, id).toBe('index.handler');
    }
  });

  it('log structured JSON through Powertools under one service name, to their own group', () => {
    for (const name of functionNames()) {
      const fn = s.resource(functionId(name));
      expect(fn.Properties.Environment.Variables, name).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'newsroom',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'Newsroom',
      });
      const group = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(s.resource(group).Properties.RetentionInDays, name).toBe(30);
    }
  });

  it('cap the instances each API function may run at once, so a runaway client cannot run up costs', () => {
    for (const name of FUNCTIONS) expect(s.resource(functionId(name)).Properties.ReservedConcurrentExecutions, name).toBe(API_CONCURRENCY);
  });

  it.each(FUNCTIONS)('%s gets TABLE_NAME and table permissions only if it uses the table, and never Scan', (name) => {
    const fn = s.resource(functionId(name));
    const access = TABLE_ACCESS[name];
    const env = fn.Properties.Environment?.Variables ?? {};
    if (access === 'none') expect(env.TABLE_NAME).toBeUndefined();
    else expect(env.TABLE_NAME).toEqual({ Ref: s.logicalId(s.stack.table.table) });

    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    expect(s.resource(roleId).Properties.ManagedPolicyArns ?? []).toEqual([]);
    const actions = s
      .all('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .flatMap((st: { Action: string | string[] }) => [st.Action].flat());
    const dynamo = actions.filter((a) => a.startsWith('dynamodb:'));
    if (access === 'none') expect(dynamo).toEqual([]);
    if (access === 'read') expect(dynamo.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
    if (access === 'readWrite')
      expect(dynamo).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(dynamo).not.toContain('dynamodb:Scan');
    expect(actions.some((a) => a.includes('*'))).toBe(false);
  });

  it("log to groups with a retention period, CDK's helpers included", () => {
    const groups = s.all('AWS::Logs::LogGroup');
    for (const [id, group] of groups) expect(group.Properties.RetentionInDays, id).toBeGreaterThan(0);
    // A function without an explicit group would log to one Lambda creates, kept forever.
    for (const [id, fn] of s.all('AWS::Lambda::Function')) {
      expect(
        groups.map(([g]) => g),
        id,
      ).toContain(fn.Properties.LoggingConfig?.LogGroup?.Ref);
    }
  });
});

describe('operations: alarms', () => {
  const alarms = () => s.all('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const topicRef = () => ({ Ref: s.logicalId(s.stack.monitoring.topic) });

  it('send every alarm, and its all-clear, to one encrypted SNS topic', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const a of alarms()) {
      expect(a.AlarmActions, a.AlarmDescription).toEqual([topicRef()]);
      expect(a.OKActions, a.AlarmDescription).toEqual([topicRef()]);
      expect(a.TreatMissingData).toBe('notBreaching');
    }
    const topic = s.resource(s.logicalId(s.stack.monitoring.topic));
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    const key = s.resource(topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0]);
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(JSON.stringify(key.Properties.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
  });

  it.each(['Errors', 'Throttles'])('watch Lambda %s of every function', (metric) => {
    for (const name of functionNames()) {
      expect(
        alarms().some(
          (a) => a.Namespace === 'AWS/Lambda' && a.MetricName === metric && a.Dimensions?.[0]?.Value?.Ref === functionId(name) && a.Threshold === 1,
        ),
        name,
      ).toBe(true);
    }
  });

  it('watch server errors of the API', () => {
    expect(alarms()).toContainEqual(
      expect.objectContaining({
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Threshold: 1,
        Dimensions: [{ Name: 'ApiId', Value: { Ref: s.logicalId(s.stack.api.httpApi) } }],
      }),
    );
  });

  it('watch the scheduler: failed invocations of its rule and messages in its dead-letter queue', () => {
    expect(alarms()).toContainEqual(
      expect.objectContaining({
        Namespace: 'AWS/Events',
        MetricName: 'FailedInvocations',
        Dimensions: [{ Name: 'RuleName', Value: { Ref: s.logicalId(s.stack.scheduler.rule) } }],
      }),
    );
    expect(alarms()).toContainEqual(
      expect.objectContaining({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [s.logicalId(s.stack.scheduler.deadLetters), 'QueueName'] } }],
      }),
    );
  });

  it('mail nobody unless an address is configured (the topic stays subscribable)', () => {
    expect(s.all('AWS::SNS::Subscription').filter(([, sub]) => sub.Properties.TopicArn.Ref === s.logicalId(s.stack.monitoring.topic))).toHaveLength(0);
  });
});

describe('Cognito', () => {
  it('lets only administrators create accounts and asks for strong passwords', () => {
    const [, pool] = one('AWS::Cognito::UserPool');
    expect(pool.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool.Properties.UsernameAttributes).toEqual(['email']);
    expect(pool.Properties.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool.Properties.AccountRecoverySetting.RecoveryMechanisms).toEqual([{ Name: 'verified_email', Priority: 1 }]);
    expect(pool.Properties.Schema).toEqual(expect.arrayContaining([expect.objectContaining({ Name: 'partner', AttributeDataType: 'String', Mutable: true })]));
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('requires a second factor (authenticator app, no SMS) from everyone, press office and administrators included', () => {
    const [, pool] = one('AWS::Cognito::UserPool');
    expect(pool.Properties.MfaConfiguration).toBe('ON');
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('runs threat protection (leaked passwords, risky sign-ins) on the Plus plan', () => {
    const [, pool] = one('AWS::Cognito::UserPool');
    expect(pool.Properties.UserPoolTier).toBe('PLUS');
    expect(pool.Properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
  });

  it('has one group per role of functions/domain/actor.ts', () => {
    const groups = s.all('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(ROLES.map((r) => r.id).sort());
  });

  it('gives the editor a public client for the code grant (PKCE), returning to the editor, that can read but not write custom:partner', () => {
    const [, client] = one('AWS::Cognito::UserPoolClient');
    const editorRoot = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [s.logicalId(s.stack.editor.distribution), 'DomainName'] }, '/']] };
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.Properties.AllowedOAuthScopes).toEqual(expect.arrayContaining(['openid']));
    expect(client.Properties.CallbackURLs).toEqual([editorRoot]);
    expect(client.Properties.LogoutURLs).toEqual([editorRoot]);
    expect(client.Properties.ReadAttributes).toContain('custom:partner');
    expect(client.Properties.WriteAttributes).toBeDefined();
    expect(client.Properties.WriteAttributes).not.toContain('custom:partner');
  });

  it('lets users write none of the attributes the API reads or shows (an empty list would let them write all)', () => {
    const [, client] = one('AWS::Cognito::UserPoolClient');
    expect(client.Properties.WriteAttributes).toEqual(['zoneinfo']);
    expect(client.Properties.ReadAttributes).not.toContain('zoneinfo');
  });

  it('issues ID and access tokens that live 15 minutes at most', () => {
    const [, client] = one('AWS::Cognito::UserPoolClient');
    expect(client.Properties.TokenValidityUnits).toMatchObject({ IdToken: 'minutes', AccessToken: 'minutes' });
    expect(client.Properties.IdTokenValidity).toBeLessThanOrEqual(15);
    expect(client.Properties.AccessTokenValidity).toBeLessThanOrEqual(15);
  });

  it('has a managed-login domain with the prefix from the context', () => {
    const [, domain] = one('AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.Domain).toBe('newsroom-lkr-ludwigsburg');
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
  });
});

describe('the API reads who may do what from the user pool', () => {
  const poolArn = () => ({ 'Fn::GetAtt': [s.logicalId(s.stack.auth.userPool), 'Arn'] });
  /** The statements on a function's role that name a Cognito action. */
  const cognitoStatements = (name: string) => {
    const roleId = s.resource(functionId(name)).Properties.Role['Fn::GetAtt'][0];
    return s
      .all('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Effect: string }[])
      .filter((st) => [st.Action].flat().some((a) => a.startsWith('cognito-idp:')));
  };
  const cognitoActions = (name: string) =>
    cognitoStatements(name)
      .flatMap((st) => [st.Action].flat())
      .sort();

  it.each([...FUNCTIONS, 'scheduler'])('%s gets the pool id and may read users (AdminGetUser, AdminListGroupsForUser, ListUsers) of this pool only', (name) => {
    expect(s.resource(functionId(name)).Properties.Environment.Variables.USER_POOL_ID).toEqual({ Ref: s.logicalId(s.stack.auth.userPool) });
    expect(cognitoActions(name)).toEqual(expect.arrayContaining(DIRECTORY_READ_ACTIONS));
    for (const st of cognitoStatements(name)) expect(st.Resource, name).toEqual(poolArn());
    if (name !== 'users') expect(cognitoActions(name), name).toEqual([...DIRECTORY_READ_ACTIONS].sort());
  });

  it('lets only the users function administer users, signing a disabled user out everywhere', () => {
    expect(cognitoActions('users')).toEqual(expect.arrayContaining(['cognito-idp:AdminDisableUser', 'cognito-idp:AdminUserGlobalSignOut']));
    expect(cognitoActions('scheduler')).toEqual([...DIRECTORY_READ_ACTIONS].sort());
  });
});

/** Replaces every CloudFormation intrinsic with a plausible literal, as a deployment would. */
function deployed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deployed);
  if (value && typeof value === 'object') {
    const [key] = Object.keys(value);
    const v = (value as Record<string, unknown>)[key!];
    if (key === 'Ref' || key === 'Fn::GetAtt') return 'x1a2b3';
    if (key === 'Fn::Join') {
      const [sep, parts] = v as [string, unknown[]];
      return parts.map(deployed).join(sep);
    }
    return Object.fromEntries(Object.entries(value).map(([k, inner]) => [k, deployed(inner)]));
  }
  return value;
}

describe('editor deployment', () => {
  const deployments = () => s.all('Custom::CDKBucketDeployment').map(([, d]) => d.Properties);

  it('generates a config.json the editor accepts, in Cognito mode with the deployed addresses', () => {
    const config = s.stack.resolve(s.stack.editorDeployment.config);
    expect(config.auth).toMatchObject({
      mode: 'cognito',
      domain: 'https://newsroom-lkr-ludwigsburg.auth.eu-central-1.amazoncognito.com',
      clientId: { Ref: s.logicalId(s.stack.auth.editorClient) },
      userPoolId: { Ref: s.logicalId(s.stack.auth.userPool) },
      redirectUri: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [s.logicalId(s.stack.editor.distribution), 'DomainName'] }, '/']] },
    });
    // The API on the editor's own distribution, behind its web ACL: not the execute-api address.
    expect(config.apiUrl).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [s.logicalId(s.stack.editor.distribution), 'DomainName'] }, '/api']] });
    expect(JSON.stringify(config.publicSiteUrl)).toContain(s.logicalId(s.stack.site.distribution));
    const parsed = RuntimeConfig.safeParse(deployed(config));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.auth.mode).toBe('cognito');
  });

  it('uploads the content-hashed scripts first, cached for a year, then the page and config.json, revalidated on every load', () => {
    const [assets, pages] = [deployments().find((d) => d.Include), deployments().find((d) => d.DistributionPaths)];
    expect(assets).toMatchObject({
      Include: ['_astro/*'],
      Exclude: ['*'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(pages).toMatchObject({ Prune: false, SystemMetadata: { 'cache-control': 'no-cache' }, DistributionPaths: ['/*'] });
    expect(pages!.SourceObjectKeys).toHaveLength(2);
    expect(pages!.DistributionId).toEqual({ Ref: s.logicalId(s.stack.editor.distribution) });
    for (const d of [assets, pages]) expect(d!.DestinationBucketName).toEqual({ Ref: s.logicalId(s.stack.editor.bucket) });
    const pagesId = s.all('Custom::CDKBucketDeployment').find(([, d]) => d.Properties.DistributionPaths)!;
    const json = s.template.toJSON().Resources[pagesId[0]];
    expect(json.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/EditorDeploymentAssets/)]));
  });
});

describe('the distribution sign-up on the public site', () => {
  it('lets only its page post its form to the API on the editor distribution, and the build knows the API address', () => {
    const dist = s.resource(s.logicalId(s.stack.site.distribution)).Properties.DistributionConfig;
    const behavior = (dist.CacheBehaviors as { PathPattern: string; ResponseHeadersPolicyId: { Ref: string } }[]).find(
      (b) => b.PathPattern === '/presse/verteiler/*',
    )!;
    const csp = JSON.stringify(
      s.resource(behavior.ResponseHeadersPolicyId.Ref).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy,
    );
    expect(csp).toContain("form-action 'self' https://");
    expect(csp).toContain(s.logicalId(s.stack.editor.distribution));
    expect(csp).toContain("script-src 'self'");
    const defaultCsp = s.resource(dist.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig
      .ContentSecurityPolicy;
    expect(defaultCsp.ContentSecurityPolicy).toBe(SITE_CSP);
    expect(JSON.stringify(s.resource(s.logicalId(s.stack.publisher.fn)).Properties.Environment.Variables.API_URL)).toContain(
      s.logicalId(s.stack.editor.distribution),
    );
  });
});

describe('static sites', () => {
  const distribution = (site: 'site' | 'editor') => s.resource(s.logicalId(s.stack[site].distribution)).Properties.DistributionConfig;
  const headersOf = (site: 'site' | 'editor') => {
    const ref = distribution(site).DefaultCacheBehavior.ResponseHeadersPolicyId.Ref as string;
    return s.resource(ref).Properties.ResponseHeadersPolicyConfig;
  };

  it('serve private buckets through CloudFront with origin access control, HTTPS only, HTTP/2 and 3, compressed', () => {
    const distributions = s.all('AWS::CloudFront::Distribution');
    expect(distributions).toHaveLength(2);
    for (const [id, d] of distributions) {
      const c = d.Properties.DistributionConfig;
      // The editor's second origin is the API (see 'API at the edge').
      for (const origin of c.Origins.filter((o: Record<string, unknown>) => !o.CustomOriginConfig)) {
        expect(origin.OriginAccessControlId, id).toBeDefined();
        expect(origin.S3OriginConfig.OriginAccessIdentity, id).toBe('');
      }
      expect(c.DefaultCacheBehavior.ViewerProtocolPolicy, id).toBe('redirect-to-https');
      expect(c.DefaultCacheBehavior.Compress, id).toBe(true);
      expect(c.HttpVersion, id).toBe('http2and3');
      expect(c.DefaultRootObject, id).toBe('index.html');
      expect(c.Logging.Bucket, id).toBeDefined();
    }
    // The buckets, and the one function behind the public site: the preview (test/infra/publisher.test.ts).
    const controls = s.all('AWS::CloudFront::OriginAccessControl').map(([, oac]) => oac.Properties.OriginAccessControlConfig);
    for (const oac of controls) expect(oac.SigningBehavior).toBe('always');
    expect(controls.filter((oac) => oac.OriginAccessControlOriginType === 'lambda')).toHaveLength(1);
    expect(controls.every((oac) => ['s3', 'lambda'].includes(oac.OriginAccessControlOriginType))).toBe(true);
  });

  it.each(['site', 'editor'] as const)('send HSTS, nosniff, a referrer policy, no framing, a permissions policy and COOP from the %s', (site) => {
    const h = headersOf(site);
    expect(h.SecurityHeadersConfig.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true });
    expect(h.SecurityHeadersConfig.ContentTypeOptions).toEqual({ Override: true });
    expect(h.SecurityHeadersConfig.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'strict-origin-when-cross-origin' });
    expect(h.SecurityHeadersConfig.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(h.CustomHeadersConfig.Items).toEqual(
      expect.arrayContaining([
        { Header: 'Permissions-Policy', Value: PERMISSIONS_POLICY, Override: true },
        { Header: 'Cross-Origin-Opener-Policy', Value: 'same-origin', Override: true },
      ]),
    );
    expect(PERMISSIONS_POLICY).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
  });

  it('give the public site the strict policy of the local server: scripts and styles only from files, nothing inline', () => {
    const csp = headersOf('site').SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toBe(SITE_CSP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it("let the editor talk only to itself (which serves this stack's API) and the sign-in domain", () => {
    const csp = s.stack.resolve(headersOf('editor').SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(typeof csp).toBe('string');
    const connect = (csp as string)
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d.startsWith('connect-src '));
    expect(connect).toEqual(["connect-src 'self' https://newsroom-lkr-ludwigsburg.auth.eu-central-1.amazoncognito.com"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('answer a missing page of the public site with its German 404 page', () => {
    expect(distribution('site').CustomErrorResponses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/404.html' }),
        expect.objectContaining({ ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html' }),
      ]),
    );
  });

  it('answer withdrawn pages of the public site with 410 from a key value store, on the way in and out', () => {
    const [kvsId] = one('AWS::CloudFront::KeyValueStore');
    const associations = distribution('site').DefaultCacheBehavior.FunctionAssociations as {
      EventType: string;
      FunctionARN: { 'Fn::GetAtt': [string, string] };
    }[];
    expect(associations.map((a) => a.EventType).sort()).toEqual(['viewer-request', 'viewer-response']);
    for (const a of associations) {
      const fn = s.resource(a.FunctionARN['Fn::GetAtt'][0]).Properties;
      expect(fn.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
      expect(fn.FunctionConfig.KeyValueStoreAssociations).toEqual([{ KeyValueStoreARN: { 'Fn::GetAtt': [kvsId, 'Arn'] } }]);
      expect(JSON.stringify(fn.FunctionCode)).toContain(kvsId);
    }
    // The editor has no withdrawn pages: only the index rewrite.
    expect(distribution('editor').DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
  });

  it('block public access on every bucket and refuse requests without TLS', () => {
    const buckets = s.all('AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    for (const [id, b] of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties.BucketEncryption, id).toBeDefined();
    }
    const tlsDenied = s
      .all('AWS::S3::BucketPolicy')
      .filter(([, p]) =>
        p.Properties.PolicyDocument.Statement.some(
          (st: Record<string, any>) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false',
        ),
      );
    expect(tlsDenied).toHaveLength(buckets.length);
  });
});

describe('CloudFront functions (run here as CloudFront would)', () => {
  type Handler = (event: Record<string, any>) => Promise<Record<string, any>>;
  const WITHDRAWN = '/geschichten/sprachcafe-ab12cd34ef/';
  const load = (code: string, kvs: { exists(key: string): Promise<boolean> }): Handler => {
    const body = code.replace(/^import cf from 'cloudfront';$/m, '');
    return new Function('cf', `${body}\nreturn handler;`)({
      kvs: (id: string) => {
        expect(id).toBe('kvs-test');
        return kvs;
      },
    }) as Handler;
  };
  const store = { exists: async (key: string) => key === WITHDRAWN };
  const failing = {
    exists: async () => {
      throw new Error('store unreachable');
    },
  };

  it.each([
    ['/', '/index.html'],
    ['/geschichten/', '/geschichten/index.html'],
    ['/geschichten/sprachcafe', '/geschichten/sprachcafe/index.html'],
    ['/rss.xml', '/rss.xml'],
    ['/_astro/app.Bx1.js', '/_astro/app.Bx1.js'],
  ])('serve the Astro page file for %s (%s), in the editor and on the public site', async (uri, expected) => {
    const rewrite = new Function(`${INDEX_REWRITE}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    expect(rewrite({ request: { uri } }).uri).toBe(expected);
    expect((await load(goneViewerRequest('kvs-test'), store)({ request: { uri } })).uri).toBe(expected);
  });

  it.each([WITHDRAWN, WITHDRAWN.slice(0, -1)])('serve the neutral page for the withdrawn %s', async (uri) => {
    expect((await load(goneViewerRequest('kvs-test'), store)({ request: { uri } })).uri).toBe(`${GONE_PAGE}index.html`);
  });

  it('send the neutral page with 410, whether the response sees the rewritten or the original address', async () => {
    const respond = load(goneViewerResponse('kvs-test'), store);
    for (const uri of [`${GONE_PAGE}index.html`, WITHDRAWN]) {
      expect(await respond({ request: { uri }, response: { statusCode: 200, headers: {} } }), uri).toMatchObject({
        statusCode: 410,
        statusDescription: 'Gone',
      });
    }
    for (const uri of ['/geschichten/anderes/', '/geschichten/anderes/index.html', '/rss.xml']) {
      expect((await respond({ request: { uri }, response: { statusCode: 200, headers: {} } })).statusCode, uri).toBe(200);
    }
    expect((await respond({ request: { uri: '/fehlt/' }, response: { statusCode: 404, headers: {} } })).statusCode).toBe(404);
  });

  it('serve pages as usual when the store cannot be read', async () => {
    expect((await load(goneViewerRequest('kvs-test'), failing)({ request: { uri: WITHDRAWN } })).uri).toBe(`${WITHDRAWN}index.html`);
    expect((await load(goneViewerResponse('kvs-test'), failing)({ request: { uri: WITHDRAWN }, response: { statusCode: 200, headers: {} } })).statusCode).toBe(
      200,
    );
  });

  it('point at pages the public site builds: the neutral page for withdrawn stories and the German 404', () => {
    expect(GONE_PAGE).toBe('/nicht-mehr-verfuegbar/');
    expect(existsSync(new URL('../../site/newsroom/src/pages/nicht-mehr-verfuegbar/index.astro', import.meta.url))).toBe(true);
    expect(existsSync(new URL('../../site/newsroom/src/pages/404.astro', import.meta.url))).toBe(true);
  });

  it.each([
    ['/', '/index.html'],
    ['/?code=abc', '/index.html'],
    ['/irgendwo/tief', '/index.html'],
    ['/config.json', '/config.json'],
    ['/_astro/app.Bx1.js', '/_astro/app.Bx1.js'],
  ])("serve the editor's single page for %s (%s), its files as they are", (uri, expected) => {
    const rewrite = new Function(`${SINGLE_PAGE_REWRITE}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    // CloudFront passes the query string apart from the URI.
    expect(rewrite({ request: { uri: uri.split('?')[0]! } }).uri).toBe(expected);
  });

  it.each([
    ['/api/stories', '/stories'],
    ['/api/stories/ab12/persons/A/export', '/stories/ab12/persons/A/export'],
    ['/api/meta', '/meta'],
  ])('hand %s to the API as its route %s', (uri, expected) => {
    const strip = new Function(`${API_PREFIX_STRIP}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    expect(strip({ request: { uri } }).uri).toBe(expected);
  });

  it("fit CloudFront's 10 KB limit for function code", () => {
    for (const code of [goneViewerRequest('x'.repeat(36)), goneViewerResponse('x'.repeat(36)), INDEX_REWRITE, SINGLE_PAGE_REWRITE, API_PREFIX_STRIP])
      expect(code.length).toBeLessThan(10_240);
  });
});

describe('configuration', () => {
  const base = () => ({ ...cdkJsonContext() });
  const config = (extra: Record<string, unknown>) => readConfig(new App({ context: { ...base(), ...extra } }));

  it('refuses to build without a Cognito domain prefix in the context', () => {
    expect(() => readConfig(new App())).toThrow(/cognitoDomainPrefix/);
  });

  it('takes a custom domain only with a certificate from us-east-1, where CloudFront reads certificates', () => {
    expect(() => config({ 'newsroom:siteDomain': 'presse.example.de' })).toThrow(/siteCertificateArn/);
    expect(() =>
      config({ 'newsroom:siteDomain': 'presse.example.de', 'newsroom:siteCertificateArn': 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' }),
    ).toThrow(/us-east-1/);
    expect(
      config({ 'newsroom:siteDomain': 'presse.example.de', 'newsroom:siteCertificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }).siteDomain,
    ).toEqual({ domainName: 'presse.example.de', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' });
  });

  it("reserves concurrency unless told not to (a new account's quota may be too small)", () => {
    expect(config({}).reservedConcurrency).toBe(true);
    expect(config({ 'newsroom:reservedConcurrency': 'false' }).reservedConcurrency).toBe(false);
  });

  it('refuses an alarm address that is not one', () => {
    expect(() => config({ 'newsroom:alarmEmail': 'presse' })).toThrow(/alarmEmail/);
  });
});

describe('API at the edge: a limit per client', () => {
  const editor = () => s.resource(s.logicalId(s.stack.editor.distribution)).Properties.DistributionConfig;
  const webAcl = () => {
    const acls = Object.entries(s.firewallTemplate.findResources('AWS::WAFv2::WebACL')) as [string, Resource][];
    expect(acls).toHaveLength(1);
    return acls[0]!;
  };

  it('has a web ACL for CloudFront, in us-east-1 where CloudFront reads web ACLs, and none in the newsroom stack', () => {
    expect(s.firewall.region).toBe('us-east-1');
    expect(webAcl()[1].Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    expect(s.all('AWS::WAFv2::WebACL')).toEqual([]);
  });

  it('refuses a client (by IP address) over its limit of API calls with 429 and a German problem', () => {
    const { Rules: rules, CustomResponseBodies: bodies } = webAcl()[1].Properties;
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    expect(rule.Statement.RateBasedStatement).toEqual({
      AggregateKeyType: 'IP',
      Limit: s.config.clientRateLimit,
      EvaluationWindowSec: RATE_WINDOW_SECONDS,
      ScopeDownStatement: {
        ByteMatchStatement: {
          FieldToMatch: { UriPath: {} },
          PositionalConstraint: 'STARTS_WITH',
          SearchString: '/api/',
          TextTransformations: [{ Priority: 0, Type: 'NONE' }],
        },
      },
    });
    expect(s.config.clientRateLimit).toBe(1000);
    expect(rule.Action.Block.CustomResponse).toMatchObject({ ResponseCode: 429, CustomResponseBodyKey: 'TooManyRequests' });
    const body = bodies.TooManyRequests;
    expect(body.ContentType).toBe('APPLICATION_JSON');
    expect(JSON.parse(body.Content)).toMatchObject({ status: 429, title: 'Zu viele Anfragen' });
  });

  it('is associated with the editor distribution, read across regions from the firewall stack', () => {
    const [aclId] = webAcl();
    const outputs = s.firewallTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
    const [outputName] = Object.entries(outputs).find(([, o]) => JSON.stringify(o.Value) === JSON.stringify({ 'Fn::GetAtt': [aclId, 'Arn'] }))!;
    expect(editor().WebACLId).toEqual({ 'Fn::GetStackOutput': { StackName: s.firewall.stackName, Region: 'us-east-1', OutputName: outputName } });
    expect(s.stack.dependencies).toContain(s.firewall);
  });

  it('serves the API under /api on the editor distribution: uncached, every method, the token passed on, to the HTTP API only', () => {
    const behaviors = editor().CacheBehaviors as Record<string, any>[];
    expect(behaviors.map((b) => b.PathPattern)).toEqual(['/api/*']);
    const [api] = behaviors;
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      // Managed policies: CachingDisabled, AllViewerExceptHostHeader (forwards Authorization when nothing is cached).
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    });
    const origin = (editor().Origins as Record<string, any>[]).find((o) => o.Id === api!.TargetOriginId)!;
    expect(origin.DomainName).toEqual({
      'Fn::Join': ['', [{ Ref: s.logicalId(s.stack.api.httpApi) }, '.execute-api.eu-central-1.', { Ref: 'AWS::URLSuffix' }]],
    });
    expect(origin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    const [fn] = api!.FunctionAssociations;
    expect(fn.EventType).toBe('viewer-request');
    expect(s.resource(fn.FunctionARN['Fn::GetAtt'][0]).Properties.FunctionCode).toBe(API_PREFIX_STRIP);
  });

  it("adds nosniff, no framing and a policy allowing nothing to every API answer, API Gateway's own included; the Art. 15 page keeps its own", () => {
    const [api] = editor().CacheBehaviors as Record<string, any>[];
    const h = s.resource(api!.ResponseHeadersPolicyId.Ref).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(h.ContentTypeOptions).toEqual({ Override: true });
    expect(h.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(h.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'", Override: false });
  });

  it("gives the editor no custom error pages, which would replace the API's own 403 and 404 answers", () => {
    expect(editor().CustomErrorResponses).toBeUndefined();
    expect(s.resource(editor().DefaultCacheBehavior.FunctionAssociations[0].FunctionARN['Fn::GetAtt'][0]).Properties.FunctionCode).toBe(SINGLE_PAGE_REWRITE);
  });
});

describe('outputs', () => {
  it('name the API, the sign-in, both sites, the store of withdrawn paths, the alarm topic and the backup vault', () => {
    expect(Object.keys(s.template.toJSON().Outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'UserPoolId',
        'UserPoolClientId',
        'CognitoDomain',
        'SiteUrl',
        'EditorUrl',
        'GonePathsStoreArn',
        'AlarmTopicArn',
        'BackupVaultName',
      ]),
    );
  });
});

describe('cdk-nag (AWS Solutions)', () => {
  it.each(['stack', 'firewall'] as const)('has no finding that is not acknowledged (%s)', (which) => {
    const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(s[which]);
    const findings = report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('gives every acknowledgment a written reason', () => {
    const acknowledged = Object.entries(s.template.toJSON().Resources as Record<string, Resource>).flatMap(([id, r]) =>
      (r.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((a: { id: string; reason: string }) => ({ resource: id, ...a })),
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const a of acknowledged) expect(a.reason.length, `${a.id} on ${a.resource}`).toBeGreaterThanOrEqual(40);
  });
});

function template() {
  return s.template;
}

describe('search on the public site', () => {
  it('gets the WebAssembly exception only on its own paths, like the local server', () => {
    const dist = Object.values(template().findResources('AWS::CloudFront::Distribution')).find((d) => JSON.stringify(d).includes('/suche/*')) as Resource;
    const behaviors = dist.Properties.DistributionConfig.CacheBehaviors as { PathPattern: string; ResponseHeadersPolicyId: unknown }[];
    // Besides the previews, which the preview function answers with headers of its own (test/infra/publisher.test.ts), and the sign-up form (below).
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual(['/pagefind/*', '/presse/verteiler/*', '/suche/*', '/vorschau/*']);
    const policies = Object.values(template().findResources('AWS::CloudFront::ResponseHeadersPolicy')).map((p) =>
      JSON.stringify((p as Resource).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy),
    );
    expect(policies.filter((p) => p.includes('wasm-unsafe-eval'))).toHaveLength(1);
    expect(policies).toContain(JSON.stringify(SEARCH_CSP));
  });
});
