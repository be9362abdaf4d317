import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Principal } from '../auth/api-keys.ts';
import type { Permission } from '../auth/permissions.ts';
import { badRequestFromZod, UnauthorizedError } from '../common/errors.ts';

/** A route's access rule: a permission the caller's role must grant, or explicitly public. */
export type RouteAccess = Permission | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route; checked by the auth hook, enforced at registration. */
    permission?: RouteAccess;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal | undefined;
  /** The audit "who" of the caller ("anonymous" on public routes). */
  actor: string;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** One API operation: its access rule, zod schemas (validation + OpenAPI), and handler. */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: HttpMethod;
  /** Fastify path syntax: "/api/incidents/:id". */
  url: string;
  permission: RouteAccess;
  summary: string;
  tags?: string[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** What to document as the body when `body` validates loosely and the handler checks the rest. */
  bodyDoc?: z.ZodType;
  /** Success status and the schema of what the handler returns. */
  response?: { status?: number; schema?: z.ZodType; description?: string; contentType?: string };
  /**
   * Error statuses the route answers beyond 400/401/403/413, for /openapi.json: a route with path
   * parameters is documented with 404 unless it sets `404: false` (it creates what it does not find);
   * state conflicts (409), gone links (410) are named here with when they happen.
   */
  errors?: { 404?: string | false; 409?: string; 410?: string };
  /** Largest accepted body in bytes (default: the app's limit). */
  bodyLimit?: number;
  handler(input: RouteInput<P, Q, B>): Promise<unknown> | unknown;
}

/** Every operation registered through defineRoute, for the OpenAPI document. */
export class OperationRegistry {
  readonly operations: RouteSpec<any, any, any>[] = [];
  add(spec: RouteSpec<any, any, any>): void {
    this.operations.push(spec);
  }
}

function parseOrThrow<T>(schema: z.ZodType<T> | undefined, value: unknown, prefix: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value);
  if (!r.success) throw badRequestFromZod(r.error, prefix);
  return r.data;
}

/**
 * Registers an API operation: validates params (pointer "/params/…"), query ("/query/…") and body
 * (pointer into the body document) with its zod schemas before the handler runs, requires its
 * permission, and lists it in /openapi.json. This is the way to add a route to Riposte.
 */
export function defineRoute<P, Q, B>(app: FastifyInstance, registry: OperationRegistry, spec: RouteSpec<P, Q, B>): void {
  registry.add(spec);
  app.route({
    method: spec.method,
    url: spec.url,
    config: { permission: spec.permission },
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    handler: async (request, reply) => {
      if (spec.permission !== 'public' && !request.principal) throw new UnauthorizedError();
      const params = parseOrThrow(spec.params, request.params, '/params');
      const query = parseOrThrow(spec.query, request.query, '/query');
      const body = parseOrThrow(spec.body, request.body, '');
      // The declared success status, unless the handler chooses another (e.g. 200 for a replace, 201 for a create).
      reply.code(spec.response?.status ?? 200);
      const result = await spec.handler({
        params,
        query,
        body,
        principal: request.principal,
        actor: request.principal?.actor ?? 'anonymous',
        request,
        reply,
      });
      if (reply.sent) return reply;
      if (spec.response?.contentType) reply.type(spec.response.contentType);
      return result === undefined ? reply.send() : reply.send(result);
    },
  });
}
