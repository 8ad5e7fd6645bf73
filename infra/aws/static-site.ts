import { Duration, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { CustomDomain } from './config.ts';

/**
 * Astro writes `/foo/index.html` for the page `/foo/`. CloudFront's default root object
 * only covers `/`, so a viewer-request function maps directory URLs to their index file.
 */
export const INDEX_REWRITE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

/**
 * A single page with hash routes (the editor): every path without a file extension is the
 * app itself. In a function rather than as CloudFront's custom error pages, which apply to
 * every behaviour of a distribution and would replace the API's own 403 and 404 answers.
 */
export const SINGLE_PAGE_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri.lastIndexOf('.') < request.uri.lastIndexOf('/')) request.uri = '/index.html';
  return request;
}`;

/**
 * The neutral page for withdrawn stories (site/newsroom builds it) and its file.
 * Locally `infra/local/static-server.ts` answers the paths in the build's `gone.json`
 * with this page and status 410; in AWS the two functions below do the same.
 */
export const GONE_PAGE = '/nicht-mehr-verfuegbar/';
const GONE_FILE = `${GONE_PAGE}index.html`;

/** `/a/b` and `/a/b/` are the page `/a/b/`; a path with a file extension is no page. */
const PAGE_PATH = `function pagePath(uri) {
  if (uri.endsWith('/')) return uri;
  if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) return uri + '/';
  return null;
}`;

/**
 * A lookup in the key value store of withdrawn paths (key: the page path, e.g.
 * `/geschichten/sprachcafe-ab12cd34ef/`). If the store cannot be read, the page is served
 * as it is: the story itself is gone from the bucket anyway, so the worst case is a 404
 * where a 410 was meant.
 */
const IS_GONE = (kvsId: string) => `var gone = cf.kvs('${kvsId}');
async function isGone(path) {
  if (path === null || path === '/') return false;
  try {
    return await gone.exists(path);
  } catch (e) {
    return false;
  }
}`;

/**
 * Viewer request on the public site: a withdrawn page is answered with the neutral page
 * (status 410 is set on the way out, see below); every other directory URL gets its
 * `index.html` as in INDEX_REWRITE. The store is read at the edge, so a withdrawal takes
 * effect as soon as the key is written, without an invalidation.
 */
export function goneViewerRequest(kvsId: string): string {
  return `import cf from 'cloudfront';
${PAGE_PATH}
${IS_GONE(kvsId)}
async function handler(event) {
  var request = event.request;
  var page = pagePath(request.uri);
  if (page === null) return request;
  request.uri = (await isGone(page)) ? '${GONE_FILE}' : page + 'index.html';
  return request;
}`;
}

/**
 * Viewer response on the public site: the neutral page goes out with 410 Gone, so search
 * engines drop the address instead of retrying it. CloudFront does not document whether
 * this event sees the URI as the viewer sent it or as rewritten above, so it checks both:
 * the rewritten file name, and the original path against the store. A direct visit to
 * the neutral page is a 410 too, which is what that page says.
 */
export function goneViewerResponse(kvsId: string): string {
  return `import cf from 'cloudfront';
${PAGE_PATH}
${IS_GONE(kvsId)}
async function handler(event) {
  var response = event.response;
  if (response.statusCode !== 200) return response;
  var uri = event.request.uri;
  if (uri === '${GONE_FILE}' || uri === '${GONE_PAGE}' || (await isGone(pagePath(uri)))) {
    response.statusCode = 410;
    response.statusDescription = 'Gone';
  }
  return response;
}`;
}

/**
 * Browser features no page of ours uses: denied outright, so a compromised or embedded
 * script cannot ask for them either.
 */
export const PERMISSIONS_POLICY =
  'accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), ' +
  'geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

/**
 * The bucket that receives CloudFront and S3 access logs of every static site. It keeps
 * no access log of its own (that would log the log writes); cdk-nag accepts log targets.
 */
export function createAccessLogBucket(scope: Construct, id: string, retention: Duration): s3.Bucket {
  return new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    // CloudFront standard logging writes with ACLs and does not support SSE-KMS.
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
    // Access logs hold IP addresses: delete them after the same period as the API logs.
    lifecycleRules: [{ expiration: retention }],
  });
}

export interface StaticSiteProps {
  /** Shown in the CloudFront console. */
  comment: string;
  logBucket: s3.IBucket;
  /** Prefix of this site's logs in the log bucket, e.g. `site/`. */
  logPrefix: string;
  /** Content-Security-Policy sent with every response. */
  contentSecurityPolicy: string;
  /** The page served, with status 404, for a path that has no file. */
  notFoundPage?: string;
  /** Serve `/index.html` for every path without a file extension (SINGLE_PAGE_REWRITE), instead of a not-found page. */
  singlePage?: boolean;
  /** The AWS WAF web ACL (its ARN, from us-east-1) in front of the distribution. */
  webAclId?: string;
  /** Answer withdrawn paths (a CloudFront key value store) with GONE_PAGE and 410. */
  gonePaths?: boolean;
  /** Own host name with its certificate; without, the site answers on `*.cloudfront.net`. */
  domain?: CustomDomain;
  /** Paths (CloudFront patterns such as `/suche/*`) that need another policy: the search's WebAssembly. */
  pathPolicies?: { pathPatterns: string[]; contentSecurityPolicy: string; comment: string }[];
}

