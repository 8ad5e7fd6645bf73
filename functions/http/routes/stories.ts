import { PersonExport } from '../../domain/erasure.ts';
import { Comment } from '../../domain/comment.ts';
import {
  CommentBody, CommentList, ConsentBody, DiffQuery, ExpiringList, ExpiringQuery, ReadBackBody, RevisionQuery, SeenStory, StoryConflict, StoryDetail,
  StoryDiff, StoryList, StoryListQuery, StoryTransitionBody, StoryView, UpdateStoryBody, VersionBody, VersionList, VersionParams, WithdrawalBody,
  WithdrawalReportList, WithdrawalResult,
} from '../../domain/api/stories.ts';
import { StoredVersion } from '../../domain/story-history.ts';
import { StoryDraftInput } from '../../domain/story.ts';
import { EDITORS, type Route } from '../route.ts';

const WRITERS = ['manager', 'partner-lead', 'press'] as const;
const PARTNER_STAFF = ['manager', 'partner-lead'] as const;

export const STORY_ROUTES = [
  {
    method: 'GET', path: '/stories', fn: 'stories', roles: EDITORS, summary: 'Geschichten des eigenen Trägers, für die Pressestelle nach Status über alle Träger',
    query: StoryListQuery, responses: { 200: StoryList }, refusals: [403],
  },
  {
    method: 'POST', path: '/stories', fn: 'stories', roles: WRITERS, summary: 'Neue Geschichte als Entwurf anlegen',
    body: StoryDraftInput, responses: { 201: StoryView }, refusals: [403],
  },
  {
    method: 'GET', path: '/stories/{id}', fn: 'stories', roles: EDITORS,
    summary: 'Eine Geschichte: vollständig für den eigenen Träger und die Pressestelle, sonst nur, was die Website zeigt',
    responses: { 200: SeenStory }, refusals: [404],
  },
  {
    method: 'PUT', path: '/stories/{id}', fn: 'stories', roles: WRITERS, summary: 'Text speichern; nach einer Veröffentlichung als Überarbeitung',
    body: UpdateStoryBody, responses: { 200: StoryView }, refusals: [403, 404, 409], conflict: StoryConflict,
  },
  {
    method: 'POST', path: '/stories/{id}/transitions', fn: 'stories', roles: WRITERS, summary: 'Einreichen, freigeben, zurückgeben, veröffentlichen oder von der Website nehmen',
    body: StoryTransitionBody, responses: { 200: StoryDetail }, refusals: [403, 404, 409, 422], conflict: StoryConflict,
  },
  {
    method: 'DELETE', path: '/stories/{id}/revision', fn: 'stories', roles: WRITERS, summary: 'Überarbeitung verwerfen; der veröffentlichte Text bleibt',
    query: RevisionQuery, responses: { 200: StoryView }, refusals: [403, 404, 409], conflict: StoryConflict,
  },
  {
    method: 'POST', path: '/stories/{id}/consents', fn: 'stories', roles: PARTNER_STAFF, summary: 'Einwilligung einer Person erfassen oder berichtigen',
    body: ConsentBody, responses: { 200: StoryView }, refusals: [403, 404, 409, 422], conflict: StoryConflict,
  },
  {
    method: 'POST', path: '/stories/{id}/read-back', fn: 'stories', roles: PARTNER_STAFF, summary: 'Rückbestätigung des Textes durch die Personen erfassen',
    body: ReadBackBody, responses: { 200: StoryView }, refusals: [403, 404, 409, 422], conflict: StoryConflict,
  },
  {
    method: 'POST', path: '/stories/{id}/consents/{personId}/withdrawal', fn: 'stories', roles: PARTNER_STAFF,
    summary: 'Widerruf einer Einwilligung erfassen; antwortet mit dem Bericht, wohin die Geschichte gelangt ist',
    body: WithdrawalBody, responses: { 200: WithdrawalResult }, refusals: [403, 404, 409, 422], conflict: StoryConflict,
  },
  {
    method: 'GET', path: '/stories/{id}/withdrawal-reports', fn: 'stories', roles: WRITERS, summary: 'Berichte zu Widerrufen: wohin die Geschichte gelangt ist',
    responses: { 200: WithdrawalReportList }, refusals: [404],
  },
  {
    method: 'POST', path: '/stories/{id}/erasure', fn: 'stories', roles: PARTNER_STAFF, summary: 'Daten der Geschichte auf Antrag löschen (Art. 17 DSGVO)',
    body: VersionBody, responses: { 200: StoryView }, refusals: [403, 404, 409], conflict: StoryConflict,
  },
  {
    method: 'GET', path: '/stories/{id}/versions', fn: 'stories', roles: WRITERS, summary: 'Alle gespeicherten Fassungen, neueste zuerst',
    responses: { 200: VersionList }, refusals: [404],
  },
  {
    method: 'GET', path: '/stories/{id}/versions/{n}', fn: 'stories', roles: WRITERS, summary: 'Eine gespeicherte Fassung mit ihrem Inhalt',
    params: VersionParams, responses: { 200: StoredVersion }, refusals: [404],
  },
  {
    method: 'GET', path: '/stories/{id}/diff', fn: 'stories', roles: WRITERS, summary: 'Zwei Fassungen Wort für Wort verglichen',
    query: DiffQuery, responses: { 200: StoryDiff }, refusals: [404],
  },
  {
    method: 'POST', path: '/stories/{id}/versions/{n}/restore', fn: 'stories', roles: WRITERS, summary: 'Eine frühere Fassung als neue Fassung wiederherstellen',
    params: VersionParams, body: VersionBody, responses: { 200: StoryView }, refusals: [403, 404, 409], conflict: StoryConflict,
  },
  {
    method: 'GET', path: '/stories/{id}/comments', fn: 'stories', roles: WRITERS, summary: 'Kommentare der Prüfung',
    responses: { 200: CommentList }, refusals: [404],
  },
  {
    method: 'POST', path: '/stories/{id}/comments', fn: 'stories', roles: WRITERS, summary: 'Kommentar schreiben',
    body: CommentBody, responses: { 201: Comment }, refusals: [404],
  },
  {
    method: 'GET', path: '/stories/{id}/persons/{personId}/export', fn: 'stories', roles: PARTNER_STAFF, summary: 'Auskunft über eine Person (Art. 15 DSGVO)',
    responses: { 200: PersonExport }, html: 'Dieselbe Auskunft als lesbare Seite', refusals: [403, 404],
  },
  {
    method: 'GET', path: '/consents/expiring', fn: 'stories', roles: WRITERS, summary: 'Geschichten, deren Einwilligungen bald ablaufen',
    query: ExpiringQuery, responses: { 200: ExpiringList }, refusals: [],
  },
] as const satisfies readonly Route[];
