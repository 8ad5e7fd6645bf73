import { readFileSync } from 'node:fs';
import { ConsentInput } from '@newsroom/domain/consent.ts';
import { type JsonSchema, type OpenApiDocument, openApiDocument, operationId } from '@newsroom/http/openapi.ts';
import { DOCUMENT_PATH, documentText, EMBEDDED_PATH, embeddedModule } from '@newsroom/http/openapi-cli.ts';
import type { Route } from '@newsroom/http/route.ts';
import { ROUTES, routeKey } from '@newsroom/http/routes.ts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const doc = openApiDocument(ROUTES);
const operation = (r: Pick<Route, 'method' | 'path'>) =>
  doc.paths[r.path]?.[r.method.toLowerCase()] as
    | {
        operationId: string;
        summary: string;
        parameters?: { name: string; in: string; required: boolean; schema: JsonSchema }[];
        requestBody?: JsonSchema;
        responses: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
      }
    | undefined;

/** Every `$ref` in a JSON value, with where it stands. */
function refs(value: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refs(v, `${at}/${i}`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : refs(v, `${at}/${k}`)));
}

function allOfs(value: unknown, at = '#'): { at: string; members: JsonSchema[] }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => allOfs(v, `${at}/${i}`));
  if (!value || typeof value !== 'object') return [];
  const own = Array.isArray((value as JsonSchema).allOf) ? [{ at, members: (value as JsonSchema).allOf as JsonSchema[] }] : [];
  return [...own, ...Object.entries(value).flatMap(([k, v]) => allOfs(v, `${at}/${k}`))];
}

/** Resolves a local JSON pointer (`#/components/schemas/Story`) in the document. */
const resolve = (d: unknown, ref: string): unknown =>
  ref.startsWith('#/')
    ? ref
        .slice(2)
        .split('/')
        .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
        .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), d)
    : undefined;

/**
 * The structure OpenAPI 3.1 requires of what this document uses (no validator package is
 * installed): every problem as a readable line, so a failure says where.
 */
function structuralProblems(d: OpenApiDocument): string[] {
  const problems: string[] = [];
  if (d.openapi !== '3.1.0') problems.push(`openapi is ${d.openapi}`);
  if (!d.info?.title || !d.info?.version) problems.push('info needs title and version');
  const ids = new Set<string>();
  for (const [path, item] of Object.entries(d.paths)) {
    if (!path.startsWith('/')) problems.push(`path ${path} does not start with /`);
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    for (const [method, op] of Object.entries(item) as [string, Record<string, any>][]) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(method)) problems.push(`${where}: unknown method`);
      if (ids.has(op.operationId)) problems.push(`${where}: operationId ${op.operationId} twice`);
      ids.add(op.operationId);
      if (!op.responses || Object.keys(op.responses).length === 0) problems.push(`${where}: no responses`);
      for (const [status, response] of Object.entries(op.responses ?? {}) as [string, Record<string, any>][]) {
        if (!/^[1-5]\d\d$/.test(status)) problems.push(`${where}: response key ${status}`);
        if (typeof response.description !== 'string') problems.push(`${where} ${status}: response without description`);
        for (const [type, media] of Object.entries(response.content ?? {}) as [string, Record<string, unknown>][]) {
          if (!media.schema) problems.push(`${where} ${status} ${type}: no schema`);
        }
      }
      const params = (op.parameters ?? []) as { name?: string; in?: string; required?: boolean; schema?: unknown }[];
      for (const p of params) {
        if (!p.name || !['path', 'query', 'header', 'cookie'].includes(p.in ?? '') || !p.schema) problems.push(`${where}: parameter ${JSON.stringify(p)}`);
        if (p.in === 'path' && (p.required !== true || !templated.includes(p.name!)))
          problems.push(`${where}: path parameter ${p.name} not required or not in the path`);
      }
      for (const name of templated) if (!params.some((p) => p.in === 'path' && p.name === name)) problems.push(`${where}: {${name}} has no parameter`);
      if (op.requestBody && !op.requestBody.content) problems.push(`${where}: requestBody without content`);
      for (const s of op.security ?? [])
        for (const scheme of Object.keys(s)) if (!d.components.securitySchemes[scheme]) problems.push(`${where}: unknown security scheme ${scheme}`);
    }
  }
  for (const { ref, at } of refs(d)) if (resolve(d, ref) === undefined) problems.push(`${at}: $ref ${ref} does not resolve`);
  for (const [name, schema] of Object.entries(d.components.schemas)) {
    if (!/^[a-zA-Z0-9._-]+$/.test(name)) problems.push(`component name ${name}`);
    // A relative $id would change what every $ref inside it resolves against.
    if ('$id' in schema || '$schema' in schema) problems.push(`${name}: carries $id or $schema`);
    if (JSON.stringify(schema).includes('x-unrepresentable')) problems.push(`${name}: a part zod could not describe`);
  }
  // additionalProperties sees only the properties beside it: two closed members of one allOf admit no object at all.
  for (const { at, members } of allOfs(d)) {
    const closed = members.map((m) => (m.$ref ? resolve(d, m.$ref as string) : m) as JsonSchema | undefined).filter((m) => m?.additionalProperties === false);
    if (closed.length > 1) problems.push(`${at}: allOf of ${closed.length} closed objects`);
  }
  return problems;
}