/**
 * A private S3 bucket served only through CloudFront with origin access control:
 * HTTPS only, HTTP/2 and 3, compressed, security headers on every response, with the
 * site's own (German) not-found page.
 */
export class StaticSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly url: string;
  /** Withdrawn paths of the public site (`gonePaths`); the publisher writes them. */
  readonly goneStore?: cloudfront.KeyValueStore;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Versions allow rolling back a bad upload; old versions expire so storage does not grow forever.
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: `s3/${props.logPrefix}`,
    });

    const headersPolicy = (id: string, comment: string, csp: string) =>
      new cloudfront.ResponseHeadersPolicy(this, id, {
        comment: `${props.comment}: ${comment}`,
        securityHeadersBehavior: {
          // Two years, the length browsers' preload lists expect; subdomains too, since all of ours are HTTPS.
          strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
          contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        },
        customHeadersBehavior: {
          customHeaders: [
            { header: 'Permissions-Policy', value: PERMISSIONS_POLICY, override: true },
            // No other window keeps a handle on ours (no popups are used).
            { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
          ],
        },
      });
    const headers = headersPolicy('SecurityHeaders', 'security headers', props.contentSecurityPolicy);

    const functionAssociations: cloudfront.FunctionAssociation[] = [];
    if (props.gonePaths) {
      this.goneStore = new cloudfront.KeyValueStore(this, 'GonePaths', {
        comment: 'Withdrawn pages of the public site, answered with 410',
      });
      const kvsId = this.goneStore.keyValueStoreId;
      functionAssociations.push(
        {
          eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
          function: new cloudfront.Function(this, 'GoneRequest', {
            code: cloudfront.FunctionCode.fromInline(goneViewerRequest(kvsId)),
            runtime: cloudfront.FunctionRuntime.JS_2_0,
            keyValueStore: this.goneStore,
            comment: 'Maps /path/ to /path/index.html; withdrawn paths to the neutral page',
          }),
        },
        {
          eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE,
          function: new cloudfront.Function(this, 'GoneResponse', {
            code: cloudfront.FunctionCode.fromInline(goneViewerResponse(kvsId)),
            runtime: cloudfront.FunctionRuntime.JS_2_0,
            keyValueStore: this.goneStore,
            comment: 'Sends the neutral page of withdrawn paths with 410 Gone',
          }),
        },
      );
    } else if (props.singlePage) {
      functionAssociations.push({
        eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
        function: new cloudfront.Function(this, 'SinglePage', {
          code: cloudfront.FunctionCode.fromInline(SINGLE_PAGE_REWRITE),
          runtime: cloudfront.FunctionRuntime.JS_2_0,
          comment: 'Maps every path without a file extension to /index.html',
        }),
      });
    } else {
      functionAssociations.push({
        eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
        function: new cloudfront.Function(this, 'IndexRewrite', {
          code: cloudfront.FunctionCode.fromInline(INDEX_REWRITE),
          runtime: cloudfront.FunctionRuntime.JS_2_0,
          comment: 'Maps /path/ and /path to /path/index.html',
        }),
      });
    }

    // Without s3:ListBucket, S3 answers 403 for a missing key; both mean "page not found" to a reader.
    const notFound =
      props.notFoundPage === undefined
        ? undefined
        : [403, 404].map((httpStatus) => ({
            httpStatus,
            responseHttpStatus: 404,
            responsePagePath: props.notFoundPage,
            ttl: Duration.minutes(1),
          }));

    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const behavior = (responseHeadersPolicy: cloudfront.IResponseHeadersPolicy): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      compress: true,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy,
      functionAssociations,
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: props.comment,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Readers are in Germany: the cheapest price class still serves Europe from nearby edges.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: `cloudfront/${props.logPrefix}`,
      errorResponses: notFound,
      webAclId: props.webAclId,
      ...(props.domain
        ? {
            domainNames: [props.domain.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }
        : {}),
      defaultBehavior: behavior(headers),
      additionalBehaviors: Object.fromEntries(
        (props.pathPolicies ?? []).flatMap((p, i) => {
          const policy = headersPolicy(`PathHeaders${i}`, p.comment, p.contentSecurityPolicy);
          return p.pathPatterns.map((pattern) => [pattern, behavior(policy)]);
        }),
      ),
    });
    this.url = props.domain ? `https://${props.domain.domainName}` : `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution.node.defaultChild!).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: the public site and press releases are meant to be readable from ' +
        "anywhere, and the editor is protected by Cognito sign-in, not by the reader's country.",
    });
    if (!props.webAclId) {
      Validations.of(this.distribution.node.defaultChild!).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF: the distribution serves static files only (no forms, no origin logic to attack), ' +
          'and a CloudFront web ACL must live in us-east-1 and costs a monthly fee per ACL and rule.',
      });
    }
    if (!props.domain) {
      Validations.of(this.distribution.node.defaultChild!).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Until a custom domain with an ACM certificate is configured (context newsroom:siteDomain / ' +
          'newsroom:editorDomain), the distribution uses the default *.cloudfront.net certificate, whose ' +
          'security policy CloudFront fixes and cannot be raised.',
      });
    }
  }
}
