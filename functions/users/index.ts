import { z } from 'zod';
import { hasRole } from '../domain/actor.ts';
import { canChangeUser, UserChange, UserInvite, userProblems } from '../domain/user.ts';
import { usernameOf } from '../http/claims.ts';
import { lambdaHandler } from '../http/handler.ts';
import { badRequest, conflict, forbidden, json, notFound, unprocessable } from '../http/problem.ts';
import { db } from '../store/client.ts';
import { auditOfMonth, mirrorAudit } from '../store/versioned.ts';
import { signedInUsers } from './cache.ts';
import { UserExists } from './directory.ts';
import { userDirectory } from '../runtime/adapters.ts';

/** User administration is part of the global audit trail (who changed whose access, when). */
const auditUser = (req: { actor: { sub: string; name: string } }, username: string, action: string) =>
  mirrorAudit(db(), { PK: `USER#${username}` }, { at: new Date().toISOString(), by: req.actor.sub, byName: req.actor.name, action });

const Month = z.string().regex(/^\d{4}-\d{2}$/, 'Bitte einen Monat im Format JJJJ-MM angeben.');

export const handler = lambdaHandler('users', {
  /** The global audit trail, month by month: press office and administrators. */
  'GET /audit': async (req) => {
    if (!hasRole(req.actor, 'press') && !hasRole(req.actor, 'admin')) throw forbidden('Das Protokoll sehen Pressestelle und Administration.');
    const month = Month.safeParse(req.query.month ?? new Date().toISOString().slice(0, 7));
    if (!month.success) throw badRequest(month.error.issues[0]!.message);
    const page = await auditOfMonth(db(), month.data, req.query.cursor);
    return json(200, { month: month.data, items: page.items, next: page.next });
  },

  'GET /users': async (req) => {
    if (!hasRole(req.actor, 'admin')) throw forbidden('Nur die Administration verwaltet Benutzerkonten.');
    return json(200, { items: await userDirectory().list() });
  },

  'POST /users': async (req) => {
    if (!hasRole(req.actor, 'admin')) throw forbidden('Nur die Administration verwaltet Benutzerkonten.');
    const invite = req.body(UserInvite, 'Die Angaben zum Benutzerkonto');
    const problems = userProblems(invite);
    if (problems.length) throw unprocessable('Diese Kombination aus Rolle und Organisation ist nicht möglich.', problems);
    try {
      const created = await userDirectory().invite(invite);
      await auditUser(req, created.username, 'user-invited');
      return json(201, created);
    } catch (err) {
      if (err instanceof UserExists) throw conflict('Diesen Benutzernamen gibt es schon.');
      throw err;
    }
  },

  'PUT /users/{username}': async (req) => {
    const change = req.body(UserChange, 'Die Änderung');
    const dir = userDirectory();
    const target = await dir.get(req.params.username!);
    if (!target) throw notFound('Dieses Benutzerkonto gibt es nicht.');
    const denied = canChangeUser(req.actor, target, usernameOf(req.event.requestContext.authorizer?.jwt?.claims));
    if (denied) throw forbidden(denied);
    const problems = userProblems({ ...target, ...change });
    if (problems.length) throw unprocessable('Diese Kombination aus Rolle und Organisation ist nicht möglich.', problems);
    const updated = await dir.update(target.username, change);
    // This instance judges the user's next request by the new state, not by its cache.
    signedInUsers.forget(target.username);
    await auditUser(req, target.username, change.enabled === false ? 'user-disabled' : change.enabled === true ? 'user-enabled' : 'user-changed');
    return json(200, updated);
  },
});
