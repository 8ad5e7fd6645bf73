import { Actor } from '@newsroom/domain/actor.ts';
import { Meta, OpenApiDocument } from '@newsroom/domain/api/meta.ts';
import { EDITORS, type Route } from '../route.ts';

export const META_ROUTES = [
  { method: 'GET', path: '/meta', fn: 'meta', roles: 'public', summary: 'Stammdaten für die Formulare der Redaktion', responses: { 200: Meta }, refusals: [] },
  {
    method: 'GET',
    path: '/me',
    fn: 'meta',
    roles: EDITORS,
    summary: 'Die angemeldete Person: Rolle und Organisation',
    responses: { 200: Actor },
    refusals: [],
  },
  {
    method: 'GET',
    path: '/openapi.json',
    fn: 'meta',
    roles: 'public',
    summary: 'Diese Beschreibung der Schnittstelle (OpenAPI 3.1)',
    responses: { 200: OpenApiDocument },
    refusals: [],
  },
] as const satisfies readonly Route[];
