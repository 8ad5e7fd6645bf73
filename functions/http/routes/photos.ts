import { NewUpload, NewUploadBody, PhotoFile, PhotoFileParams, PhotoList, PhotoListQuery } from '@newsroom/domain/api/photos.ts';
import { PhotoRecord } from '@newsroom/domain/photos.ts';
import { EDITORS, type Route } from '../route.ts';

const WRITERS = ['manager', 'partner-lead', 'press'] as const;

export const PHOTO_ROUTES = [
  {
    method: 'POST',
    path: '/photos',
    fn: 'photos',
    roles: WRITERS,
    summary: 'Foto für eine Geschichte oder Pressemitteilung anlegen; die Antwort sagt, wohin die Datei geht',
    body: NewUploadBody,
    responses: { 201: NewUpload },
    refusals: [403, 404],
  },
  {
    method: 'GET',
    path: '/photos',
    fn: 'photos',
    roles: EDITORS,
    summary: 'Die Mediathek: Fotos des eigenen Trägers (die Pressestelle: aller Träger), oder die Fotos einer Geschichte oder Pressemitteilung',
    query: PhotoListQuery,
    responses: { 200: PhotoList },
    refusals: [],
  },
  {
    method: 'GET',
    path: '/photos/{id}',
    fn: 'photos',
    roles: EDITORS,
    summary: 'Ein Foto: Stand der Verarbeitung, Größe und Dateien (oder warum es abgelehnt wurde)',
    responses: { 200: PhotoRecord },
    refusals: [404],
  },
  {
    method: 'GET',
    path: '/photos/{id}/files/{file}',
    fn: 'photos',
    roles: EDITORS,
    summary: 'Eine verarbeitete Datei des Fotos für die Vorschau in der Redaktion (Base64)',
    params: PhotoFileParams,
    responses: { 200: PhotoFile },
    refusals: [404],
  },
] as const satisfies readonly Route[];
