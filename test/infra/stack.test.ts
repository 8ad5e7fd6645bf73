import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../functions/domain/actor.ts';
import { FUNCTIONS, ROUTES, routeKey } from '../../functions/http/routes.ts';
import { createTableInput, TABLE } from '../../functions/store/table.ts';
import { TABLE_ACCESS } from '../../infra/aws/api.ts';
import { applyChecks } from '../../infra/aws/checks.ts';
import { readConfig } from '../../infra/aws/config.ts';
import { NewsroomStack } from '../../infra/aws/stack.ts';
import { INDEX_REWRITE } from '../../infra/aws/static-site.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, any> };

let stack: NewsroomStack;
let template: Template;

/** One synth for the whole file, with the context `cdk synth` reads from cdk.json. */
beforeAll(() => {
  const { context } = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  // `cdk synth` fails on an unacknowledged cdk-nag finding; here the synth goes on, so only
  // the cdk-nag test below fails for it and the other assertions still report on their own.
  const app = new App({ context: { ...context, '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const config = readConfig(app);
  stack = new NewsroomStack(app, 'Newsroom', { env: { region: config.region }, config });
  applyChecks(app);
  template = Template.fromStack(stack);
});

const all = (type: string): [string, Resource][] => Object.entries(template.findResources(type)) as [string, Resource][];
const one = (type: string): [string, Resource] => {
  const found = all(type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);

describe('HTTP API', () => {
  it('has exactly one route per entry of the route table', () => {
    const keys = all('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey as string);
    expect(keys).toHaveLength(ROUTES.length);
    expect(new Set(keys)).toEqual(new Set(ROUTES.map(routeKey)));
  });

  it('puts the JWT authorizer in front of every route that is not public, and none in front of public ones', () => {
    const [authorizerId] = one('AWS::ApiGatewayV2::Authorizer');
    for (const [, r] of all('AWS::ApiGatewayV2::Route')) {
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

  it('accepts only tokens the user pool issued for the editor client', () => {
    const [, authorizer] = one('AWS::ApiGatewayV2::Authorizer');
    const poolId = logicalId(stack.auth.userPool);
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(authorizer.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(authorizer.Properties.JwtConfiguration).toEqual({
      Issuer: { 'Fn::Join': ['', ['https://cognito-idp.eu-central-1.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: poolId }]] },
      Audience: [{ Ref: logicalId(stack.auth.editorClient) }],
    });
  });

  it('allows the editor origin by CORS, logs every request and throttles the stage', () => {
    const [, api] = one('AWS::ApiGatewayV2::Api');
    expect(api.Properties.CorsConfiguration.AllowOrigins).toEqual([
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.editor.distribution), 'DomainName'] }]] },
    ]);
    const [, stage] = one('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AccessLogSettings.DestinationArn).toBeDefined();
    expect(stage.Properties.AccessLogSettings.Format).toContain('$context.requestId');
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
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
});

describe('Lambda functions', () => {
  it('exist once per entry of FUNCTIONS, plus the scheduler, and nowhere else (no placeholder publisher)', () => {
    expect(all('AWS::Lambda::Function')).toHaveLength(FUNCTIONS.length + 1);
  });

  it('run the scheduler every five minutes with retries and a dead-letter queue', () => {
    const fnId = logicalId(stack.scheduler.fn);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: Match.arrayWith([Match.objectLike({
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack.scheduler.deadLetters), 'Arn'] } },
      })]),
    });
    const fn = template.toJSON().Resources[fnId] as Resource;
    expect(fn.Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: logicalId(stack.table.table) });
  });

  it('give meta, which only serves reference data, no access to the table', () => {
    expect(TABLE_ACCESS.meta).toBe('none');
  });

  it('run nodejs24.x on arm64', () => {
    for (const [id, fn] of all('AWS::Lambda::Function')) {
      expect(fn.Properties.Runtime, id).toBe('nodejs24.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.Handler, id).toBe('index.handler');
    }
  });

  it.each(FUNCTIONS)('%s gets TABLE_NAME and table permissions only if it uses the table, and never Scan', (name) => {
    const fn = template.toJSON().Resources[logicalId(stack.api.functions[name])] as Resource;
    const access = TABLE_ACCESS[name];
    const env = fn.Properties.Environment?.Variables ?? {};
    if (access === 'none') expect(env.TABLE_NAME).toBeUndefined();
    else expect(env.TABLE_NAME).toEqual({ Ref: logicalId(stack.table.table) });

    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const role = template.toJSON().Resources[roleId] as Resource;
    expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
    const actions = all('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    const dynamo = actions.filter((a) => a.startsWith('dynamodb:'));
    if (access === 'none') expect(dynamo).toEqual([]);
    if (access === 'read') expect(dynamo.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
    if (access === 'readWrite') expect(dynamo).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(dynamo).not.toContain('dynamodb:Scan');
    expect(actions.some((a) => a.includes('*'))).toBe(false);
  });

  it('log to groups with a retention period', () => {
    for (const [id, group] of all('AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays, id).toBeGreaterThan(0);
    }
  });
});

describe('Cognito', () => {
  it('lets only administrators create accounts and asks for strong passwords', () => {
    const [, pool] = one('AWS::Cognito::UserPool');
    expect(pool.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool.Properties.UsernameAttributes).toEqual(['email']);
    expect(pool.Properties.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true,
    });
    expect(pool.Properties.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool.Properties.AccountRecoverySetting.RecoveryMechanisms).toEqual([{ Name: 'verified_email', Priority: 1 }]);
    expect(pool.Properties.Schema).toEqual(expect.arrayContaining([
      expect.objectContaining({ Name: 'partner', AttributeDataType: 'String', Mutable: true }),
    ]));
  });

  it('has one group per role of functions/domain/actor.ts', () => {
    const groups = all('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(ROLES.map((r) => r.id).sort());
  });

  it("gives the editor a public code-grant client that can read but not write custom:partner", () => {
    const [, client] = one('AWS::Cognito::UserPoolClient');
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.Properties.CallbackURLs).toEqual([
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.editor.distribution), 'DomainName'] }, '/']] },
    ]);
    expect(client.Properties.ReadAttributes).toContain('custom:partner');
    expect(client.Properties.WriteAttributes).toBeDefined();
    expect(client.Properties.WriteAttributes).not.toContain('custom:partner');
  });

  it('has a managed-login domain with the prefix from the context', () => {
    const [, domain] = one('AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.Domain).toBe('newsroom-lkr-ludwigsburg');
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
  });
});

