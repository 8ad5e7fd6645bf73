import * as z from 'zod/mini';

const Url = z.pipe(
  z.url({ protocol: /^https?$/, error: 'keine gültige http(s)-Adresse' }),
  z.transform((u: string) => u.replace(/\/+$/, '')),
);
/** Sent to Cognito exactly as registered with the app client: no trailing slash removed. */
const ExactUrl = z.url({ protocol: /^https?$/, error: 'keine gültige http(s)-Adresse' });

/**
 * The runtime configuration, fetched from `/config.json` beside the app so one build
 * serves every environment. `auth.mode` picks the sign-in module: `dev` is the local
 * development identity provider, `cognito` Cognito's managed login (code flow with PKCE).
 */
export const RuntimeConfig = z.object({
  apiUrl: Url,
  auth: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('dev'), idpUrl: Url }),
    // Written by the CDK stack (infra/aws/editor-deployment.ts); sign-in with Cognito's managed login.
    z.object({
      mode: z.literal('cognito'),
      domain: z.pipe(
        z.url({ protocol: /^https$/, error: 'keine gültige https-Adresse' }),
        z.transform((u: string) => u.replace(/\/+$/, '')),
      ),
      clientId: z.string().check(z.minLength(1, 'darf nicht leer sein')),
      redirectUri: ExactUrl,
      logoutUri: z.optional(ExactUrl),
      userPoolId: z.optional(z.string()),
      region: z.optional(z.string()),
    }),
  ]),
  publicSiteUrl: Url,
});
export type RuntimeConfig = z.infer<typeof RuntimeConfig>;

export class ConfigError extends Error {}

export async function loadConfig(): Promise<RuntimeConfig> {
  let raw: unknown;
  try {
    const res = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    raw = await res.json();
  } catch (err) {
    throw new ConfigError(`Die Einstellungen der Redaktion (config.json) konnten nicht geladen werden (${(err as Error).message}).`);
  }
  const parsed = RuntimeConfig.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(gesamt)'}: ${i.message}`).join('; ');
    throw new ConfigError(`Die Einstellungen der Redaktion (config.json) sind ungültig: ${where}.`);
  }
  return parsed.data;
}
