import { OrganisationSettingsBody } from '@newsroom/domain/api/organisation.ts';
import { Month, NotificationSettingsBody } from '@newsroom/domain/api/users.ts';
import { UserChange, UserInvite } from '@newsroom/domain/user.ts';
import { usernameOf } from '@newsroom/http/claims.ts';
import { lambdaHandler } from '@newsroom/http/handler.ts';
import { badRequest, json } from '@newsroom/http/problem.ts';
import { USER_ROUTES } from '@newsroom/http/routes/users.ts';
import { notificationSettings, saveNotificationSettings } from '@newsroom/operations/notification-settings.ts';
import { changeOrganisationSettings, readOrganisationSettings } from '@newsroom/operations/organisation.ts';
import { overview } from '@newsroom/operations/overview.ts';
import { runtimePorts as ports } from '@newsroom/operations/ports.ts';
import { auditTrail, changeUser, inviteUser, listUsers } from '@newsroom/operations/users.ts';

/** Each action parses the request, runs one operation (functions/operations/users.ts) and answers with its result. */
export const handler = lambdaHandler(USER_ROUTES, {
  /** The global audit trail, month by month (default: this month). */
  'GET /audit': async (req) => {
    const p = ports();
    const month = Month.safeParse(req.query.month ?? p.clock.now().toISOString().slice(0, 7));
    if (!month.success) throw badRequest(month.error.issues[0]!.message);
    const page = await auditTrail(p, req.actor, month.data, req.query.cursor);
    return json(200, { month: month.data, items: page.items, next: page.next });
  },

  'GET /users': async (req) => json(200, { items: await listUsers(ports(), req.actor) }),

  'POST /users': async (req) => json(201, await inviteUser(ports(), req.actor, req.body(UserInvite, 'Die Angaben zum Benutzerkonto'))),

  'PUT /users/{username}': async (req) => {
    const change = req.body(UserChange, 'Die Änderung');
    const self = usernameOf(req.event.requestContext.authorizer?.jwt?.claims);
    return json(200, await changeUser(ports(), req.actor, self, req.params.username!, change));
  },

  'GET /settings/organisation': async () => json(200, await readOrganisationSettings(ports())),

  'PUT /settings/organisation': async (req) => {
    const p = ports();
    await changeOrganisationSettings(p, req.actor, req.body(OrganisationSettingsBody, 'Die Einstellungen'));
    return json(200, await readOrganisationSettings(p));
  },

  'GET /overview': async (req) => json(200, await overview(ports(), req.actor)),

  'GET /me/notifications': async (req) => json(200, await notificationSettings(ports(), req.actor)),

  'PUT /me/notifications': async (req) =>
    json(200, await saveNotificationSettings(ports(), req.actor, req.body(NotificationSettingsBody, 'Die Einstellungen').preferences)),
});
