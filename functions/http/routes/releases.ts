import {
  NoticeList, ReleaseConflict, ReleaseList, ReleaseListQuery, ReleaseTransitionBody, ReleaseView, ScheduleBody, SeenRelease, UpdateReleaseBody,
} from '../../domain/api/releases.ts';
import { ReleaseDraftInput } from '../../domain/release.ts';
import { EDITORS, type Route } from '../route.ts';

const WRITERS = ['manager', 'partner-lead', 'press'] as const;

export const RELEASE_ROUTES = [
  {
    method: 'GET', path: '/releases', fn: 'releases', roles: EDITORS, summary: 'Pressemitteilungen der eigenen Organisation, für die Pressestelle nach Status über alle',
    query: ReleaseListQuery, responses: { 200: ReleaseList }, refusals: [403],
  },
  {
    method: 'POST', path: '/releases', fn: 'releases', roles: WRITERS, summary: 'Neue Pressemitteilung als Entwurf anlegen',
    body: ReleaseDraftInput, responses: { 201: ReleaseView }, refusals: [403],
  },
  {
    method: 'GET', path: '/releases/{id}', fn: 'releases', roles: EDITORS,
    summary: 'Eine Pressemitteilung: vollständig für die eigene Organisation und die Pressestelle, sonst nur, was die Website zeigt',
    responses: { 200: SeenRelease }, refusals: [404],
  },
  {
    method: 'PUT', path: '/releases/{id}', fn: 'releases', roles: WRITERS, summary: 'Inhalt ersetzen; nach der Veröffentlichung nur mit Korrekturnotiz',
    body: UpdateReleaseBody, responses: { 200: ReleaseView }, refusals: [403, 404, 409, 422], conflict: ReleaseConflict,
  },
  {
    method: 'PUT', path: '/releases/{id}/schedule', fn: 'releases', roles: ['press'], summary: 'Sperrfrist und Ende der Veröffentlichung festlegen (Berliner Ortszeit)',
    body: ScheduleBody, responses: { 200: ReleaseView }, refusals: [403, 404, 409, 422], conflict: ReleaseConflict,
  },
  {
    method: 'POST', path: '/releases/{id}/transitions', fn: 'releases', roles: WRITERS, summary: 'Vorschlagen, freigeben, zurückgeben, veröffentlichen oder von der Website nehmen',
    body: ReleaseTransitionBody, responses: { 200: ReleaseView }, refusals: [403, 404, 409, 422], conflict: ReleaseConflict,
  },
  { method: 'GET', path: '/notices', fn: 'releases', roles: ['press'], summary: 'Hinweise und offene Aufgaben der Pressestelle', responses: { 200: NoticeList }, refusals: [] },
  {
    method: 'DELETE', path: '/notices/{at}/{id}', fn: 'releases', roles: ['press'], summary: 'Hinweis als gelesen entfernen (Aufgaben bleiben offen)',
    responses: { 204: null }, refusals: [404, 409],
  },
] as const satisfies readonly Route[];