describe('static sites', () => {
  it('serve private buckets through CloudFront with origin access control, HTTPS only', () => {
    const distributions = all('AWS::CloudFront::Distribution');
    expect(distributions).toHaveLength(2);
    for (const [id, d] of distributions) {
      const c = d.Properties.DistributionConfig;
      for (const origin of c.Origins) {
        expect(origin.OriginAccessControlId, id).toBeDefined();
        expect(origin.S3OriginConfig.OriginAccessIdentity, id).toBe('');
      }
      expect(c.DefaultCacheBehavior.ViewerProtocolPolicy, id).toBe('redirect-to-https');
      expect(c.DefaultCacheBehavior.Compress, id).toBe(true);
      expect(c.HttpVersion, id).toBe('http2and3');
      expect(c.DefaultRootObject, id).toBe('index.html');
      expect(c.Logging.Bucket, id).toBeDefined();
    }
    for (const [, oac] of all('AWS::CloudFront::OriginAccessControl')) {
      expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' });
    }
  });

  it("answers a missing page of the public site with its German 404 page", () => {
    const site = template.toJSON().Resources[logicalId(stack.site.distribution)] as Resource;
    expect(site.Properties.DistributionConfig.CustomErrorResponses).toEqual(expect.arrayContaining([
      expect.objectContaining({ ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/404.html' }),
      expect.objectContaining({ ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html' }),
    ]));
  });

  it.each([
    ['/', '/index.html'],
    ['/geschichten/', '/geschichten/index.html'],
    ['/geschichten/sprachcafe', '/geschichten/sprachcafe/index.html'],
    ['/rss.xml', '/rss.xml'],
    ['/_astro/app.Bx1.js', '/_astro/app.Bx1.js'],
  ])('serve the Astro page file for %s (%s)', (uri, expected) => {
    const handler = new Function(`${INDEX_REWRITE}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    expect(handler({ request: { uri } }).uri).toBe(expected);
  });

  it('block public access on every bucket and refuse requests without TLS', () => {
    const buckets = all('AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    for (const [id, b] of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      });
      expect(b.Properties.BucketEncryption, id).toBeDefined();
    }
    const tlsDenied = all('AWS::S3::BucketPolicy').filter(([, p]) => p.Properties.PolicyDocument.Statement.some(
      (s: Record<string, any>) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
    ));
    expect(tlsDenied).toHaveLength(buckets.length);
  });
});

describe('configuration', () => {
  it('refuses to build without a Cognito domain prefix in the context', () => {
    expect(() => readConfig(new App())).toThrow(/cognitoDomainPrefix/);
  });
});

describe('outputs', () => {
  it('name the API, the user pool, the client and both sites', () => {
    expect(Object.keys(template.toJSON().Outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'SiteUrl', 'EditorUrl']));
  });
});

describe('cdk-nag (AWS Solutions)', () => {
  it('has no finding that is not acknowledged', () => {
    const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    const findings = report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('gives every acknowledgment a written reason', () => {
    const acknowledged = Object.entries(template.toJSON().Resources as Record<string, Resource>)
      .flatMap(([id, r]) => (r.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((s: { id: string; reason: string }) => ({ resource: id, ...s })));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const a of acknowledged) expect(a.reason.length, `${a.id} on ${a.resource}`).toBeGreaterThanOrEqual(40);
  });
});
