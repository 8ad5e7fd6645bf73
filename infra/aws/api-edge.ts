/**
 * The API as browsers reach it: under `/api` on the editor's CloudFront distribution, behind
 * an AWS WAF web ACL that limits each client (by IP address) on its own.
 *
 * Why this design: the stage throttle of the HTTP API is one bucket for everybody, so one
 * anonymous client could use it up for every editor. An HTTP API (apigatewayv2) cannot be
 * associated with a web ACL itself, and API Gateway has no per-client limit except API
 * keys, which a browser app cannot keep secret. CloudFront can carry a web ACL, whose
 * rate-based rule counts per source IP. Serving the API on the editor's own distribution
 * (rather than on one of its own) also makes it the editor's origin: its
 * Content-Security-Policy names exactly this API (`connect-src 'self'`), the browser needs
 * no CORS, and neither address has to know the other (which would be a dependency cycle
 * between two generated CloudFront host names).
 *
 * A web ACL for CloudFront must be created in us-east-1, while the newsroom lives in
 * eu-central-1: it gets its own small stack there (ApiFirewallStack), and the Newsroom stack
 * reads its ARN with a cross-region reference (weak, `Fn::GetStackOutput`, per cdk.json: no
 * helper Lambda). The stage throttle stays, as the ceiling of what the API may cost in all.
 * The execute-api address itself still answers whoever knows it (an HTTP API cannot be
 * limited to CloudFront); it is no longer handed to any browser.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StaticSite } from './static-site.ts';

/** Where the editor's distribution serves the API: `https://<editor>/api/stories` is the route `/stories`. */
export const API_PATH = '/api';

/** Viewer request on `/api/*`: the HTTP API's routes have no prefix. */
export const API_PREFIX_STRIP = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.substring(${API_PATH.length});
  return request;
}`;

/** What a client over its limit reads: the API's own problem format, in German. */
export const TOO_MANY_REQUESTS = {
  type: 'about:blank',
  status: 429,
  title: 'Zu viele Anfragen',
  detail: 'Von Ihrer Adresse kamen in kurzer Zeit zu viele Anfragen. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.',
  problems: [],
};

/** The window the limit counts in (WAF allows 60, 120, 300 or 600 seconds). */
export const RATE_WINDOW_SECONDS = 300;

export interface ApiFirewallStackProps extends StackProps {
  /** API requests one IP address may make in RATE_WINDOW_SECONDS before it is refused. */
  requestsPerClient: number;
}

/** The web ACL of the editor's distribution, in us-east-1 where CloudFront reads web ACLs. */
export class ApiFirewallStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallStackProps) {
    super(scope, id, { ...props, env: { ...props.env, region: 'us-east-1' } });
    const visibility = (metricName: string) => ({ metricName, cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true });

    this.webAcl = new wafv2.CfnWebACL(this, 'ApiFirewall', {
      description: 'Newsroom: per-client rate limit of the API on the editor distribution',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('newsroom-api'),
      customResponseBodies: {
        TooManyRequests: { contentType: 'APPLICATION_JSON', content: JSON.stringify(TOO_MANY_REQUESTS) },
      },
      rules: [
        {
          name: 'requests-per-client',
          priority: 0,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'TooManyRequests',
                responseHeaders: [{ name: 'retry-after', value: String(RATE_WINDOW_SECONDS) }],
              },
            },
          },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: props.requestsPerClient,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              // The editor's own files are static and cached; only calls of the API count.
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: `${API_PATH}/`,
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('newsroom-api-requests-per-client'),
        },
      ],
    });
  }
}

/**
 * Serves the HTTP API under API_PATH on the site's distribution: never cached, every
 * viewer header but Host passed on (the bearer token included), every method, and headers
 * that API Gateway's own answers (401, 429) lack: nosniff, no framing, a policy allowing
 * nothing. The Art. 15 page keeps the stricter policy it brings (no override).
 */
export function serveApi(site: StaticSite, httpApi: apigw.HttpApi): void {
  const stack = Stack.of(httpApi);
  const origin = new HttpOrigin(`${httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
    protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
  });
  const headers = new cloudfront.ResponseHeadersPolicy(site, 'ApiHeaders', {
    comment: 'Newsroom: API answers',
    securityHeadersBehavior: {
      strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      contentSecurityPolicy: { contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'", override: false },
    },
  });
  site.distribution.addBehavior(`${API_PATH}/*`, origin, {
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
    cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
    originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    responseHeadersPolicy: headers,
    compress: true,
    functionAssociations: [
      {
        eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
        function: new cloudfront.Function(site, 'ApiPrefix', {
          code: cloudfront.FunctionCode.fromInline(API_PREFIX_STRIP),
          runtime: cloudfront.FunctionRuntime.JS_2_0,
          comment: `Maps ${API_PATH}/route to the API's /route`,
        }),
      },
    ],
  });
}
