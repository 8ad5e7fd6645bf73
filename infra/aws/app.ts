import { App } from 'aws-cdk-lib';
import { applyChecks } from './checks.ts';
import { readConfig } from './config.ts';
import { NewsroomStack } from './stack.ts';

const app = new App();
const config = readConfig(app);

new NewsroomStack(app, 'Newsroom', {
  description: 'Press and storytelling CMS of the Integrationsmanagement Landkreis Ludwigsburg',
  // Without credentials the account stays unresolved and synth still works.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region },
  config,
});
applyChecks(app);
app.synth();
