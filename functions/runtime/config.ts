/**
 * The runtime configuration: every setting the functions read from their environment, in
 * one place, typed, read once per process. In AWS the stack sets the variables
 * (infra/aws/function.ts, infra/aws/publisher.ts, infra/aws/stack.ts); locally the
 * composition root (infra/local/start.ts) and the tests pass their values with
 * `configure` instead. Nothing else under functions/ touches `process.env`.
 */

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT' | 'CRITICAL';

export interface StoreSettings {
  /** dynalite or DynamoDB Local; unset: the real DynamoDB of `region`. */
  endpoint?: string;
  region: string;
  /** Unset outside Lambda: the table's default name (functions/store/table.ts). */
  tableName?: string;
}

/** The publisher's targets: a site bucket or a folder standing in for it, CloudFront or a file recording the edge's calls. */
export interface PublisherSettings {
  /** A child build (functions/publish/build.ts) also captures the site as an on-demand renderer into this folder. */
  captureRendererTo?: string;
  /** A child build from no content at all (the AWS bundle's renderer and static files, infra/aws/publisher-bundle.ts). */
  noContent: boolean;
  siteBucket?: string;
  siteBucketDir?: string;
  distributionId?: string;
  goneStoreArn?: string;
  edgeLog?: string;
  /** The site built as an on-demand renderer (default: beside the publisher's handler). */
  rendererDir?: string;
  /** Pagefind's service binary (default: beside the publisher's handler). */
  pagefindBinary?: string;
}

/** How long an upload may wait for its description before the scheduled cleanup deletes it, when not configured. */
export const UNDESCRIBED_HOURS_DEFAULT = 24;

/** Where photos live: a private S3 bucket (raw uploads under `raw/`, processed files under `media/`), or a folder standing in for it. */
export interface PhotoSettings {
  bucket?: string;
  /** Locally: the data directory's photo folder (infra/local/start.ts); `raw/` and `media/` as in the bucket. */
  dir?: string;
  /** An upload its item has not been saved with this many hours after it began is deleted (functions/operations/photo-cleanup.ts). */
  undescribedHours?: number;
}

/** Where mails go: the sender's queue in AWS, or (unset) delivered in this process through the transport the local composition root gives. */
export interface MailSettings {
  /** The SQS queue in front of the sender Lambda (infra/aws/mail.ts). */
  queueUrl?: string;
  /** The sender address: the verified SES identity in AWS. */
  from: string;
  /** The SES configuration set whose events report bounces and complaints. */
  configurationSet?: string;
  /** Mails per second at most (SES's sending rate of the account). */
  ratePerSecond: number;
  /** The editor's address, for the links in notifications. */
  editorUrl?: string;
  /** The API's public address, for unsubscribe and confirmation links. */
  apiUrl?: string;
}

export interface RuntimeConfig {
  /** Lambda sets AWS_LAMBDA_FUNCTION_NAME; locally (npm start, tests) it is absent. */
  inLambda: boolean;
  serviceName: string;
  logLevel: LogLevel;
  metricsNamespace: string;
  store: StoreSettings;
  /** The Cognito user pool; unset: the development identity provider's users in the table. */
  userPoolId?: string;
  /** The EventBridge bus for content changes; unset: the publisher listening in this process. */
  contentEventBus?: string;
  /** Never-published drafts unchanged for this many days are erased (retention). */
  retentionDraftDays: number;
  /** The public site's address, as its pages and feeds name it. */
  siteUrl?: string;
  /** The instant every page judges embargoes and consents by, for reproducible renders; unset: now. */
  siteRenderTime?: Date;
  publisher: PublisherSettings;
  photos: PhotoSettings;
  mail: MailSettings;
}

/** What each setting is, for the German message when one is missing or wrong. */
const SETTINGS = {
  TABLE_NAME: 'der Name der DynamoDB-Tabelle',
  SITE_BUCKET: 'der S3-Bucket der öffentlichen Website',
  PHOTO_BUCKET: 'der private S3-Bucket der Fotos (Uploads und verarbeitete Dateien)',
  PHOTO_DIR: 'der Ordner der Fotos (lokal)',
  GONE_STORE_ARN: 'der Key-Value-Store der CloudFront-Funktion für entfernte Adressen',
  SITE_URL: 'die Adresse der öffentlichen Website',
  RETENTION_DRAFT_DAYS: 'die Aufbewahrungsfrist nie veröffentlichter Entwürfe in Tagen',
  PHOTO_UNDESCRIBED_HOURS: 'die Stunden, nach denen ein nie beschriebenes Foto gelöscht wird',
  SITE_RENDER_TIME: 'der Zeitpunkt, nach dem die Seiten gerendert werden',
  POWERTOOLS_LOG_LEVEL: 'die Stufe des Protokolls',
  MAIL_RATE_PER_SECOND: 'die höchste Zahl versandter E-Mails je Sekunde',
} as const;

export type SettingName = keyof typeof SETTINGS;

