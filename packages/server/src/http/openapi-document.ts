import { z } from 'zod';
import type { OperationRegistry, RouteSpec } from './route-spec.ts';

type Json = Record<string, any>;

/**
 * Converts one zod schema to an OpenAPI 3.1 (JSON Schema 2020-12) schema, moving named sub-schemas
 * (zod `.meta({ id })`) into components. Request and response variants of the same named schema can
 * differ (defaults), so request ones are filed under "<id>Input" unless already so named.
 */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const raw = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  const defs: Json = raw.$defs ?? {};
  delete raw.$defs;
  delete raw.$schema;
  const nameOf = (id: string) => (io === 'input' && !/(Input|Patch)$/.test(id) ? `${id}Input` : id);
  const relink = (value: Json) =>
    JSON.parse(JSON.stringify(value).replace(/"#\/\$defs\/([^"]+)"/g, (_, id: string) => JSON.stringify(`#/components/schemas/${nameOf(id)}`)));
  for (const [id, def] of Object.entries(defs)) components[nameOf(id)] ??= relink(def as Json);
  // A top-level named schema comes back as its own body plus an id; file it and refer to it.
  const meta = z.globalRegistry.get(schema) as { id?: string } | undefined;
  const body = relink(raw);
  if (meta?.id) {
    delete body.id;
    components[nameOf(meta.id)] ??= body;
    return { $ref: `#/components/schemas/${nameOf(meta.id)}` };
  }
  return body;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query', components: Json): Json[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input', components);
  const resolved = json.$ref ? components[json.$ref.split('/').pop()!] : json;
  const props: Json = resolved?.properties ?? {};
  const required = new Set<string>(resolved?.required ?? []);
  return Object.entries(props).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s }));
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string', description: 'JSON pointer to the input at fault' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

/** The OpenAPI 3.1 document of every operation registered through defineRoute. */
export function buildOpenApiDocument(registry: OperationRegistry, info: { title: string; version: string }): Json {
  const components: Json = { Error: errorSchema };
  const paths: Json = {};
  for (const spec of registry.operations as RouteSpec<any, any, any>[]) {
    const path = spec.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op: Json = {
      summary: spec.summary,
      operationId: `${spec.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      tags: spec.tags ?? [],
      'x-riposte-permission': spec.permission,
      parameters: [...parametersOf(spec.params, 'path', components), ...parametersOf(spec.query, 'query', components)],
      responses: {
        [String(spec.response?.status ?? 200)]: {
          description: spec.response?.description ?? 'Success',
          ...(spec.response?.schema
            ? { content: { [spec.response.contentType ?? 'application/json']: { schema: toSchema(spec.response.schema, 'output', components) } } }
            : {}),
        },
        '400': { description: 'Bad input; `field` names it', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ...(spec.permission === 'public'
          ? {}
          : {
              '401': { description: 'Missing or unknown API key', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
              '403': { description: `The key's role lacks ${spec.permission}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
            }),
      },
      ...(spec.permission === 'public' ? { security: [] } : {}),
    };
    for (const [status, description] of Object.entries(errorStatuses(spec))) {
      op.responses[status] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    const body = spec.bodyDoc ?? spec.body;
    if (body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(body, 'input', components) } } };
      op.responses['413'] = { description: 'Body too large', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    components: { schemas: components, securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A Riposte API key' } } },
  };
}

/** The 404/409/410 a route documents: 404 wherever a path parameter names something, unless it opts out. */
function errorStatuses(spec: RouteSpec<any, any, any>): Record<string, string> {
  const out: Record<string, string> = {};
  const notFound = spec.errors?.[404];
  if (notFound !== false && (notFound !== undefined || spec.url.includes(':'))) out['404'] = notFound ?? 'Nothing exists with the id in the path';
  if (spec.errors?.[409]) out['409'] = spec.errors[409];
  if (spec.errors?.[410]) out['410'] = spec.errors[410];
  return out;
}
