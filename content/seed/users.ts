import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Role } from '../../functions/domain/actor.ts';
import { PartnerId } from '../../functions/domain/partners.ts';

export const DemoUser = z.object({
  username: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(3),
  role: Role,
  partner: PartnerId,
});
export type DemoUser = z.infer<typeof DemoUser>;

/** The demo users of the development identity provider, validated at load. */
export function demoUsers(): DemoUser[] {
  const file = z.object({ note: z.string(), users: z.array(DemoUser).min(1) })
    .parse(JSON.parse(readFileSync(new URL('./users.json', import.meta.url), 'utf8')));
  return file.users;
}
