import * as z from 'zod/mini';
import { PartnerId } from './partners.ts';

/**
 * Roles are Cognito groups. A user holds one role and belongs to one partner
 * (`custom:partner`); the press office and administrators belong to `lra`.
 */
export const ROLES = [
  { id: 'manager', label: 'Integrationsmanager:in' },
  { id: 'partner-lead', label: 'Partnerleitung' },
  { id: 'press', label: 'Pressestelle' },
  { id: 'admin', label: 'Administration' },
] as const;

export const Role = z.enum(['manager', 'partner-lead', 'press', 'admin'], { error: 'Unbekannte Rolle.' });
export type Role = z.infer<typeof Role>;

export function roleLabel(role: Role): string {
  return ROLES.find((r) => r.id === role)!.label;
}

/**
 * The signed-in person as the handlers see them: `sub` from the verified token, role,
 * partner and name from the user directory (functions/http/claims.ts), never from the body.
 */
export const Actor = z.object({
  sub: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  roles: z.array(Role).check(z.minLength(1, 'Das Benutzerkonto hat keine Rolle.')),
  partner: PartnerId,
});
export type Actor = z.infer<typeof Actor>;

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}
