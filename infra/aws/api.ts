import { FUNCTIONS, type FunctionName, ROUTES, routeKey } from '@newsroom/http/routes.ts';
import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOG_RETENTION, newsroomFunction } from './function.ts';
import type { NewsroomTable, TableAccess } from './table.ts';

/**
 * What each function may do with the table. Keyed by FunctionName, so a function added to
 * the route table does not typecheck here until someone decides its access.
 */
export const TABLE_ACCESS: Record<FunctionName, TableAccess> = {
  stories: 'readWrite',
  meta: 'none',
  statistics: 'readWrite',
  releases: 'readWrite',
  // Reads the audit trail and everything the overview lists, writes the caller's notification settings; users themselves live in Cognito (see stack.ts).
  users: 'readWrite',
  // Creates and reads photo records (the files are the photo bucket's, infra/aws/photos.ts) and the items' preview links.
  photos: 'readWrite',
  // Keeps the press office's contacts and lists, and the sign-ups, confirmations and unsubscriptions of the public pages.
  distribution: 'readWrite',
  // Reads a story and its saved versions.
  history: 'read',
};

export { LOG_RETENTION };

/**
 * What every API function may ask the user pool: who the caller is now (functions/http/claims.ts),
 * and who is to be told of a workflow step (functions/operations/notifications.ts).
 */
export const DIRECTORY_READ_ACTIONS = ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsers'];

/**
 * Instances each API function may run at once. The stage lets 50 requests a second
 * through; assuming 100 ms a request (compare `p50Ms` in bench/results/api-latency.json)
 * that needs 5 instances, so 10 leave room for cold starts and slow queries while
 * capping what a client stuck in a loop can cost.
 */
export const API_CONCURRENCY = 10;

export interface ApiProps {
  table: NewsroomTable;
  /** The `iss` the JWT authorizer accepts. */
  issuerUrl: string;
  /** The `aud` (app client ids) the JWT authorizer accepts. */
  audience: string[];
  corsOrigins: string[];
  throttle: { rateLimit: number; burstLimit: number };
  /** Reserve API_CONCURRENCY per function (see NewsroomConfig.reservedConcurrency). */
  reservedConcurrency: boolean;
}

/** One Lambda per entry of FUNCTIONS and one HTTP API route per entry of ROUTES. */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly functions: Record<FunctionName, lambda.Function>;
  readonly url: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.functions = Object.fromEntries(
      FUNCTIONS.map((fn) => [
        fn,
        newsroomFunction(this, fn, {
          table: props.table,
          access: TABLE_ACCESS[fn],
          reservedConcurrency: props.reservedConcurrency ? API_CONCURRENCY : undefined,
        }),
      ]),
    ) as Record<FunctionName, lambda.Function>;

    const authorizer = new HttpJwtAuthorizer('EditorJwt', props.issuerUrl, { jwtAudience: props.audience });
    const methods = [...new Set(ROUTES.map((r) => r.method))];

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Newsroom API (press and storytelling CMS)',
      // Deny by default: a route only goes without a token when the route table says 'public'.
      defaultAuthorizer: authorizer,
      createDefaultStage: false,
      corsPreflight:
        props.corsOrigins.length === 0
          ? undefined
          : {
              allowOrigins: props.corsOrigins,
              allowMethods: [...methods.map((m) => apigw.CorsHttpMethod[m]), apigw.CorsHttpMethod.OPTIONS],
              allowHeaders: ['authorization', 'content-type'],
              // Bearer tokens, not cookies: the browser needs no credentialed CORS.
              allowCredentials: false,
              maxAge: Duration.hours(1),
            },
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: LOG_RETENTION });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            sub: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    this.url = this.stage.url;

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (fn: FunctionName) => {
      let found = integrations.get(fn);
      if (!found) {
        found = new HttpLambdaIntegration(`${fn}Integration`, this.functions[fn]);
        integrations.set(fn, found);
      }
      return found;
    };
    const stage = this.stage.node.defaultChild as apigw.CfnStage;
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of ROUTES) {
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: integrationFor(route.fn),
        ...(route.roles === 'public' ? { authorizer: new apigw.HttpNoneAuthorizer() } : {}),
      });
      if (route.throttle) {
        routeSettings[routeKey(route)] = { ThrottlingRateLimit: route.throttle.rateLimit, ThrottlingBurstLimit: route.throttle.burstLimit };
        // The stage's settings name the route: it must exist first.
        stage.node.addDependency(created!);
      }
      if (route.roles === 'public') {
        Validations.of(created.node.defaultChild!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: route.throttle
            ? `${routeKey(route)} is a page of the press distribution (functions/http/routes/distribution.ts) that a journalist reaches ` +
              'without an account, from the sign-up form on the public press page or a link in a mail; it acts only on the contact ' +
              'whose secret link it is (or creates an unconfirmed sign-up that tells nothing about who is subscribed), and has its own throttle.'
            : `${routeKey(route)} is marked public in the route table (functions/http/routes.ts); ` +
              'it returns only what is public anyway (reference data: partners, municipalities, topics, ' +
              'roles, statuses; or the API document, generated from the route table) and reads no table.',
        });
      }
    }
    if (Object.keys(routeSettings).length) stage.routeSettings = routeSettings;
  }
}
