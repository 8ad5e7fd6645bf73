import { createHash } from 'node:crypto';
import * as actor from '@newsroom/domain/actor.ts';
import * as commonApi from '@newsroom/domain/api/common.ts';
import * as distributionApi from '@newsroom/domain/api/distribution.ts';
import * as metaApi from '@newsroom/domain/api/meta.ts';
import * as organisationApi from '@newsroom/domain/api/organisation.ts';
import * as overviewApi from '@newsroom/domain/api/overview.ts';
import * as photosApi from '@newsroom/domain/api/photos.ts';
import * as previewsApi from '@newsroom/domain/api/previews.ts';
import * as releaseSendsApi from '@newsroom/domain/api/release-sends.ts';
import * as releasesApi from '@newsroom/domain/api/releases.ts';
import * as statisticsApi from '@newsroom/domain/api/statistics.ts';
import * as storiesApi from '@newsroom/domain/api/stories.ts';
import * as usersApi from '@newsroom/domain/api/users.ts';
import * as comment from '@newsroom/domain/comment.ts';
import * as consent from '@newsroom/domain/consent.ts';
import * as distribution from '@newsroom/domain/distribution.ts';
import * as erasure from '@newsroom/domain/erasure.ts';
import * as municipalities from '@newsroom/domain/municipalities.ts';
import * as notice from '@newsroom/domain/notice.ts';
import * as organisation from '@newsroom/domain/organisation.ts';
import * as partners from '@newsroom/domain/partners.ts';
import * as photos from '@newsroom/domain/photos.ts';
import * as preview from '@newsroom/domain/preview.ts';
import * as readBack from '@newsroom/domain/read-back.ts';
import * as release from '@newsroom/domain/release.ts';
import * as releasePublic from '@newsroom/domain/release-public.ts';
import * as releaseSend from '@newsroom/domain/release-send.ts';
import * as releaseWorkflow from '@newsroom/domain/release-workflow.ts';
import * as statistics from '@newsroom/domain/statistics.ts';
import * as statisticsSnapshot from '@newsroom/domain/statistics-snapshot.ts';
import * as statisticsWorkflow from '@newsroom/domain/statistics-workflow.ts';
import * as story from '@newsroom/domain/story.ts';
import * as storyDiff from '@newsroom/domain/story-diff.ts';
import * as storyHistory from '@newsroom/domain/story-history.ts';
import * as topics from '@newsroom/domain/topics.ts';
import * as user from '@newsroom/domain/user.ts';
import * as withdrawalReport from '@newsroom/domain/withdrawal-report.ts';
import * as workflow from '@newsroom/domain/workflow.ts';
import * as z from 'zod/mini';
import { MAX_BODY_BYTES } from './problem.ts';
import { type FunctionName, type Route, routeKey } from './route.ts';

/**
 * The API document (OpenAPI 3.1), generated from the route table and the zod schemas
 * it names: `GET /openapi.json` serves it and `npm run openapi` writes it to
 * docs/openapi.json. A schema exported by a domain module appears once, under its
 * export name, in `components.schemas`; where what a client sends differs from what it
 * gets back (defaults, transforms), the sending form is a second component `<Name>.input`.
 */

