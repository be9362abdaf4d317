import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RiposteServices } from '../../app/build-app.ts';
import type { Principal } from '../../auth/api-keys.ts';
import { roleAllows } from '../../auth/permissions.ts';
import { normalizeTimestamp } from '../../common/timestamp.ts';
import { requestOrigin } from '../entity-set.ts';
import { graphVersion } from '../entity-set.ts';
import { GraphError, resourceNotFound } from '../graph-error.ts';
import type { GraphRouter } from '../graph-router.ts';
import type { GraphNotifications } from './graph-notifications.ts';
import { parseSubscribedResource, subscribable } from './subscribed-resource.ts';
import type { Subscription } from './subscription.ts';
import { changeTypes } from './subscription.ts';
import { validateNotificationUrl } from './validation-handshake.ts';

const idParams = z.object({ id: z.string().min(1).max(200) });
const timestamp = z.string().refine((v) => normalizeTimestamp(v) !== undefined, { message: 'expected an ISO 8601 date-time such as 2026-01-31T12:00:00Z' });

const createSchema = z.strictObject({
  '@odata.type': z.string().optional(),
  changeType: z.string().min(1).max(100),
  notificationUrl: z.string().min(1).max(2048),
  lifecycleNotificationUrl: z.string().min(1).max(2048).nullish(),
  resource: z.string().min(1).max(2048),
  expirationDateTime: timestamp,
  clientState: z.string().max(128).nullish(),
  includeResourceData: z.boolean().nullish(),
  latestSupportedTlsVersion: z.string().max(20).nullish(),
  notificationContentType: z.string().max(100).nullish(),
  encryptionCertificate: z.string().nullish(),
  encryptionCertificateId: z.string().nullish(),
  notificationUrlAppId: z.string().nullish(),
});

const patchSchema = z.strictObject({ '@odata.type': z.string().optional(), expirationDateTime: timestamp });

