import * as z from 'zod/mini';
import { type Actor, hasRole, Role } from './actor.ts';
import { PartnerId } from './partners.ts';
import { safeText } from './text.ts';

/** A person who can sign in to the editor: one role, one partner (Cognito: group + custom:partner). */
export const User = z.object({
  username: z.string().check(z.regex(/^[a-z0-9][a-z0-9.@_-]{2,80}$/, 'Der Benutzername darf nur Kleinbuchstaben, Ziffern und . @ _ - enthalten.')),
  name: safeText('Der Name').check(z.trim(), z.minLength(3, 'Bitte den Namen angeben.'), z.maxLength(100)),
  email: z.email({ error: 'Bitte eine gültige E-Mail-Adresse angeben.' }),
  role: Role,
  partner: PartnerId,
  enabled: z._default(z.boolean(), true),
});
export type User = z.infer<typeof User>;

export const UserInvite = z.omit(User, { enabled: true });
export type UserInvite = z.infer<typeof UserInvite>;
export const UserChange = z
  .partial(z.object({ role: Role, partner: PartnerId, name: User.shape.name, enabled: z.boolean() }))
  .check(z.refine((c) => Object.keys(c).length > 0, 'Bitte mindestens eine Änderung angeben.'));
export type UserChange = z.infer<typeof UserChange>;

/** The press office and administrators belong to the Landratsamt. */
export function userProblems(u: Pick<User, 'role' | 'partner'>): string[] {
  return (u.role === 'press' || u.role === 'admin') && u.partner !== 'lra' ? ['Pressestelle und Administration gehören zum Landratsamt.'] : [];
}

/** Only administrators manage users, and nobody changes their own role, partner or access. */
export function canChangeUser(actor: Actor, target: Pick<User, 'username'>, actorUsername: string | undefined): string | undefined {
  if (!hasRole(actor, 'admin')) return 'Nur die Administration verwaltet Benutzerkonten.';
  if (actorUsername === target.username) return 'Die eigene Rolle, Organisation oder Sperrung kann niemand selbst ändern.';
  return undefined;
}
