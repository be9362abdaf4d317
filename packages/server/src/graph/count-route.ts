import { z } from 'zod';
import type { Permission } from '../auth/permissions.ts';
import { odataQuerySchema } from './entity-set.ts';
import type { GraphRouter, GraphVersion } from './graph-router.ts';

/** One Graph collection's `$count` segment: where it is, who may read it, and how to count. */
export interface CountRouteSpec {
  /** The collection's URL relative to the version ("/security/alerts_v2"). */
  collection: string;
  /** The permission listing the collection needs. */
  permission: Permission;
  versions?: readonly GraphVersion[];
  /** The collection's name for the OpenAPI summary ("alerts (alert_v2)"). */
  what: string;
  /**
   * How many items the request's `$filter` selects: one SQL COUNT over the WHERE the collection's
   * list compiles (an unparseable `$filter` throws its 400 here).
   */
  count(query: Record<string, string | undefined>): Promise<number>;
}

/**
 * OData's `$count` path segment, `GET <collection>/$count`: the number of items `$filter` selects,
 * as text/plain (`42`), as Graph answers it. `$top`, `$skip` and `$orderby` do not change the count
 * (OData 4.01, 11.2.10); they are still checked, so a malformed one is the same 400 as on the list.
 * The router matches the static `$count` segment before `/:id`, so no id is ever `$count`; the
 * percent-encoded `%24count` is read as `$count` before routing (`http/routing-url.ts`).
 */
export function registerCountRoute(router: GraphRouter, spec: CountRouteSpec): void {
  router.route({
    method: 'GET',
    url: `${spec.collection}/$count`,
    ...(spec.versions ? { versions: spec.versions } : {}),
    permission: spec.permission,
    summary: `Graph: count ${spec.what} ($filter applies); text/plain`,
    query: odataQuerySchema,
    response: { contentType: 'text/plain; charset=utf-8', schema: z.string().describe('the number of items, e.g. 42') },
    handler: async ({ query }) => String(await spec.count(query)),
  });
}
