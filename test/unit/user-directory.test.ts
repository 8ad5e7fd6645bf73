import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { User } from '@newsroom/domain/user.ts';
import { createUserCache, USER_CACHE_TTL_MS } from '@newsroom/users/cache.ts';
import { cognitoDirectory } from '@newsroom/users/cognito.ts';
import { describe, expect, it } from 'vitest';

const lead: User = { username: 'h12-lead', name: 'Lea Leitung', email: 'lea@example.org', role: 'partner-lead', partner: 'caritas', enabled: true };

/** A directory whose state the test changes, counting how often it is asked. */
function fakeDirectory(initial: User) {
  let state: User | undefined = initial;
  let reads = 0;
  return {
    lookup: async () => {
      reads += 1;
      return state;
    },
    set: (next: User | undefined) => {
      state = next;
    },
    reads: () => reads,
  };
}

describe('the per-instance user cache', () => {
  it('keeps an enabled user for at most 30 s, then asks the directory again', async () => {
    let now = 1_000_000;
    const dir = fakeDirectory(lead);
    const cache = createUserCache(dir.lookup, { now: () => now });

    expect(await cache.get('h12-lead')).toEqual(lead);
    dir.set({ ...lead, role: 'manager' });
    now += USER_CACHE_TTL_MS - 1;
    expect((await cache.get('h12-lead'))?.role).toBe('partner-lead');
    expect(dir.reads()).toBe(1);

    now += 1;
    expect((await cache.get('h12-lead'))?.role).toBe('manager');
    expect(dir.reads()).toBe(2);
    expect(USER_CACHE_TTL_MS).toBeLessThanOrEqual(30_000);
  });

  it('never caches a disabled or unknown user, so re-enabling and inviting need no wait and a disabled one is read every time', async () => {
    const now = 5_000;
    const dir = fakeDirectory({ ...lead, enabled: false });
    const cache = createUserCache(dir.lookup, { now: () => now });
    expect((await cache.get('h12-lead'))?.enabled).toBe(false);
    expect((await cache.get('h12-lead'))?.enabled).toBe(false);
    expect(dir.reads()).toBe(2);

    dir.set(lead);
    expect((await cache.get('h12-lead'))?.enabled).toBe(true);
    dir.set(undefined);
    expect(await createUserCache(dir.lookup, { now: () => now }).get('h12-lead')).toBeUndefined();
  });

  it('forgets a user at once after a write on this instance', async () => {
    const dir = fakeDirectory(lead);
    const cache = createUserCache(dir.lookup, { now: () => 0 });
    await cache.get('h12-lead');
    dir.set({ ...lead, enabled: false });
    cache.forget('h12-lead');
    expect((await cache.get('h12-lead'))?.enabled).toBe(false);
  });

  it('does not cache an answer that a forget overtook while it was on its way', async () => {
    let release!: () => void;
    let state: User = lead;
    let reads = 0;
    const lookup = async () => {
      reads += 1;
      const seen = state;
      if (reads === 1)
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      return seen;
    };
    const cache = createUserCache(lookup, { now: () => 0 });
    const inFlight = cache.get('h12-lead');
    state = { ...lead, enabled: false };
    cache.forget('h12-lead');
    release();
    expect((await inFlight)?.enabled).toBe(true);
    expect((await cache.get('h12-lead'))?.enabled).toBe(false);
  });
});

describe('the Cognito directory', () => {
  /** A client that answers like Cognito for one enabled user and records every command. */
  function fakeCognito() {
    const sent: unknown[] = [];
    const client = {
      async send(command: unknown) {
        sent.push(command);
        if (command instanceof AdminGetUserCommand) {
          return {
            Enabled: true,
            UserAttributes: [
              { Name: 'name', Value: lead.name },
              { Name: 'email', Value: lead.email },
              { Name: 'custom:partner', Value: 'caritas' },
            ],
          };
        }
        if (command instanceof AdminListGroupsForUserCommand) return { Groups: [{ GroupName: 'partner-lead' }] };
        return {};
      },
    } as unknown as CognitoIdentityProviderClient;
    return { client, sent };
  }

  it('reads role (group), partner and enabled-state of a user by username', async () => {
    const { client } = fakeCognito();
    expect(await cognitoDirectory('pool', client).get('h12-lead')).toEqual(lead);
  });

  it('signs a disabled user out everywhere (AdminUserGlobalSignOut), after disabling them', async () => {
    const { client, sent } = fakeCognito();
    await cognitoDirectory('pool', client).update('h12-lead', { enabled: false });
    const names = sent.map((c) => (c as object).constructor.name);
    expect(names.indexOf('AdminUserGlobalSignOutCommand')).toBeGreaterThan(names.indexOf('AdminDisableUserCommand'));
    expect(sent.some((c) => c instanceof AdminDisableUserCommand)).toBe(true);
    const signOut = sent.find((c) => c instanceof AdminUserGlobalSignOutCommand) as AdminUserGlobalSignOutCommand;
    expect(signOut.input).toEqual({ UserPoolId: 'pool', Username: 'h12-lead' });
  });

  it('treats a failed lookup as a failure, not as "no such user"', async () => {
    const client = {
      send: async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
      },
    } as unknown as CognitoIdentityProviderClient;
    await expect(cognitoDirectory('pool', client).get('h12-lead')).rejects.toThrow('Rate exceeded');
  });
});
