import type { ConnectorRequest } from '@riposte/engine';
import { ConnectorError, defineOperation, ok, type DescribedOperation } from '../sdk/index.ts';

/** A call into the server's own Graph API (`/graph/v1.0/…`), as an internal principal. */
export type GraphCall = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<{ statusCode: number; body: unknown }>;

async function graph(call: GraphCall | undefined, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
  if (!call) throw new ConnectorError('ConnectorFailure', 'Graph subscriptions are not available on this server');
  const res = await call(method, path, body);
  if (res.statusCode === 404 && typeof res.body === 'object' && res.body && /no route/i.test(JSON.stringify(res.body))) {
    throw new ConnectorError('ConnectorFailure', 'Graph subscriptions are not enabled on this server (graph module missing)');
  }
  if (res.statusCode >= 400) {
    const message = (res.body as { error?: { message?: string } } | undefined)?.error?.message ?? `Graph answered ${res.statusCode}`;
    throw new ConnectorError(res.statusCode === 404 ? 'NotFound' : res.statusCode === 409 ? 'Conflict' : res.statusCode < 500 ? 'InvalidInput' : 'UpstreamFailure', message, { statusCode: res.statusCode });
  }
  return res.body;
}

const ids = async (call: GraphCall | undefined): Promise<string[]> => ((await graph(call, 'GET', '/v1.0/subscriptions')) as { value: Array<{ id: string }> }).value.map((s) => s.id);

/**
 * Graph change-notification subscriptions, delegated to the server's own `/graph/v1.0/subscriptions`
 * (validation handshake, expiry caps and delivery are that module's). `call` is bound once the app
 * is ready.
 */
export function graphSubscriptionOperations(call: () => GraphCall | undefined): DescribedOperation[] {
  const create = defineOperation({
    id: 'microsoftgraphsecurity.createSubscription',
    summary: 'Create a change-notification subscription (the notificationUrl must answer the validation handshake)',
    method: 'post',
    path: '/v1.0/subscriptions',
    permission: 'subscriptions.write',
    effect: 'change',
    // Undo removes the subscriptions that did not exist before.
    state: {
      resource: () => ({ kind: 'graph-subscriptions', id: 'all' }),
      read: () => ids(call()),
      restore: async (_req: ConnectorRequest, before: unknown) => {
        const known = new Set(before as string[]);
        for (const id of await ids(call())) if (!known.has(id)) await graph(call(), 'DELETE', `/v1.0/subscriptions/${encodeURIComponent(id)}`);
      },
    },
    execute: async ({ req }) => ok(await graph(call(), 'POST', '/v1.0/subscriptions', req.body), 201),
  });
  const list = defineOperation({
    id: 'microsoftgraphsecurity.listSubscriptions',
    summary: 'Get active subscriptions',
    method: 'get',
    path: '/v1.0/subscriptions',
    permission: 'subscriptions.read',
    effect: 'read',
    execute: async () => ok(await graph(call(), 'GET', '/v1.0/subscriptions')),
  });
  const update = defineOperation({
    id: 'microsoftgraphsecurity.updateSubscription',
    summary: 'Update (renew) a subscription: expirationDateTime',
    method: 'patch',
    path: '/v1.0/subscriptions/{id}',
    permission: 'subscriptions.write',
    effect: 'change',
    state: {
      resource: (req) => ({ kind: 'graph-subscription', id: req.pathParams.id ?? '' }),
      read: async (req) => ({ expirationDateTime: ((await graph(call(), 'GET', `/v1.0/subscriptions/${encodeURIComponent(req.pathParams.id ?? '')}`)) as { expirationDateTime: string }).expirationDateTime }),
      restore: async (req, before) => void (await graph(call(), 'PATCH', `/v1.0/subscriptions/${encodeURIComponent(req.pathParams.id ?? '')}`, before)),
    },
    execute: async ({ req, pathParams }) => ok(await graph(call(), 'PATCH', `/v1.0/subscriptions/${encodeURIComponent(pathParams.id!)}`, req.body)),
  });
  const remove = defineOperation({
    id: 'microsoftgraphsecurity.deleteSubscription',
    summary: 'Delete a subscription',
    method: 'delete',
    path: '/v1.0/subscriptions/{id}',
    permission: 'subscriptions.write',
    effect: 'change',
    // Undo creates it again with the same settings (a new id; the notificationUrl is validated again).
    state: {
      resource: (req) => ({ kind: 'graph-subscription', id: req.pathParams.id ?? '' }),
      read: async (req) => graph(call(), 'GET', `/v1.0/subscriptions/${encodeURIComponent(req.pathParams.id ?? '')}`),
      restore: async (_req, before) => {
        const s = before as Record<string, unknown>;
        await graph(call(), 'POST', '/v1.0/subscriptions', {
          changeType: s.changeType,
          notificationUrl: s.notificationUrl,
          resource: s.resource,
          expirationDateTime: s.expirationDateTime,
          ...(s.clientState ? { clientState: s.clientState } : {}),
          ...(s.lifecycleNotificationUrl ? { lifecycleNotificationUrl: s.lifecycleNotificationUrl } : {}),
        });
      },
    },
    execute: async ({ pathParams }) => {
      await graph(call(), 'DELETE', `/v1.0/subscriptions/${encodeURIComponent(pathParams.id!)}`);
      return ok(undefined, 204);
    },
  });
  return [create, list, update, remove];
}
