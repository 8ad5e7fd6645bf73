import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, configFromEnvironment } from '@newsroom/runtime/config.ts';
import { configuredStore } from '@newsroom/store/client.ts';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The code files under `dir`, relative to the repository, without built output or dependencies. */
const codeFiles = (dir: string) =>
  readdirSync(join(REPO, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mjs|astro)$/.test(f) && !/(^|\/)(node_modules|dist|\.astro)\//.test(f))
    .map((f) => `${dir}/${f}`);

describe('the runtime configuration', () => {
  it("is the one module under functions/ and in the public site's code that touches the environment", () => {
    const files = [...codeFiles('functions'), ...codeFiles('site/newsroom/src'), ...codeFiles('site/contract')];
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => readFileSync(join(REPO, f), 'utf8').includes('process.env'))).toEqual(['functions/runtime/config.ts']);
  });

  it('reads every setting the stack gives a function, typed', () => {
    const c = configFromEnvironment({
      AWS_LAMBDA_FUNCTION_NAME: 'Newsroom-stories',
      TABLE_NAME: 'Newsroom-Table',
      AWS_REGION: 'eu-west-1',
      USER_POOL_ID: 'eu-west-1_abc',
      CONTENT_EVENT_BUS: 'newsroom-content',
      RETENTION_DRAFT_DAYS: '30',
      SITE_URL: 'https://presse.example.org',
      SITE_RENDER_TIME: '2026-05-01T10:00:00Z',
      POWERTOOLS_METRICS_NAMESPACE: 'Presse',
    });
    expect(c).toMatchObject({
      inLambda: true,
      logLevel: 'INFO',
      metricsNamespace: 'Presse',
      store: { endpoint: undefined, region: 'eu-west-1', tableName: 'Newsroom-Table' },
      userPoolId: 'eu-west-1_abc',
      contentEventBus: 'newsroom-content',
      retentionDraftDays: 30,
      siteUrl: 'https://presse.example.org',
    });
    expect(c.siteRenderTime?.toISOString()).toBe('2026-05-01T10:00:00.000Z');
    expect(configuredStore(c)).toEqual({ endpoint: undefined, region: 'eu-west-1', tableName: 'Newsroom-Table' });
  });

  it('on a laptop: the local defaults, quiet logs, the table under its own name', () => {
    const c = configFromEnvironment({ DYNAMODB_ENDPOINT: 'http://127.0.0.1:4324' });
    expect(c).toMatchObject({ inLambda: false, logLevel: 'WARN', retentionDraftDays: 365, userPoolId: undefined, contentEventBus: undefined });
    expect(configuredStore(c)).toEqual({ endpoint: 'http://127.0.0.1:4324', region: 'eu-central-1', tableName: 'newsroom' });
  });

  it('a Lambda without its table name fails with a German message naming the setting', () => {
    const c = configFromEnvironment({ AWS_LAMBDA_FUNCTION_NAME: 'Newsroom-scheduler' });
    expect(() => configuredStore(c)).toThrow(ConfigError);
    expect(() => configuredStore(c)).toThrow(/^Die Einstellung TABLE_NAME \(der Name der DynamoDB-Tabelle\) fehlt\./);
  });

  it('a value that cannot be meant is refused in German, not taken as NaN or an invalid date', () => {
    expect(() => configFromEnvironment({ RETENTION_DRAFT_DAYS: 'ein Jahr' })).toThrow(
      'Die Einstellung RETENTION_DRAFT_DAYS (die Aufbewahrungsfrist nie veröffentlichter Entwürfe in Tagen) muss eine ganze Zahl von Tagen ab 1 sein, ist aber „ein Jahr“.',
    );
    expect(() => configFromEnvironment({ RETENTION_DRAFT_DAYS: '0' })).toThrow(ConfigError);
    expect(() => configFromEnvironment({ SITE_RENDER_TIME: 'morgen' })).toThrow(/^Die Einstellung SITE_RENDER_TIME .* muss ein Zeitpunkt/);
    expect(() => configFromEnvironment({ POWERTOOLS_LOG_LEVEL: 'laut' })).toThrow(/^Die Einstellung POWERTOOLS_LOG_LEVEL/);
  });
});
