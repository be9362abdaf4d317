/**
 * Puts decrypted connection settings into a connector request at the moment of dispatch, so they
 * never travel through run parameters, the journal or history. Wraps any ConnectorResolver (the
 * ConnectorRegistry) for the runtime.
 */
import type { ConnectionRef, ConnectorOperation, ConnectorRequest, ConnectorResolver } from '@riposte/engine';
import type { ConnectionVault } from './connection-vault.ts';

/** A resolver whose operations run with the vault's settings for the request's connection. */
export function withVaultConnections(resolver: ConnectorResolver, vault: ConnectionVault): ConnectorResolver {
  const wrapped = new WeakMap<ConnectorOperation, ConnectorOperation>();
  const wrap = (op: ConnectorOperation): ConnectorOperation => {
    let w = wrapped.get(op);
    if (!w) {
      w = {
        ...op,
        execute: async (req) => op.execute(await withSettings(req, vault)),
        ...(op.state
          ? {
              state: {
                resource: (req) => op.state!.resource(req),
                read: async (req) => op.state!.read(await withSettings(req, vault)),
                restore: async (req, before) => op.state!.restore(await withSettings(req, vault), before),
              },
            }
          : {}),
      };
      wrapped.set(op, w);
    }
    return w;
  };
  return {
    resolve(api, method, path) {
      const found = resolver.resolve(api, method, path);
      return found ? { ...found, operation: wrap(found.operation) } : undefined;
    },
    ...(resolver.resolveWebhook ? { resolveWebhook: resolver.resolveWebhook.bind(resolver) } : {}),
  };
}

/** The request with `connection.settings` taken from the vault (by connection name, then by the last segment of its connectionId). */
export async function withSettings(req: ConnectorRequest, vault: ConnectionVault): Promise<ConnectorRequest> {
  const stored = await findConnection(req.connection, vault);
  if (!stored) return req;
  return { ...req, connection: { ...req.connection, settings: { ...(req.connection.settings ?? {}), ...stored.settings } } };
}

async function findConnection(ref: ConnectionRef, vault: ConnectionVault) {
  const byName = await vault.get(ref.name);
  if (byName) return byName;
  const last = ref.connectionId?.split('/').pop();
  return last && last !== ref.name ? vault.get(last) : undefined;
}