export type JsonSchema = { [key: string]: unknown };
export interface OpenApiDocument extends JsonSchema {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

const MODULES = [
  commonApi,
  metaApi,
  storiesApi,
  releasesApi,
  releaseSendsApi,
  releaseSend,
  statisticsApi,
  usersApi,
  organisationApi,
  overviewApi,
  photosApi,
  previewsApi,
  distributionApi,
  actor,
  comment,
  consent,
  distribution,
  erasure,
  municipalities,
  notice,
  organisation,
  partners,
  photos,
  preview,
  readBack,
  release,
  releasePublic,
  releaseWorkflow,
  statistics,
  statisticsSnapshot,
  statisticsWorkflow,
  story,
  storyDiff,
  storyHistory,
  topics,
  user,
  withdrawalReport,
  workflow,
];

const REF = '#/components/schemas/';
const INPUT = '.input';
const UNREPRESENTABLE = 'x-unrepresentable';

/** Every exported schema under its export name; a second schema of the same name stays inline where it is used. */
function namedSchemas(): Map<z.ZodMiniType, string> {
  const names = new Map<z.ZodMiniType, string>();
  const taken = new Set<string>();
  for (const mod of MODULES) {
    for (const [name, value] of Object.entries(mod)) {
      if (!(value instanceof z.ZodMiniType) || names.has(value) || taken.has(name)) continue;
      names.set(value, name);
      taken.add(name);
    }
  }
  return names;
}

function convert(names: Map<z.ZodMiniType, string>, io: 'input' | 'output', suffix: string): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of names) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    uri: (id) => `${REF}${id}${suffix}`,
    // A schema only one side can express (a transform's output): marked, and refused below if a route reaches it.
    unrepresentable: ({ message }) => ({ [UNREPRESENTABLE]: message }),
    // zod drops unknown fields, so an answer never has any; a request with one is refused (functions/http/handler.ts).
    override: ({ zodSchema, jsonSchema }) => {
      // Only where the fields stand: beside a $ref (a refined copy of a named object) it would forbid them all.
      if (zodSchema._zod.def.type === 'object' && !(zodSchema as z.core.$ZodObject)._zod.def.catchall && jsonSchema.properties)
        jsonSchema.additionalProperties = false;
      // zod bounds every integer by the safe range: true of any JSON number a client sends or reads here, so it says nothing.
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    },
  });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...rest }]) => [id, rest as JsonSchema]));
}

/** Replaces every `$ref` the function maps; everything else is copied as it is. */
function mapRefs(value: unknown, map: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapRefs(v, map));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? map(v) : mapRefs(v, map)]));
}

function refsIn(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.add(v.slice(REF.length));
      else refsIn(v, found);
    }
  }
  return found;
}

/**
 * Both forms of every named schema; a schema whose sending form is the same as its
 * answer form (after its references are merged the same way) keeps one component.
 */
function components(names: Map<z.ZodMiniType, string>) {
  const output = convert(names, 'output', '');
  const input = convert(names, 'input', INPUT);
  let same = new Set(Object.keys(input));
  const merged = (s: JsonSchema, ids: Set<string>) =>
    mapRefs(s, (ref) => (ref.endsWith(INPUT) && ids.has(ref.slice(REF.length, -INPUT.length)) ? ref.slice(0, -INPUT.length) : ref)) as JsonSchema;
  for (;;) {
    const next = new Set([...same].filter((id) => JSON.stringify(merged(input[id]!, same)) === JSON.stringify(output[id])));
    if (next.size === same.size) break;
    same = next;
  }
  const schemas: Record<string, JsonSchema> = { ...output };
  for (const [id, s] of Object.entries(input)) if (!same.has(id)) schemas[`${id}${INPUT}`] = merged(s, same);
  return { schemas, inputId: (id: string) => (same.has(id) ? id : `${id}${INPUT}`) };
}

const TAGS: Record<FunctionName, string> = {
  meta: 'Stammdaten und diese Beschreibung',
  stories: 'Geschichten: Entwurf, Einwilligungen, Rückbestätigung, Freigaben, Fassungen, Kommentare, Widerruf und Löschung',
  releases: 'Pressemitteilungen und die Hinweise der Pressestelle',
  users: 'Benutzerverwaltung und das Protokoll aller Änderungen',
  statistics: 'Statistik: Stichtage, Meldungen der Träger, Veröffentlichung',
  photos: 'Fotos: Hochladen, Verarbeitung, Mediathek; Vorschau-Links der Geschichten und Pressemitteilungen',
  history: 'Geschichten: gespeicherte Fassungen und ihr Vergleich Wort für Wort',
  distribution: 'Presseverteiler: Kontakte, Verteiler, Import, Anmeldung mit Bestätigung, Themen, Abmeldung',
};

const SUCCESS: Record<200 | 201 | 204, string> = { 200: 'Erfolg', 201: 'Angelegt', 204: 'Erledigt (ohne Inhalt)' };

