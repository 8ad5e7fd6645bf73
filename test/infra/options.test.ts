import nag from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthStack } from './synth.ts';

/**
 * The optional settings of an installation, all in one synth: own host names with their
 * certificates, an alarm recipient, and no reserved concurrency (a new account's quota).
 */
const SITE_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const EDITOR_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000';

let s: ReturnType<typeof synthStack>;

beforeAll(() => {
  s = synthStack({
    'newsroom:siteDomain': 'presse.example.de',
    'newsroom:siteCertificateArn': SITE_CERT,
    'newsroom:editorDomain': 'redaktion.example.de',
    'newsroom:editorCertificateArn': EDITOR_CERT,
    'newsroom:alarmEmail': 'it-betrieb@example.de',
    'newsroom:reservedConcurrency': 'false',
    'newsroom:clientRateLimit': '300',
  });
});

const distribution = (site: 'site' | 'editor') => s.resource(s.logicalId(s.stack[site].distribution)).Properties.DistributionConfig;

describe('custom domains', () => {
  it.each([
    ['site', 'presse.example.de', SITE_CERT],
    ['editor', 'redaktion.example.de', EDITOR_CERT],
  ] as const)('serve the %s on its own host name with its ACM certificate, TLS 1.2 or newer, SNI', (site, host, cert) => {
    const c = distribution(site);
    expect(c.Aliases).toEqual([host]);
    expect(c.ViewerCertificate).toEqual({ AcmCertificateArn: cert, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
  });

  it("send Cognito back to the editor's own host name, and serve the API there (no other origin may call it)", () => {
    const [, client] = s.all('AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties.CallbackURLs).toEqual(['https://redaktion.example.de/']);
    expect(client.Properties.LogoutURLs).toEqual(['https://redaktion.example.de/']);
    const [, api] = s.all('AWS::ApiGatewayV2::Api')[0]!;
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    const config = s.stack.resolve(s.stack.editorDeployment.config);
    expect(config.apiUrl).toBe('https://redaktion.example.de/api');
    expect(config.auth.redirectUri).toBe('https://redaktion.example.de/');
    expect(config.publicSiteUrl).toBe('https://presse.example.de');
  });

  it('need no acknowledgment for the default certificate any more, and leave no other finding', () => {
    const acknowledged = JSON.stringify(s.template.toJSON().Resources[s.logicalId(s.stack.site.distribution)].Metadata);
    expect(acknowledged).not.toContain('AwsSolutions-CFR4');
    const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(s.stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('limit per client', () => {
  it('takes the configured number of API calls per IP address', () => {
    const [acl] = Object.values(s.firewallTemplate.findResources('AWS::WAFv2::WebACL')) as {
      Properties: { Rules: { Statement: { RateBasedStatement: { Limit: number } } }[] };
    }[];
    expect(acl!.Properties.Rules[0]!.Statement.RateBasedStatement.Limit).toBe(300);
  });
});

describe('alarm recipient', () => {
  it('subscribes the configured address to the alarm topic', () => {
    // The mail events topic feeds the mailer (infra/aws/mail.ts); people are subscribed by e-mail.
    const subscriptions = s
      .all('AWS::SNS::Subscription')
      .map(([, sub]) => sub.Properties)
      .filter((sub) => sub.Protocol === 'email');
    expect(subscriptions).toEqual([
      expect.objectContaining({
        Protocol: 'email',
        Endpoint: 'it-betrieb@example.de',
        TopicArn: { Ref: s.logicalId(s.stack.monitoring.topic) },
      }),
    ]);
  });
});

describe('without reserved concurrency', () => {
  it('reserves none, so the stack deploys into an account whose Lambda quota is still 10', () => {
    for (const [id, fn] of s.all('AWS::Lambda::Function')) expect(fn.Properties.ReservedConcurrentExecutions, id).toBeUndefined();
  });
});
