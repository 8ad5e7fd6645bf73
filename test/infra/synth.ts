import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiFirewallStack } from '@newsroom/infra-aws/api-edge.ts';
import { applyChecks } from '@newsroom/infra-aws/checks.ts';
import { readConfig } from '@newsroom/infra-aws/config.ts';
import { NewsroomStack } from '@newsroom/infra-aws/stack.ts';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { onWorkerEnd } from '../worker.ts';

export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, any> };

/** The context `cdk synth` reads from cdk.json. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;
}

/**
 * The synth of the whole stack with the context of cdk.json (plus `context`), one per
 * context and test worker: the files a worker runs share it (test/worker.ts), since each
 * synth bundles every function. The editor build is a two-file fixture, so the infra tests
 * need no Astro build of the editor. `cdk synth` fails on an unacknowledged cdk-nag
 * finding; here the synth goes on, so only the cdk-nag test fails for it and the other
 * assertions still report on their own.
 */
export function synthStack(context: Record<string, unknown> = {}): Synth {
  const key = JSON.stringify(context);
  let found = synths.get(key);
  if (!found) {
    found = synth(context, assemblyDir());
    synths.set(key, found);
  }
  return found;
}

export type Synth = ReturnType<typeof synth>;
const synths = new Map<string, Synth>();

let outdir: string | undefined;

/**
 * The worker's cloud assembly: every synth writes here, so CDK bundles each function once
 * per worker (its asset cache is keyed by the folder). Beside the assets, a `node_modules`
 * link stands in for the Lambda runtime's AWS SDK, which the bundles leave out.
 */
function assemblyDir(): string {
  if (!outdir) {
    const dir = mkdtempSync(join(tmpdir(), 'cdk-test-'));
    symlinkSync(fileURLToPath(new URL('../../node_modules', import.meta.url)), join(dir, 'node_modules'), 'dir');
    onWorkerEnd('the CDK synth', async () => {
      synths.clear();
      outdir = undefined;
      await rm(dir, { recursive: true, force: true });
    });
    outdir = dir;
  }
  return outdir;
}

function synth(context: Record<string, unknown>, outdir: string) {
  const app = new App({
    outdir,
    context: {
      ...cdkJsonContext(),
      'newsroom:editorDist': 'test/fixtures/editor-dist',
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      ...context,
    },
  });
  const config = readConfig(app);
  const firewall = new ApiFirewallStack(app, 'NewsroomFirewall', { requestsPerClient: config.clientRateLimit });
  const stack = new NewsroomStack(app, 'Newsroom', { env: { region: config.region }, config, apiWebAclArn: firewall.webAcl.attrArn });
  applyChecks(app);
  const template = Template.fromStack(stack);
  const firewallTemplate = Template.fromStack(firewall);
  const all = (type: string): [string, Resource][] => Object.entries(template.findResources(type)) as [string, Resource][];
  const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const resource = (id: string) => template.toJSON().Resources[id] as Resource;
  return { app, outdir, stack, template, config, all, logicalId, resource, firewall, firewallTemplate };
}
