import { type Actor, hasRole } from '@newsroom/domain/actor.ts';
import { NotFound, refuse } from '@newsroom/domain/errors.ts';
import { canChangeUser, type User, type UserChange, userProblems } from '@newsroom/domain/user.ts';
import { auditOfMonth, mirrorAudit } from '@newsroom/store/versioned.ts';
import { signedInUsers } from '@newsroom/users/cache.ts';
import { UserExists } from '@newsroom/users/directory.ts';
import type { Ports } from './ports.ts';

/**
 * Who may use the editor, kept by the administration in the user directory (Cognito in
 * AWS, the table locally). Every change is in the global audit trail: who changed whose
 * access, and when.
 */

const ADMIN_ONLY = 'Nur die Administration verwaltet Benutzerkonten.';

const auditUser = (p: Ports, actor: Actor, username: string, action: string, change: { from?: string; to?: string } = {}) =>
  mirrorAudit(p.db, { PK: `USER#${username}` }, { at: p.clock.now().toISOString(), by: actor.sub, byName: actor.name, action, ...change });

/** The global audit trail of one month, newest first: press office and administrators. */
export async function auditTrail(p: Ports, actor: Actor, month: string, cursor: string | undefined) {
  if (!hasRole(actor, 'press') && !hasRole(actor, 'admin')) refuse({ reason: 'forbidden', message: 'Das Protokoll sehen Pressestelle und Administration.' });
  return auditOfMonth(p.db, month, cursor);
}

export async function listUsers(p: Ports, actor: Actor): Promise<User[]> {
  if (!hasRole(actor, 'admin')) refuse({ reason: 'forbidden', message: ADMIN_ONLY });
  return p.users.list();
}

export async function inviteUser(p: Ports, actor: Actor, invite: Omit<User, 'enabled'>): Promise<User> {
  if (!hasRole(actor, 'admin')) refuse({ reason: 'forbidden', message: ADMIN_ONLY });
  const problems = userProblems(invite);
  if (problems.length) refuse({ reason: 'invalid', message: 'Diese Kombination aus Rolle und Organisation ist nicht möglich.', problems });
  let created: User;
  try {
    created = await p.users.invite(invite);
  } catch (err) {
    if (err instanceof UserExists) refuse({ reason: 'state', message: 'Diesen Benutzernamen gibt es schon.' });
    throw err;
  }
  await auditUser(p, actor, created.username, 'user-invited');
  return created;
}

/**
 * Changes a user's name, role, organisation or access. `self` is the caller's own
 * username: nobody changes their own role, organisation or lock.
 */
export async function changeUser(p: Ports, actor: Actor, self: string | undefined, username: string, change: UserChange): Promise<User> {
  const target = await p.users.get(username);
  if (!target) throw new NotFound('Dieses Benutzerkonto gibt es nicht.');
  const denied = canChangeUser(actor, target, self);
  if (denied) refuse({ reason: 'forbidden', message: denied });
  const problems = userProblems({ ...target, ...change });
  if (problems.length) refuse({ reason: 'invalid', message: 'Diese Kombination aus Rolle und Organisation ist nicht möglich.', problems });
  const updated = await p.users.update(target.username, change);
  // This instance judges the user's next request by the new state, not by its cache.
  signedInUsers.forget(target.username);
  if (change.enabled === false) await auditUser(p, actor, target.username, 'user-disabled');
  else if (change.enabled === true) await auditUser(p, actor, target.username, 'user-enabled');
  // A new role is named with the old one: the trail says from which role to which.
  else if (change.role !== undefined && change.role !== target.role)
    await auditUser(p, actor, target.username, 'user-role-changed', { from: target.role, to: change.role });
  else await auditUser(p, actor, target.username, 'user-changed');
  return updated;
}
