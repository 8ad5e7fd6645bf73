import type { Construct } from 'constructs';

/**
 * Deployment settings that differ between installations, read from CDK context
 * (`cdk.json` or `cdk deploy -c newsroom:<key>=<value>`). Everything else the stack
 * needs comes from the single definitions in `functions/`.
 */
export interface NewsroomConfig {
  /** Personal data of a German public body: Frankfurt unless deliberately changed. */
  region: string;
  /**
   * Prefix of the Cognito managed-login domain `https://<prefix>.auth.<region>.amazoncognito.com`.
   * Must be unique in the region and must not contain "aws", "amazon" or "cognito".
   */
  cognitoDomainPrefix: string;
  /**
   * Where Cognito may send the editor back after sign-in. Unset: the editor distribution's
   * own address plus `editorCallbackPath`, so a first deployment works without a custom domain.
   */
  editorCallbackUrls?: string[];
  /** Where Cognito may send the editor after sign-out. Unset: the editor distribution's root. */
  editorLogoutUrls?: string[];
  /**
   * Path of the editor's OAuth callback on its own origin. The editor is a single page
   * with hash routes, so Cognito returns to its root (`/?code=...`).
   */
  editorCallbackPath: string;
  /** Further browser origins allowed to call the API (the editor calls it on its own origin, under /api). */
  corsOrigins?: string[];
  /** Steady-state and burst request limits for the whole API stage: the ceiling of what the API may cost. */
  throttle: { rateLimit: number; burstLimit: number };
  /**
   * API requests one client (IP address) may make in five minutes before it gets 429 (AWS WAF,
   * api-edge.ts). An office behind one address shares it: 1,000 leave a dozen people working.
   */
  clientRateLimit: number;
  /** Own host name and certificate of the public site (e.g. `presse.landkreis-ludwigsburg.de`). Unset: `*.cloudfront.net`. */
  siteDomain?: CustomDomain;
  /** Own host name and certificate of the editor. Unset: `*.cloudfront.net`. */
  editorDomain?: CustomDomain;
  /** Where alarms are sent by e-mail (the subscription must be confirmed once). Unset: only the SNS topic. */
  alarmEmail?: string;
  /**
   * Reserve concurrency per function (caps runaway cost, keeps scheduler runs apart).
   * A new AWS account may start with a Lambda concurrency quota of 10, too small for any
   * reservation: raise the quota, or set this to false until it is raised.
   */
  reservedConcurrency: boolean;
  /**
   * Sender of every mail (`Name <address>`): its domain becomes the SES identity, signed
   * with Easy DKIM (the CNAME records are stack outputs).
   */
  mailFrom: string;
  /** Mails per second the SES account may send (its sending quota; 14 for a new production account). */
  mailRatePerSecond: number;
  /** The editor's static build deployed to its bucket (`npm run deploy` builds it first). */
  editorDist: string;
}

export interface CustomDomain {
  domainName: string;
  /** An ACM certificate in us-east-1 (CloudFront only takes certificates from there) covering `domainName`. */
  certificateArn: string;
}

const PREFIX = 'newsroom:';

function list(value: unknown, key: string): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new Error(`Context ${PREFIX}${key} must be a string or a list of strings.`);
}

export function readConfig(scope: Construct): NewsroomConfig {
  const get = (key: string): unknown => scope.node.tryGetContext(PREFIX + key);
  // No default: the prefix is unique per region, so every installation names its own (cdk.json).
  const cognitoDomainPrefix = get('cognitoDomainPrefix');
  if (
    typeof cognitoDomainPrefix !== 'string' ||
    !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(cognitoDomainPrefix) ||
    /aws|amazon|cognito/.test(cognitoDomainPrefix)
  ) {
    throw new Error(
      `Context ${PREFIX}cognitoDomainPrefix must be a Cognito domain prefix (a-z, 0-9, -; ` +
        `without "aws", "amazon", "cognito"), got ${JSON.stringify(cognitoDomainPrefix)}.`,
    );
  }
  const limit = (key: string, fallback: number) => {
    const value = Number(get(key) ?? fallback);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`Context ${PREFIX}${key} must be a positive integer.`);
    return value;
  };
  const rateLimit = limit('throttleRateLimit', 50);
  const burstLimit = limit('throttleBurstLimit', 100);
  const clientRateLimit = limit('clientRateLimit', 1000);
  if (clientRateLimit < 10) throw new Error(`Context ${PREFIX}clientRateLimit must be at least 10 (the smallest limit AWS WAF takes).`);
  const domain = (name: 'site' | 'editor'): CustomDomain | undefined => {
    const domainName = get(`${name}Domain`);
    const certificateArn = get(`${name}CertificateArn`);
    if (domainName === undefined && certificateArn === undefined) return undefined;
    if (typeof domainName !== 'string' || !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/.test(domainName)) {
      throw new Error(`Context ${PREFIX}${name}Domain must be a host name such as presse.example.de, got ${JSON.stringify(domainName)}.`);
    }
    if (typeof certificateArn !== 'string' || !/^arn:aws:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
      throw new Error(
        `Context ${PREFIX}${name}CertificateArn must be the ARN of an ACM certificate in us-east-1 (CloudFront takes no other region), got ${JSON.stringify(certificateArn)}.`,
      );
    }
    return { domainName, certificateArn };
  };
  const alarmEmail = get('alarmEmail');
  if (alarmEmail !== undefined && (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail))) {
    throw new Error(`Context ${PREFIX}alarmEmail must be an e-mail address, got ${JSON.stringify(alarmEmail)}.`);
  }
  const mailFrom = get('mailFrom');
  if (typeof mailFrom !== 'string' || !/^(?:[^<>]*<)?[^@\s<>]+@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}>?$/.test(mailFrom)) {
    throw new Error(`Context ${PREFIX}mailFrom must be a sender such as "Presse <presse@example.de>", got ${JSON.stringify(mailFrom)}.`);
  }
  const reserved = get('reservedConcurrency');
  return {
    region: String(get('region') ?? 'eu-central-1'),
    cognitoDomainPrefix,
    editorCallbackUrls: list(get('editorCallbackUrls'), 'editorCallbackUrls'),
    editorLogoutUrls: list(get('editorLogoutUrls'), 'editorLogoutUrls'),
    editorCallbackPath: String(get('editorCallbackPath') ?? '/'),
    corsOrigins: list(get('corsOrigins'), 'corsOrigins'),
    throttle: { rateLimit, burstLimit },
    clientRateLimit,
    siteDomain: domain('site'),
    editorDomain: domain('editor'),
    alarmEmail: alarmEmail as string | undefined,
    reservedConcurrency: !(reserved === false || reserved === 'false'),
    editorDist: String(get('editorDist') ?? 'site/redaktion/dist'),
    mailFrom,
    mailRatePerSecond: limit('mailRatePerSecond', 14),
  };
}
