import { readFileSync } from 'node:fs';
import { User } from '@newsroom/domain/user.ts';
import * as z from 'zod/mini';

/** Demo users carry no e-mail in the seed; they get an address under the reserved `.invalid` domain. */
const DemoUser = z.omit(User, { email: true, enabled: true });

/** The demo users of the development identity provider, validated at load. */
export function demoUsers(): User[] {
  const file = z
    .object({ note: z.string(), users: z.array(DemoUser).check(z.minLength(1)) })
    .parse(JSON.parse(readFileSync(new URL('./users.json', import.meta.url), 'utf8')));
  return file.users.map((u) => ({ ...u, email: `${u.username}@demo.invalid`, enabled: true }));
}
