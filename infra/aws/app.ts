import { resolve } from 'node:path';
import { EDITOR_DIST, ensureEditorBuilt } from '@newsroom/redaktion/build.ts';
import { App } from 'aws-cdk-lib';
import { ApiFirewallStack } from './api-edge.ts';
import { REPO_ROOT } from './bundle.ts';
import { applyChecks } from './checks.ts';
import { readConfig } from './config.ts';
import { NewsroomStack } from './stack.ts';

const app = new App();
const config = readConfig(app);

// The stack uploads the editor's build: make sure it is there and newer than its sources
// (a no-op when `npm run deploy` has just built it). stderr, because stdout carries the template.
if (resolve(REPO_ROOT, config.editorDist) === resolve(EDITOR_DIST)) await ensureEditorBuilt((msg) => console.error(msg));

// Without credentials the account stays unresolved and synth still works.
const account = process.env.CDK_DEFAULT_ACCOUNT;
// Deployed first (the Newsroom stack depends on it): CloudFront reads web ACLs only from us-east-1.
const firewall = new ApiFirewallStack(app, 'NewsroomFirewall', {
  description: 'Newsroom: per-client rate limit of the API (AWS WAF for CloudFront)',
  env: { account },
  requestsPerClient: config.clientRateLimit,
});
new NewsroomStack(app, 'Newsroom', {
  description: 'Press and storytelling CMS of the Integrationsmanagement Landkreis Ludwigsburg',
  env: { account, region: config.region },
  config,
  apiWebAclArn: firewall.webAcl.attrArn,
});
applyChecks(app);
app.synth();
