import { Validations } from 'aws-cdk-lib';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Runs the AWS Solutions rules of cdk-nag (v3: a policy-validation plugin, no longer an
 * aspect) when `scope` is synthesized; an unacknowledged finding fails the synth.
 * Accepted findings are acknowledged next to the resource they concern, with a reason
 * (`Validations.of(construct).acknowledge`), and copied into the template's `cdk_nag`
 * metadata so the reasons travel with the deployed stack.
 */
export function applyChecks(scope: IConstruct): void {
  Validations.of(scope).addPlugins(new nag.AwsSolutionsChecks(scope, { verbose: true, writeSuppressionsToCloudFormation: true }));
}

/**
 * Acknowledges the granular findings of one rule (cdk-nag names each wildcard action,
 * resource or managed policy separately, e.g. `AwsSolutions-IAM5[Action::s3:List*]`),
 * each with the same reason, so a new wildcard that nobody reviewed still fails the synth.
 */
export function acknowledgeFindings(scope: IConstruct, rule: string, findings: string[], reason: string): void {
  Validations.of(scope).acknowledge(...findings.map((finding) => ({ id: `${rule}[${finding}]`, reason })));
}
