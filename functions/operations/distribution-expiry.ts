import { ConflictError } from '@newsroom/domain/errors.ts';
import { deleteContact, expiredSignups } from '@newsroom/store/contacts.ts';
import type { Ports } from './ports.ts';

/**
 * A sign-up nobody confirmed within its link's time is deleted with what it stored (name,
 * address, medium, the consent text): without the confirmation there is no consent to
 * keep it for. The audit line stays, without name or address.
 */
export async function dropExpiredSignups(p: Ports, now: Date): Promise<string[]> {
  const dropped: string[] = [];
  for (const c of await expiredSignups(now, p.db)) {
    try {
      await deleteContact(c.id, c.version, { at: now.toISOString(), by: 'system', byName: 'Zeitplan', action: 'contact-signup-expired' }, p.db);
      dropped.push(c.id);
    } catch (err) {
      // Confirmed or signed up again in the meantime: no longer expired.
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return dropped;
}
