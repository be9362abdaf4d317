import type { FastifyInstance } from 'fastify';
import type { RiposteServices } from '../app/build-app.ts';
import type { RouteSpec } from '../http/route-spec.ts';
import { defineRoute, OperationRegistry } from '../http/route-spec.ts';

/** The Graph versions every resource is served under, as path segments after /graph. */
export const graphVersions = ['v1.0', 'beta'] as const;
export type GraphVersion = (typeof graphVersions)[number];

/** A Graph operation: `url` is relative to the version ("/security/alerts_v2/:id"). */
export type GraphRouteSpec<P, Q, B> = RouteSpec<P, Q, B> & { versions?: readonly GraphVersion[] };

/**
 * Registers Graph operations inside the `/graph` plugin (whose error handler speaks Graph), once per
 * version, and lists them in the OpenAPI document under their full path.
 */
export class GraphRouter {
  private readonly registry: OperationRegistry;
  constructor(
    private readonly plugin: FastifyInstance,
    services: RiposteServices,
  ) {
    const operations = services.operations;
    // The plugin carries the /graph prefix; the OpenAPI document needs the full path.
    this.registry = Object.assign(new OperationRegistry(), {
      add: (spec: RouteSpec<any, any, any>) => operations.add({ ...spec, url: `/graph${spec.url}` }),
    });
  }

  route<P, Q, B>(spec: GraphRouteSpec<P, Q, B>): void {
    for (const version of spec.versions ?? graphVersions) {
      defineRoute(this.plugin, this.registry, { ...spec, url: `/${version}${spec.url}`, tags: spec.tags ?? ['graph'] });
    }
  }
}