const REFUSALS: Record<number, string> = {
  400: 'Ungültige Anfrage: kein gültiges JSON, ein unbekanntes Feld, ein ungültiger Wert oder Filter; `problems` nennt jedes Feld',
  401: 'Nicht angemeldet: kein oder ein ungültiges Anmeldetoken, oder das Benutzerkonto ist gesperrt',
  403: 'Keine Berechtigung: die Rolle oder Organisation darf das nicht',
  404: 'Nicht gefunden, oder für diese Person nicht sichtbar',
  409: 'Konflikt: inzwischen von jemand anderem geändert, oder im jetzigen Zustand nicht möglich',
  413: `Anfrage zu groß (mehr als ${MAX_BODY_BYTES / 1024 / 1024} MB)`,
  422: 'Nicht möglich: eine Regel des Ablaufs ist nicht erfüllt; `problems` nennt, was fehlt',
};

const PARAMETERS: Record<string, string> = {
  id: 'Kennung',
  personId: 'Buchstabe der Person in der Geschichte (A–Z)',
  n: 'Nummer der Fassung',
  at: 'Zeitpunkt des Hinweises, wie er in der Liste steht',
  date: 'Stichtag (JJJJ-MM-TT)',
  username: 'Benutzername',
  token: 'Schlüssel des Links aus der E-Mail (Kennung des Kontakts, Punkt, Geheimnis)',
};

const ALL_ROLES = actor.Role.options;

/** `GET /stories/{id}/versions` → `getStoriesByIdVersions`. */
export const operationId = (r: Pick<Route, 'method' | 'path'>) =>
  r.method.toLowerCase() +
  r.path
    .split('/')
    .filter(Boolean)
    .map((part) => {
      const param = /^\{(\w+)\}$/.exec(part)?.[1];
      const word = (param ? `by-${param}` : part).replace(/(^|[-.])(\w)/g, (_, _sep: string, c: string) => c.toUpperCase());
      return word.charAt(0).toUpperCase() + word.slice(1);
    })
    .join('');

