import { cognitoDirectory } from './cognito.ts';
import type { UserDirectory } from './directory.ts';
import { localDirectory } from './local.ts';

let chosen: UserDirectory | undefined;

/**
 * The user directory of this runtime, chosen once per process: Cognito in AWS (the stack
 * gives every API function USER_POOL_ID), the development identity provider's table locally.
 */
export function userDirectory(): UserDirectory {
  chosen ??= process.env.USER_POOL_ID ? cognitoDirectory(process.env.USER_POOL_ID) : localDirectory;
  return chosen;
}
