import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

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
  notFoundPage: string;
}

/**
 * A private S3 bucket served only through CloudFront with origin access control:
 * HTTPS only, HTTP/2 and 3, compressed, with the site's own (German) not-found page.
 */
export class StaticSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly url: string;

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

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `${props.comment}: security headers`,
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: props.contentSecurityPolicy, override: true },
      },
    });

    const rewrite = new cloudfront.Function(this, 'IndexRewrite', {
      code: cloudfront.FunctionCode.fromInline(INDEX_REWRITE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Maps /path/ and /path to /path/index.html',
    });

    // Without s3:ListBucket, S3 answers 403 for a missing key; both mean "page not found" to a reader.
    const notFound = [403, 404].map((httpStatus) => ({
      httpStatus,
      responseHttpStatus: 404,
      responsePagePath: props.notFoundPage,
      ttl: Duration.minutes(1),
    }));

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
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        compress: true,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution.node.defaultChild!).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: the public site and press releases are meant to be readable from '
          + 'anywhere, and the editor is protected by Cognito sign-in, not by the reader\'s country.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'No WAF: the distribution serves static files only (no forms, no origin logic to attack), '
          + 'and a CloudFront web ACL must live in us-east-1 and costs a monthly fee per ACL and rule.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'Until a custom domain with an ACM certificate is configured, the distribution uses the '
          + 'default *.cloudfront.net certificate, whose security policy CloudFront fixes and cannot be raised.',
      },
    );
  }
}
