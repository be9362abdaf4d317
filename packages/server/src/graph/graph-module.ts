import type { RiposteModule } from '../app/build-app.ts';
import type { IndicatorStore } from '../connectors/indicators/index.ts';
import { openSqliteIndicatorStore } from '../connectors/indicators/index.ts';
import { registerGraphAlertRoutes } from './alert-routes.ts';
import { GraphError, sendGraphError } from './graph-error.ts';
import { GraphRouter } from './graph-router.ts';
import { registerGraphIncidentRoutes } from './incident-routes.ts';
import { incidentQueryFor } from './store/incident-query.ts';
import { siblingDatabasePath } from './store/sibling-database.ts';
import type { GraphSubscriptionOptions } from './subscriptions/graph-notifications.ts';
import { GraphNotifications } from './subscriptions/graph-notifications.ts';
import { registerSubscriptionRoutes } from './subscriptions/subscription-routes.ts';
import { registerTiIndicatorRoutes } from './ti-indicator-routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Graph subscriptions, change feed and deliverer (set when the Graph module is registered). */
    graphNotifications?: GraphNotifications;
  }
}

export interface GraphModuleOptions {
  /**
   * The origin clients reach Riposte at (e.g. "https://riposte.example" behind a TLS proxy), used in
   * `@odata.context` and `@odata.nextLink`; default: the request's own protocol and Host header.
   */
  publicOrigin?: string;
  subscriptions?: GraphSubscriptionOptions;
  /**
   * Where security/tiIndicators lives; pass the store the indicators connector and /api/indicators
   * use. Default: its own SQLite file, ti-indicators.db beside the security store (closed with the app).
   */
  indicators?: IndicatorStore;
}

/**
 * The Graph-compatible API under /graph/v1.0 and /graph/beta: security alerts (alert_v2 and
 * legacy), incidents, and change-notification subscriptions. Every error on these routes has
 * Graph's body and codes.
 */
export function graphModule(options: GraphModuleOptions = {}): RiposteModule {
  return async (app, services) => {
    const notifications = new GraphNotifications(services, options.subscriptions);
    app.decorate('graphNotifications', notifications);
    app.addHook('onReady', async () => notifications.start());
    app.addHook('onClose', async () => notifications.close());
    const indicators = options.indicators ?? openSqliteIndicatorStore({ path: siblingDatabasePath(services.store, 'ti-indicators.db') });
    if (!options.indicators) app.addHook('onClose', async () => indicators.close());
    await app.register(
      async (plugin) => {
        plugin.setErrorHandler((err, request, reply) => sendGraphError(err, request, reply));
        const publicOrigin = options.publicOrigin?.replace(/\/+$/, '');
        if (publicOrigin) {
          plugin.addHook('onRequest', async (request) => {
            request.graphPublicOrigin = publicOrigin;
          });
        }
        plugin.setNotFoundHandler((request, reply) => {
          const path = (request.url.split('?')[0] ?? '').slice(0, 200);
          sendGraphError(new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${path}' (${request.method}).`), request, reply);
        });
        const router = new GraphRouter(plugin, services);
        registerGraphAlertRoutes(router, services);
        registerGraphIncidentRoutes(router, services, incidentQueryFor(services.store));
        registerSubscriptionRoutes(router, services, notifications);
        registerTiIndicatorRoutes(router, services, indicators);
      },
      { prefix: '/graph' },
    );
  };
}
