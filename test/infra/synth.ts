import { readFileSync } from 'node:fs';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ApiFirewallStack } from '../../infra/aws/api-edge.ts';
import { applyChecks } from '../../infra/aws/checks.ts';
import { readConfig } from '../../infra/aws/config.ts';
import { NewsroomStack } from '../../infra/aws/stack.ts';

export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, any> };

/** The context `cdk synth` reads from cdk.json. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;
}

/**
 * One synth of the whole stack with the context of cdk.json (plus `context`). The editor
 * build is a two-file fixture, so the infra tests need no Astro build of the editor.
 * `cdk synth` fails on an unacknowledged cdk-nag finding; here the synth goes on, so only
 * the cdk-nag test fails for it and the other assertions still report on their own.
 */
export function synthStack(context: Record<string, unknown> = {}, outdir?: string) {
  const app = new App({
    ...(outdir ? { outdir } : {}),
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
  return { app, stack, template, config, all, logicalId, resource, firewall, firewallTemplate };
}
