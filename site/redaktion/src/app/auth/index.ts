import type { RuntimeConfig } from '../config.ts';
import { cognitoAuth } from './cognito.ts';
import { devAuth } from './dev.ts';
import type { AuthModule } from './types.ts';

export type { AuthModule } from './types.ts';

/** Picks the sign-in module named by the runtime configuration. */
export function createAuth(config: RuntimeConfig['auth']): AuthModule {
  switch (config.mode) {
    case 'dev':
      return devAuth(config.idpUrl);
    case 'cognito':
      return cognitoAuth(config);
  }
}