export function openApiDocument(routes: readonly Route[]): OpenApiDocument {
  const names = namedSchemas();
  const { schemas, inputId } = components(names);
  const nameOf = (schema: z.ZodMiniType, where: string) => {
    const name = names.get(schema);
    if (!name) throw new Error(`${where}: the schema has no name; export it from a module of functions/domain that openapi.ts lists`);
    return name;
  };
  const answer = (schema: z.ZodMiniType, where: string) => ({ $ref: `${REF}${nameOf(schema, where)}` });
  const request = (schema: z.ZodMiniType, where: string) => ({ $ref: `${REF}${inputId(nameOf(schema, where))}` });

  const parameters = (route: Route) => {
    const key = routeKey(route);
    const fields = (schema: z.ZodMiniObject | undefined, part: string) => {
      if (!schema) return { properties: {} as Record<string, JsonSchema>, required: [] as string[] };
      const s = schemas[inputId(nameOf(schema, `${key} ${part}`))]!;
      return { properties: (s.properties ?? {}) as Record<string, JsonSchema>, required: (s.required ?? []) as string[] };
    };
    const path = fields(route.params, 'params');
    const query = fields(route.query, 'query');
    const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    return [
      ...inPath.map((name) => ({ name, in: 'path', required: true, description: PARAMETERS[name], schema: path.properties[name] ?? { type: 'string' } })),
      ...Object.entries(query.properties).map(([name, schema]) => ({ name, in: 'query', required: query.required.includes(name), schema })),
    ];
  };

  const responses = (route: Route) => {
    const key = routeKey(route);
    const out: Record<string, JsonSchema> = {};
    for (const [status, schema] of Object.entries(route.responses) as [`${200 | 201 | 204}`, z.ZodMiniType | null][]) {
      const description = SUCCESS[Number(status) as 200 | 201 | 204];
      if (!schema) {
        out[status] = { description };
        continue;
      }
      out[status] = {
        description: route.html ? `${description}; ${route.html} mit Accept: text/html` : description,
        content: { 'application/json': { schema: answer(schema, `${key} ${status}`) }, ...(route.html ? { 'text/html': { schema: { type: 'string' } } } : {}) },
      };
    }
    const refusals = new Set<number>(route.refusals);
    if (route.body || route.query) refusals.add(400);
    if (route.body || route.form) refusals.add(413);
    if (route.roles !== 'public') {
      refusals.add(401);
      if (!ALL_ROLES.every((r) => (route.roles as readonly string[]).includes(r))) refusals.add(403);
    }
    for (const status of [...refusals].sort()) {
      const schema = status === 409 && route.conflict ? route.conflict : commonApi.Problem;
      out[status] = {
        description: REFUSALS[status],
        content: {
          'application/problem+json': { schema: answer(schema, `${key} ${status}`) },
          // A public page refuses as a page too: a person followed a link or posted a form.
          ...(route.html && route.roles === 'public' ? { 'text/html': { schema: { type: 'string' } } } : {}),
          ...(status === 401 ? { 'application/json': { schema: answer(commonApi.GatewayRefusal, key) } } : {}),
        },
      };
    }
    return out;
  };

  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const key = routeKey(route);
    const params = parameters(route);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: operationId(route),
      summary: route.summary,
      tags: [route.fn],
      ...(route.roles === 'public' ? { security: [] } : { description: `Rollen: ${route.roles.map((r) => actor.roleLabel(r)).join(', ')}` }),
      ...(params.length ? { parameters: params } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: request(route.body, `${key} body`) } } } } : {}),
      ...(route.form
        ? { requestBody: { required: false, content: { 'application/x-www-form-urlencoded': { schema: request(route.form, `${key} form`) } } } }
        : {}),
      responses: responses(route),
    };
  }

  // Only what a route reaches: the modules export more schemas than the routes use.
  const reached = new Set<string>();
  const pending = [...refsIn(paths, new Set())];
  while (pending.length) {
    const id = pending.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    if (!schemas[id]) throw new Error(`the API document refers to a schema it does not hold: ${id}`);
    pending.push(...refsIn(schemas[id], new Set()));
  }
  // A form only requests use needs no suffix.
  const rename = (id: string) => (id.endsWith(INPUT) && !reached.has(id.slice(0, -INPUT.length)) ? id.slice(0, -INPUT.length) : id);
  const renamed = (value: unknown) => mapRefs(value, (ref) => `${REF}${rename(ref.slice(REF.length))}`);
  const used = Object.fromEntries(
    [...reached].map((id): [string, JsonSchema] => [rename(id), renamed(schemas[id]) as JsonSchema]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  for (const [id, s] of Object.entries(used)) {
    if (JSON.stringify(s).includes(UNREPRESENTABLE)) throw new Error(`${id} cannot be described in the API document (${JSON.stringify(s)})`);
  }

  const content = { paths: renamed(paths) as OpenApiDocument['paths'], components: { schemas: used } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Schnittstelle der Redaktion – Integrationsmanagement Landkreis Ludwigsburg',
      // Changes exactly when the contract does.
      version: createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12),
      description:
        'Alle Antworten und Fehlermeldungen sind deutsch; Fehler kommen als application/problem+json (RFC 9457) mit `problems` je Feld. ' +
        'Wer eine Geschichte, Pressemitteilung oder Meldung nicht vollständig sehen darf, bekommt, was die Website zeigt, oder 404.',
    },
    servers: [{ url: '.', description: 'Wo dieses Dokument abgerufen wurde: lokal http://localhost:4323, in AWS /api auf der Domain der Redaktion' }],
    security: [{ anmeldung: [] }],
    tags: (Object.keys(TAGS) as FunctionName[]).map((name) => ({ name, description: TAGS[name] })),
    paths: content.paths,
    components: {
      schemas: used,
      securitySchemes: {
        anmeldung: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'ID-Token der Anmeldung: in AWS von Cognito, lokal von der Entwicklungs-Anmeldung unter /dev-idp',
        },
      },
    },
  };
}