/** A setting is missing or has a value that cannot be meant; the message says which and what it is for. */
export class ConfigError extends Error {
  readonly setting: SettingName;
  constructor(setting: SettingName, problem: string) {
    super(`Die Einstellung ${setting} (${SETTINGS[setting]}) ${problem}`);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}

/** A setting this code path cannot do without: its value, or a German error naming it. */
export function required<T>(value: T | undefined, setting: SettingName): T {
  if (value === undefined || value === '') {
    throw new ConfigError(setting, 'fehlt. In AWS setzt sie der Stack (infra/aws), lokal npm start (infra/local/start.ts).');
  }
  return value;
}

export type Environment = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL'];

function days(env: Environment, setting: SettingName, fallback: number): number {
  const raw = env[setting];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(setting, `muss eine ganze Zahl von Tagen ab 1 sein, ist aber „${raw}“.`);
  return value;
}

function hours(env: Environment, setting: SettingName, fallback: number): number {
  const raw = env[setting];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(setting, `muss eine ganze Zahl von Stunden ab 1 sein, ist aber „${raw}“.`);
  return value;
}

function rate(env: Environment, setting: SettingName, fallback: number): number {
  const raw = env[setting];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(setting, `muss eine Zahl größer als 0 sein, ist aber „${raw}“.`);
  return value;
}

function instant(env: Environment, setting: SettingName): Date | undefined {
  const raw = env[setting];
  if (raw === undefined || raw === '') return undefined;
  const value = new Date(raw);
  if (Number.isNaN(value.getTime())) throw new ConfigError(setting, `muss ein Zeitpunkt wie 2026-05-01T10:00:00Z sein, ist aber „${raw}“.`);
  return value;
}

function logLevel(env: Environment, inLambda: boolean): LogLevel {
  const raw = env.POWERTOOLS_LOG_LEVEL?.toUpperCase();
  if (!raw) return inLambda ? 'INFO' : 'WARN';
  if (!LOG_LEVELS.includes(raw as LogLevel))
    throw new ConfigError('POWERTOOLS_LOG_LEVEL', `muss eine von ${LOG_LEVELS.join(', ')} sein, ist aber „${env.POWERTOOLS_LOG_LEVEL}“.`);
  return raw as LogLevel;
}

const text = (value: string | undefined) => (value === '' ? undefined : value);

/** Reads the configuration from an environment; a value that cannot be meant is a German ConfigError. */
export function configFromEnvironment(env: Environment): RuntimeConfig {
  const inLambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  return {
    inLambda,
    serviceName: text(env.POWERTOOLS_SERVICE_NAME) ?? 'newsroom',
    // Locally only warnings and errors, so npm start and the test output stay readable.
    logLevel: logLevel(env, inLambda),
    metricsNamespace: text(env.POWERTOOLS_METRICS_NAMESPACE) ?? 'Newsroom',
    store: { endpoint: text(env.DYNAMODB_ENDPOINT), region: text(env.AWS_REGION) ?? 'eu-central-1', tableName: text(env.TABLE_NAME) },
    userPoolId: text(env.USER_POOL_ID),
    contentEventBus: text(env.CONTENT_EVENT_BUS),
    retentionDraftDays: days(env, 'RETENTION_DRAFT_DAYS', 365),
    siteUrl: text(env.SITE_URL),
    siteRenderTime: instant(env, 'SITE_RENDER_TIME'),
    publisher: {
      siteBucket: text(env.SITE_BUCKET),
      siteBucketDir: text(env.SITE_BUCKET_DIR),
      distributionId: text(env.DISTRIBUTION_ID),
      goneStoreArn: text(env.GONE_STORE_ARN),
      edgeLog: text(env.EDGE_LOG),
      rendererDir: text(env.RENDERER_DIR),
      pagefindBinary: text(env.PAGEFIND_EXTENDED_BINARY_PATH),
      captureRendererTo: text(env.SITE_RENDERER_DIR),
      noContent: env.SITE_CONTENT === 'none',
    },
    photos: { bucket: text(env.PHOTO_BUCKET), dir: text(env.PHOTO_DIR), undescribedHours: hours(env, 'PHOTO_UNDESCRIBED_HOURS', UNDESCRIBED_HOURS_DEFAULT) },
    mail: {
      queueUrl: text(env.MAIL_QUEUE_URL),
      from: text(env.MAIL_FROM) ?? 'Integrationsmanagement Landkreis Ludwigsburg <presse@landkreis-ludwigsburg.example>',
      configurationSet: text(env.SES_CONFIGURATION_SET),
      // SES's sending rate of a new production account.
      ratePerSecond: rate(env, 'MAIL_RATE_PER_SECOND', 14),
      editorUrl: text(env.EDITOR_URL),
      apiUrl: text(env.API_URL),
    },
  };
}

let current: RuntimeConfig | undefined;

/** This process's configuration, read from the environment on first use. */
export function config(): RuntimeConfig {
  current ??= configFromEnvironment(process.env);
  return current;
}

/** The environment of a child process (the Astro build): this process's, with `extra` over it. */
export const childEnvironment = (extra: Environment): Environment => ({ ...process.env, ...extra });

/**
 * Pagefind finds its binary through the environment only: the publisher names the one it
 * ships (infra/aws/publisher-bundle.ts) unless the environment names another.
 */
export function usePagefindBinary(path: string): void {
  process.env.PAGEFIND_EXTENDED_BINARY_PATH ??= path;
}

/**
 * Sets values for this process, over what the environment says: the local composition
 * root and the tests know their table and endpoint only once the store has started.
 */
export function configure(values: Partial<RuntimeConfig>): RuntimeConfig {
  current = { ...config(), ...values };
  return current;
}
