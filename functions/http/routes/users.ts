import { OrganisationSettingsBody, OrganisationSettingsConflict, OrganisationSettingsView } from '../../domain/api/organisation.ts';
import { AuditPage, AuditQuery, UserList } from '../../domain/api/users.ts';
import { User, UserChange, UserInvite } from '../../domain/user.ts';
import { EDITORS, type Route } from '../route.ts';

export const USER_ROUTES = [
  {
    method: 'GET',
    path: '/audit',
    fn: 'users',
    roles: ['press', 'admin'],
    summary: 'Das Protokoll aller Änderungen, Monat für Monat',
    query: AuditQuery,
    responses: { 200: AuditPage },
    refusals: [],
  },
  { method: 'GET', path: '/users', fn: 'users', roles: ['admin'], summary: 'Alle Benutzerkonten', responses: { 200: UserList }, refusals: [] },
  {
    method: 'POST',
    path: '/users',
    fn: 'users',
    roles: ['admin'],
    summary: 'Benutzerkonto anlegen und einladen',
    body: UserInvite,
    responses: { 201: User },
    refusals: [409, 422],
  },
  {
    method: 'PUT',
    path: '/users/{username}',
    fn: 'users',
    roles: ['admin'],
    summary: 'Rolle, Organisation, Namen oder Sperrung ändern',
    body: UserChange,
    responses: { 200: User },
    refusals: [403, 404, 422],
  },
  {
    method: 'GET',
    path: '/settings/organisation',
    fn: 'users',
    roles: EDITORS,
    summary: 'Einstellungen der Organisation (Impressum, Datenschutz, Ansprechpersonen) und was noch fehlt',
    responses: { 200: OrganisationSettingsView },
    refusals: [],
  },
  {
    method: 'PUT',
    path: '/settings/organisation',
    fn: 'users',
    roles: ['admin'],
    summary: 'Einstellungen der Organisation ändern (neue Fassung, im Protokoll)',
    body: OrganisationSettingsBody,
    responses: { 200: OrganisationSettingsView },
    refusals: [403, 409, 422],
    conflict: OrganisationSettingsConflict,
  },
] as const satisfies readonly Route[];
