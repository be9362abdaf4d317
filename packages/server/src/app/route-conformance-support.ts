import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { createApiKey } from '../auth/api-keys.ts';
import { roleNames } from '../auth/permissions.ts';
import { badRequestFromZod } from '../common/errors.ts';
import type { RouteSpec } from '../http/route-spec.ts';
import type { Role } from '../store/security-store.ts';
import { prepareServer } from './start-server.ts';

/** The server exactly as `riposte serve` wires it (every module), on a fresh data directory. */
export interface WiredApp {
  app: FastifyInstance;
  dataDir: string;
  as(role: Role): { authorization: string };
  close(): Promise<void>;
}

/** Builds the fully wired app the way serve does (prepareServer), with one API key per role. */
export async function buildWiredApp(): Promise<WiredApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'riposte-conformance-'));
  const { app, store } = await prepareServer({ dataDir });
  await app.ready();
  const keys = {} as Record<Role, string>;
  for (const role of roleNames) keys[role] = (await createApiKey(store, role, `conformance-${role}`, app.riposte.clock, 'test')).key;
  return {
    app,
    dataDir,
    as: (role) => ({ authorization: `Bearer ${keys[role]}` }),
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Row count of every table of every SQLite database in the data directory: what "nothing written" means. */
export function rowCounts(dataDir: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.db'))) {
    const db = new Database(join(dataDir, file), { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
      for (const { name } of tables) {
        counts[`${file}:${name}`] = (db.prepare(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as { n: number }).n;
      }
    } finally {
      db.close();
    }
  }
  return counts;
}

type Schema = z.ZodType;
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  in?: Schema;
  options?: Schema[];
  left?: Schema;
  element?: Schema;
  getter?: () => Schema;
}
const defOf = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object shape a body schema validates, looking through wrappers, pipes, unions and arrays. */
function shapeOf(schema: Schema, depth = 0): { shape: Record<string, Schema>; inArray: boolean } | undefined {
  if (depth > 8) return undefined;
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return { shape: def.shape ?? {}, inArray: false };
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType ? shapeOf(def.innerType, depth + 1) : undefined;
    case 'pipe':
      return def.in ? shapeOf(def.in, depth + 1) : undefined;
    case 'lazy':
      return def.getter ? shapeOf(def.getter(), depth + 1) : undefined;
    case 'intersection':
      return def.left ? shapeOf(def.left, depth + 1) : undefined;
    case 'union':
      for (const option of def.options ?? []) {
        const found = shapeOf(option, depth + 1);
        if (found && !found.inArray) return found;
      }
      return undefined;
    case 'array': {
      const found = def.element ? shapeOf(def.element, depth + 1) : undefined;
      return found ? { ...found, inArray: true } : undefined;
    }
    default:
      return undefined;
  }
}

const wrongValues: unknown[] = [12345, 'not-a-valid-value', true, [], {}, null];

/** An invalid body for a route, and the field (JSON pointer) its 400 must name. */
export interface BadBody {
  body: unknown;
  field: string;
}

/**
 * Derives a body the route's own zod schema rejects because one field has the wrong type, and the
 * pointer badRequestFromZod names for it. Prefers a failure inside the field that was made wrong.
 */
export function wrongTypeBody(spec: RouteSpec<any, any, any>): BadBody | undefined {
  const schema = spec.body as Schema | undefined;
  if (!schema) return undefined;
  const found = shapeOf(schema);
  if (!found) return undefined;
  let fallback: BadBody | undefined;
  // Required fields first: a wrong type there is what a careless client sends most.
  const keys = Object.keys(found.shape);
  const required = (key: string) => !found.shape[key]!.safeParse(undefined).success;
  for (const key of [...keys.filter(required), ...keys.filter((k) => !required(k))]) {
    for (const wrong of wrongValues) {
      const one = { [key]: wrong };
      const body = found.inArray ? [one] : one;
      const r = schema.safeParse(body);
      if (r.success) continue;
      const field = badRequestFromZod(r.error).field ?? '';
      if (field === '') continue;
      const pointer = found.inArray ? `/0/${key}` : `/${key}`;
      if (field === pointer || field.startsWith(`${pointer}/`)) return { body, field };
      fallback ??= { body, field };
    }
  }
  return fallback;
}

/** A params value each route's params schema accepts (ids in no store), so the body is what fails. */
export function fakeParams(spec: Pick<RouteSpec<any, any, any>, 'url' | 'params'>): Record<string, string> {
  const names = [...spec.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  const candidates = ['00000000-0000-4000-8000-000000000000', 'no-such-id', '999999', 'securityAssessment', 'no-such-id.json', 'x'];
  const params: Record<string, string> = {};
  for (const name of names) params[name] = candidates[0]!;
  if (!spec.params) return params;
  for (const name of names) {
    for (const candidate of candidates) {
      const trial = { ...params, [name]: candidate };
      const r = (spec.params as Schema).safeParse(trial);
      const bad = r.success ? [] : r.error.issues.filter((i) => i.path[0] === name);
      if (bad.length === 0) {
        params[name] = candidate;
        break;
      }
    }
  }
  return params;
}

/** The concrete URL of a route with its params filled in. */
export function fillUrl(url: string, params: Record<string, string>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? 'no-such-id')).replace('/*', '/no-such-file');
}

/** Whether a response body leaks internals: a stack frame or a source path. */
export function leaksInternals(body: string): boolean {
  return /(\n|\\n)\s+at |\bat [\w.<>$]+ \([^)]*:\d+:\d+\)|\/work\/|node_modules|\.[cm]?[jt]s:\d+|file:\/\//.test(body);
}

/** A body with one key the route's strict schema does not know, when that is the first thing it rejects. */
export function unknownKeyBody(spec: RouteSpec<any, any, any>): BadBody | undefined {
  const schema = spec.body as Schema | undefined;
  const found = schema ? shapeOf(schema) : undefined;
  if (!schema || !found) return undefined;
  const one = { conformanceUnknownKey: 'x' };
  const body = found.inArray ? [one] : one;
  const r = schema.safeParse(body);
  if (r.success || r.error.issues[0]?.code !== 'unrecognized_keys') return undefined;
  return { body, field: badRequestFromZod(r.error).field ?? '' };
}
