import {
  CreateSubmissionBody, ReportingDay, SettingsBody, SettingsConflict, SnapshotBody, SnapshotConflict, SnapshotList, SnapshotTransitionBody, SnapshotView,
  SubmissionConflict, SubmissionList, SubmissionListQuery, SubmissionTransitionBody, SubmissionView, UpdateSubmissionBody,
} from '../../domain/api/statistics.ts';
import { Settings } from '../../domain/statistics.ts';
import { EDITORS, type Route } from '../route.ts';

const PARTNER_STAFF = ['manager', 'partner-lead'] as const;

export const STATISTICS_ROUTES = [
  {
    method: 'GET', path: '/statistics/settings', fn: 'statistics', roles: EDITORS, summary: 'Zuordnung der Träger zu Gemeinden und Mindestfallzahl',
    responses: { 200: Settings }, refusals: [],
  },
  {
    method: 'PUT', path: '/statistics/settings', fn: 'statistics', roles: ['admin'], summary: 'Zuordnung und Mindestfallzahl ändern',
    body: SettingsBody, responses: { 200: Settings }, refusals: [409], conflict: SettingsConflict,
  },
  {
    method: 'GET', path: '/statistics/snapshots', fn: 'statistics', roles: EDITORS, summary: 'Alle Stichtage; Träger sehen sie, wie die Website sie zeigt',
    responses: { 200: SnapshotList }, refusals: [],
  },
  {
    method: 'POST', path: '/statistics/snapshots', fn: 'statistics', roles: ['press'], summary: 'Stichtag anlegen',
    body: SnapshotBody, responses: { 201: SnapshotView }, refusals: [403, 409], conflict: SnapshotConflict,
  },
  {
    method: 'GET', path: '/statistics/snapshots/{date}', fn: 'statistics', roles: EDITORS,
    summary: 'Ein Stichtag: für die Pressestelle die Kreissumme, für Träger die eigenen Meldungen',
    responses: { 200: ReportingDay }, refusals: [404],
  },
  {
    method: 'POST', path: '/statistics/snapshots/{date}/transitions', fn: 'statistics', roles: ['press'], summary: 'Zahlen veröffentlichen oder von der Website nehmen',
    body: SnapshotTransitionBody, responses: { 200: SnapshotView }, refusals: [403, 404, 409, 422], conflict: SnapshotConflict,
  },
  {
    method: 'GET', path: '/statistics/submissions', fn: 'statistics', roles: EDITORS, summary: 'Meldungen des eigenen Trägers, für die Pressestelle die freigegebenen',
    query: SubmissionListQuery, responses: { 200: SubmissionList }, refusals: [403],
  },
  {
    method: 'POST', path: '/statistics/submissions', fn: 'statistics', roles: PARTNER_STAFF, summary: 'Meldung für eine Gemeinde und einen Stichtag anlegen',
    body: CreateSubmissionBody, responses: { 201: SubmissionView }, refusals: [403, 409, 422], conflict: SubmissionConflict,
  },
  {
    method: 'GET', path: '/statistics/submissions/{id}', fn: 'statistics', roles: EDITORS, summary: 'Eine Meldung',
    responses: { 200: SubmissionView }, refusals: [404],
  },
  {
    method: 'PUT', path: '/statistics/submissions/{id}', fn: 'statistics', roles: PARTNER_STAFF, summary: 'Zahlen einer Meldung ändern',
    body: UpdateSubmissionBody, responses: { 200: SubmissionView }, refusals: [403, 404, 409], conflict: SubmissionConflict,
  },
  {
    method: 'POST', path: '/statistics/submissions/{id}/transitions', fn: 'statistics', roles: ['manager', 'partner-lead', 'press'],
    summary: 'Einreichen, freigeben, zurückgeben, annehmen oder berichtigen',
    body: SubmissionTransitionBody, responses: { 200: SubmissionView }, refusals: [403, 404, 409, 422], conflict: SubmissionConflict,
  },
] as const satisfies readonly Route[];
