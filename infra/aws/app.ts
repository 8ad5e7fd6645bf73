import { App } from 'aws-cdk-lib';
import { resolve } from 'node:path';
import { EDITOR_DIST, ensureEditorBuilt } from '../local/editor-build.ts';
import { REPO_ROOT } from './bundle.ts';
import { applyChecks } from './checks.ts';
import { readConfig } from './config.ts';
import { NewsroomStack } from './stack.ts';

const app = new App();
const config = readConfig(app);

// The stack uploads the editor's build: make sure it is there and newer than its sources
// (a no-op when `npm run deploy` has just built it). stderr, because stdout carries the template.
if (resolve(REPO_ROOT, config.editorDist) === resolve(EDITOR_DIST)) await ensureEditorBuilt((msg) => console.error(msg));

new NewsroomStack(app, 'Newsroom', {
  description: 'Press and storytelling CMS of the Integrationsmanagement Landkreis Ludwigsburg',
  // Without credentials the account stays unresolved and synth still works.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region },
  config,
});
applyChecks(app);
app.synth();