describe('the API document', () => {
  it('documents a request and the answers of every route of the table', () => {
    const missing: string[] = [];
    for (const route of ROUTES) {
      const key = routeKey(route);
      const op = operation(route);
      if (!op) {
        missing.push(`${key}: not in the document`);
        continue;
      }
      if (!route.summary.trim() || op.summary !== route.summary) missing.push(`${key}: no summary`);
      const success = Object.keys(route.responses);
      if (success.length === 0) missing.push(`${key}: no answer when it works`);
      for (const status of success) if (!op.responses[status]) missing.push(`${key}: answer ${status} not documented`);
      // Every answer that carries content names its schema, and every refusal its problem.
      for (const [status, response] of Object.entries(op.responses)) {
        if (status !== '204' && !Object.values(response.content ?? {}).some((m) => m.schema)) missing.push(`${key}: ${status} without a schema`);
      }
      if ((route.method === 'POST' || route.method === 'PUT') && !((route.body || route.form) && op.requestBody))
        missing.push(`${key}: no request body documented`);
      if (route.body && !route.refusals.length && !op.responses['400']) missing.push(`${key}: an invalid body is not documented as 400`);
      for (const name of [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === name)) missing.push(`${key}: {${name}} not documented`);
      }
      for (const name of Object.keys(route.query?.shape ?? {})) {
        if (!op.parameters?.some((p) => p.in === 'query' && p.name === name)) missing.push(`${key}: query ${name} not documented`);
      }
      if (route.roles !== 'public' && !op.responses['401']) missing.push(`${key}: 401 not documented`);
      for (const status of route.refusals) if (!op.responses[status]) missing.push(`${key}: ${status} not documented`);
      if (route.conflict && !route.refusals.includes(409)) missing.push(`${key}: a conflict body without 409`);
    }
    expect(missing).toEqual([]);
  });

  it('is valid OpenAPI 3.1: required fields, parameters of every path template, and every $ref resolves', () => {
    expect(structuralProblems(doc)).toEqual([]);
  });

  it('finds what it checks for (a broken document is reported)', () => {
    const broken = structuredClone(doc);
    const list = broken.paths['/stories']!.get!;
    (list.responses as Record<string, unknown>)['200'] = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Fehlt' } } } };
    delete broken.paths['/stories/{id}']!.get!.parameters;
    broken.components.schemas.Zusammen = { allOf: [{ $ref: '#/components/schemas/Story' }, { type: 'object', properties: {}, additionalProperties: false }] };
    expect(structuralProblems(broken)).toEqual([
      'GET /stories 200: response without description',
      'GET /stories/{id}: {id} has no parameter',
      '#/paths//stories/get/responses/200/content/application/json/schema: $ref #/components/schemas/Fehlt does not resolve',
      '#/components/schemas/Zusammen: allOf of 2 closed objects',
    ]);
  });

  it('refuses a route whose schema it cannot name, instead of leaving it out', () => {
    const route: Route = {
      method: 'GET',
      path: '/neu',
      fn: 'meta',
      roles: 'public',
      summary: 'Neu',
      responses: { 200: z.object({ a: z.string() }) },
      refusals: [],
    };
    expect(() => openApiDocument([route])).toThrow(/GET \/neu 200: the schema has no name/);
  });

  it('describes what a client sends apart from what it gets back where the two differ', () => {
    // A consent's form version has a default: a client may leave it out, an answer always has it.
    expect(doc.components.schemas.ConsentFields!.required).not.toContain('formVersion');
    expect(doc.components.schemas.ConsentRecord!.required).toContain('formVersion');
    const both: Route = {
      method: 'POST',
      path: '/beides',
      fn: 'meta',
      roles: 'public',
      summary: 'Beides',
      body: ConsentInput,
      responses: { 200: ConsentInput },
      refusals: [],
    };
    const schemas = openApiDocument([both]).components.schemas;
    expect(schemas['ConsentFields.input']!.required).not.toContain('formVersion');
    expect(schemas.ConsentFields!.required).toContain('formVersion');
    // Where both forms are the same, there is one component.
    expect(Object.keys(schemas).filter((name) => name.startsWith('Naming'))).toEqual(['Naming']);
    // zod drops unknown fields and the handler refuses them: neither side has any.
    expect(doc.components.schemas.UpdateStoryBody!.additionalProperties).toBe(false);
    expect(doc.components.schemas.StoryView!.additionalProperties).toBe(false);
  });

  it('names operations after their route', () => {
    expect(operationId({ method: 'GET', path: '/stories/{id}/versions/{n}' })).toBe('getStoriesByIdVersionsByN');
    expect(operationId({ method: 'DELETE', path: '/notices/{at}/{id}' })).toBe('deleteNoticesByAtById');
    expect(operationId({ method: 'GET', path: '/openapi.json' })).toBe('getOpenapiJson');
  });

  it('is written current to docs/openapi.json and the copy the meta function serves (npm run openapi)', () => {
    const text = documentText();
    expect(readFileSync(DOCUMENT_PATH, 'utf8') === text, 'docs/openapi.json is out of date: run npm run openapi').toBe(true);
    expect(readFileSync(EMBEDDED_PATH, 'utf8') === embeddedModule(text), 'functions/meta/openapi-document.ts is out of date: run npm run openapi').toBe(true);
  });
});
