import { AuditPage, AuditQuery, UserList } from '../../domain/api/users.ts';
import { User, UserChange, UserInvite } from '../../domain/user.ts';
import type { Route } from '../route.ts';

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
] as const satisfies readonly Route[];