const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (loopbackHosts.has(host) || host.endsWith('.localhost')) return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Graph subscription routes: POST/GET/PATCH/DELETE /subscriptions. */
export function registerSubscriptionRoutes(router: GraphRouter, services: RiposteServices, notifications: GraphNotifications): void {
  const checkUrl = (text: string, field: string): string => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new GraphError(400, 'InvalidRequest', `${field}: '${text.slice(0, 200)}' is not an absolute URL.`);
    }
    if (url.protocol === 'https:') return url.toString();
    if (url.protocol === 'http:' && (notifications.plainHttp === 'anywhere' || isLoopback(url.hostname))) return url.toString();
    throw new GraphError(400, 'InvalidRequest', `${field} must use https${url.protocol === 'http:' ? ' (plain http is accepted for loopback hosts only)' : ''}.`);
  };
  const checkExpiration = (text: string): string => {
    const value = normalizeTimestamp(text)!;
    const now = notifications.clock().getTime();
    const at = Date.parse(value);
    if (at <= now) throw new GraphError(400, 'InvalidRequest', 'expirationDateTime must be in the future.');
    if (at > now + notifications.maxExpirationMinutes * 60_000) {
      throw new GraphError(400, 'InvalidRequest', `Subscription expiration can only be ${notifications.maxExpirationMinutes} minutes in the future.`);
    }
    return value;
  };
  const view = (request: FastifyRequest, s: Subscription) => ({
    '@odata.context': `${requestOrigin(request)}/graph/${graphVersion(request)}/$metadata#subscriptions/$entity`,
    ...s,
  });
  // clientState is the subscriber's shared secret: only its creator (and admins) read it back.
  const visible = (s: Subscription, principal: Principal | undefined): Subscription =>
    principal && (principal.role === 'admin' || principal.actor === s.creatorId) ? s : { ...s, clientState: s.clientState === null ? null : '********' };
  const requireSubscription = (id: string): Subscription => {
    const s = notifications.store.get(id);
    if (!s) throw resourceNotFound('subscription', id);
    return s;
  };

  router.route({
    method: 'POST',
    url: '/subscriptions',
    permission: 'subscriptions.write',
    summary: 'Graph: subscribe to change notifications (validates the notificationUrl first)',
    body: createSchema,
    response: { status: 201 },
    handler: async ({ body, principal, actor, request }) => {
      const types = body.changeType.split(',').map((c) => c.trim());
      for (const t of types) {
        if (!(changeTypes as readonly string[]).includes(t)) throw new GraphError(400, 'InvalidRequest', `changeType '${t}' is not one of ${changeTypes.join(', ')}.`);
      }
      const resource = parseSubscribedResource(body.resource);
      const needed = subscribable[resource.kind].permission;
      if (principal && !roleAllows(principal.role, needed)) {
        throw new GraphError(403, 'Forbidden', `Subscribing to ${resource.path} needs the permission '${needed}'.`);
      }
      if (body.includeResourceData) throw new GraphError(400, 'InvalidRequest', 'includeResourceData is not supported; notifications carry the resource id only.');
      const expirationDateTime = checkExpiration(body.expirationDateTime);
      const notificationUrl = checkUrl(body.notificationUrl, 'notificationUrl');
      const lifecycleNotificationUrl = body.lifecycleNotificationUrl ? checkUrl(body.lifecycleNotificationUrl, 'lifecycleNotificationUrl') : null;
      await validateNotificationUrl(notifications.http, notificationUrl, notifications.validationTimeoutMs, 'notificationUrl');
      if (lifecycleNotificationUrl && lifecycleNotificationUrl !== notificationUrl) {
        await validateNotificationUrl(notifications.http, lifecycleNotificationUrl, notifications.validationTimeoutMs, 'lifecycleNotificationUrl');
      }
      const subscription: Subscription = {
        id: services.newId(),
        resource: body.resource,
        changeType: types.join(','),
        notificationUrl,
        lifecycleNotificationUrl,
        clientState: body.clientState ?? null,
        expirationDateTime,
        includeResourceData: false,
        latestSupportedTlsVersion: body.latestSupportedTlsVersion ?? 'v1_2',
        notificationContentType: 'application/json',
        applicationId: null,
        creatorId: actor,
      };
      notifications.store.insert(subscription);
      notifications.feed.track(subscription);
      return view(request, subscription);
    },
  });

  router.route({
    method: 'GET',
    url: '/subscriptions',
    permission: 'subscriptions.read',
    summary: 'Graph: list subscriptions',
    handler: ({ request, principal }) => ({
      '@odata.context': `${requestOrigin(request)}/graph/${graphVersion(request)}/$metadata#subscriptions`,
      value: notifications.store.list().map((s) => visible(s, principal)),
    }),
  });

  router.route({
    method: 'GET',
    url: '/subscriptions/:id',
    permission: 'subscriptions.read',
    summary: 'Graph: get a subscription',
    params: idParams,
    handler: ({ params, request, principal }) => view(request, visible(requireSubscription(params.id), principal)),
  });

  router.route({
    method: 'PATCH',
    url: '/subscriptions/:id',
    permission: 'subscriptions.write',
    summary: 'Graph: renew a subscription (new expirationDateTime)',
    params: idParams,
    body: patchSchema,
    handler: ({ params, body, request, principal }) => {
      const current = requireSubscription(params.id);
      const renewed = { ...current, expirationDateTime: checkExpiration(body.expirationDateTime) };
      notifications.store.update(renewed);
      notifications.feed.track(renewed);
      return view(request, visible(renewed, principal));
    },
  });

  router.route({
    method: 'DELETE',
    url: '/subscriptions/:id',
    permission: 'subscriptions.write',
    summary: 'Graph: delete a subscription',
    params: idParams,
    response: { status: 204 },
    handler: ({ params }) => {
      if (!notifications.store.delete(params.id)) throw resourceNotFound('subscription', params.id);
      notifications.feed.forget(params.id);
      return undefined;
    },
  });

}
