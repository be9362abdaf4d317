import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { verifyApiKey } from '../auth/api-keys.ts';
import { roleAllows } from '../auth/permissions.ts';
import { ForbiddenError, UnauthorizedError } from '../common/errors.ts';
import { installErrorHandling } from '../http/error-handler.ts';
import { answerClientError } from '../http/client-error.ts';
import { installJsonBodyParser } from '../http/json-body.ts';
import type { RouteAccess, RouteSpec } from '../http/route-spec.ts';
import { defineRoute, OperationRegistry } from '../http/route-spec.ts';
import { routingUrl } from '../http/routing-url.ts';
import type { SecurityContext } from './security-context.ts';
import { securityContext } from './security-context.ts';
import { registerCoreRoutes } from './core-routes.ts';

/** The services the app holds, reachable from any route or plugin as `app.riposte`. */
export interface RiposteServices extends SecurityContext {
  operations: OperationRegistry;
  /** Every route registered so far, with its access rule (for the route × role tests). */
  routes: { method: string; url: string; permission: RouteAccess }[];
  /** Registers an API operation (see defineRoute). Call before the app is ready. */
  route<P, Q, B>(spec: RouteSpec<P, Q, B>): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    riposte: RiposteServices;
  }
}

/** A module that adds routes or subscribers (Graph API, playbooks, rules, automations, …). */
export type RiposteModule = (app: FastifyInstance, services: RiposteServices) => void | Promise<void>;

export interface BuildAppOptions extends Partial<SecurityContext> {
  store: SecurityContext['store'];
  /** Largest request body in bytes (default 16 MiB: a batch of 1,000 alerts with evidence). */
  bodyLimit?: number;
  /** Fastify logger settings; off by default (tests), the CLI turns it on. */
  logger?: boolean | Record<string, unknown> | FastifyBaseLogger;
  /** Registered after the core routes, in order. */
  modules?: RiposteModule[];
  /** Version shown in the OpenAPI document. */
  version?: string;
}

/**
 * Builds the Riposte HTTP app (not yet listening). Every route must declare a permission
 * (`config.permission`, or `permission` in a RouteSpec); registering one without fails at startup.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const ctx = securityContext(options);
  const logger = options.logger ?? false;
  const isInstance = typeof logger === 'object' && typeof (logger as FastifyBaseLogger).info === 'function';
  const app = Fastify({
    // Fastify 5 takes a ready logger through `loggerInstance`, settings through `logger`.
    ...(isInstance ? { loggerInstance: logger as FastifyBaseLogger } : { logger: logger as boolean }),
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    // What the HTTP parser refuses (an over-long URL or headers, a timeout) gets the usual error body.
    clientErrorHandler: answerClientError,
    // Query strings such as ?$filter= carry "$": keep the keys as sent.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // `%24count` is Graph's `$count` segment as some clients send it: same route, not an `/:id`.
    rewriteUrl: (request) => routingUrl(request.url ?? '/'),
  });

  const operations = new OperationRegistry();
  const routes: RiposteServices['routes'] = [];
  const services: RiposteServices = {
    ...ctx,
    operations,
    routes,
    route: (spec) => defineRoute(app, operations, spec),
  };
  app.decorate('riposte', services);

  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!permission) throw new Error(`route ${methods.join(',')} ${route.url} declares no permission (config.permission)`);
    for (const method of methods) routes.push({ method, url: route.url, permission });
  });

  const authenticate = async (request: FastifyRequest, permission: Exclude<RouteAccess, 'public'>) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!m) throw new UnauthorizedError();
    const principal = await verifyApiKey(ctx.store, m[1]!);
    if (!principal) throw new UnauthorizedError('the API key is not valid or has been revoked');
    if (!roleAllows(principal.role, permission)) throw new ForbiddenError(permission);
    request.principal = principal;
  };
  // Callback style: a public route (signed trigger URLs, health) passes without a promise per request.
  app.addHook('onRequest', (request, _reply, done) => {
    const permission = request.routeOptions.config?.permission;
    if (!permission || permission === 'public') return done();
    authenticate(request, permission as Exclude<RouteAccess, 'public'>).then(() => done(), done);
  });

  const requests = ctx.metrics.counter('riposte_http_requests_total', 'HTTP requests by method, route and status.');
  const latency = ctx.metrics.histogram('riposte_http_request_duration_seconds', 'HTTP request latency by method and route.');
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe(reply.elapsedTime / 1000, { method: request.method, route });
    done();
  });

  installErrorHandling(app);
  installJsonBodyParser(app);
  registerCoreRoutes(app, services, options.version ?? '0.1.0');
  for (const module of options.modules ?? []) await module(app, services);
  return app;
}
