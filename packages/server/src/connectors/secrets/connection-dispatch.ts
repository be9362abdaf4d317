/**
 * Puts decrypted connection settings into a connector request at the moment of dispatch, so they
 * never travel through run parameters, the journal or history. Wraps any ConnectorResolver (or a
 * ConnectorRegistry) for the runtime.
 */
import { ConnectorRegistry, type ConnectionRef, type ConnectorOperation, type ConnectorRequest, type ConnectorResolver, type ConnectorWebhookOperation, type ResolvedOperation } from '@riposte/engine';
import type { ConnectionVault } from './connection-vault.ts';

/** Operation → the same operation running with vault settings (cached per vault). */
function operationWrapper(vault: ConnectionVault): (op: ConnectorOperation) => ConnectorOperation {
  const wrapped = new WeakMap<ConnectorOperation, ConnectorOperation>();
  return (op) => {
    let w = wrapped.get(op);
    if (!w) {
      const state = op.state;
      w = {
        ...op,
        execute: async (req) => op.execute(await withSettings(req, vault)),
        ...(state
          ? {
              state: {
                resource: (req) => state.resource(req),
                read: async (req) => state.read(await withSettings(req, vault)),
                restore: async (req, before) => state.restore(await withSettings(req, vault), before),
              },
            }
          : {}),
      };
      wrapped.set(op, w);
    }
    return w;
  };
}

/** Webhook operation → the same one subscribing with vault settings (an approval email needs its SMTP relay). */
function webhookWrapper(vault: ConnectionVault): (op: ConnectorWebhookOperation) => ConnectorWebhookOperation {
  const wrapped = new WeakMap<ConnectorWebhookOperation, ConnectorWebhookOperation>();
  return (op) => {
    let w = wrapped.get(op);
    if (!w) {
      w = { ...op, subscribe: async (req, callbackUrl) => op.subscribe(await withSettings(req, vault), callbackUrl) };
      wrapped.set(op, w);
    }
    return w;
  };
}

/** A resolver whose operations run with the vault's settings for the request's connection. */
export function withVaultConnections(resolver: ConnectorResolver, vault: ConnectionVault): ConnectorResolver {
  const wrap = operationWrapper(vault);
  const wrapWebhook = webhookWrapper(vault);
  return {
    resolve(api, method, path) {
      const found = resolver.resolve(api, method, path);
      return found ? { ...found, operation: wrap(found.operation) } : undefined;
    },
    ...(resolver.resolveWebhook
      ? {
          resolveWebhook(api: string, method: string, path: string) {
            const found = resolver.resolveWebhook!(api, method, path);
            return found ? { ...found, operation: wrapWebhook(found.operation) } : undefined;
          },
        }
      : {}),
  };
}

/**
 * A ConnectorRegistry holding the same connectors whose resolved operations take their settings from
 * the vault (for code typed against ConnectorRegistry, e.g. the playbook service).
 */
export function registryWithVault(registry: ConnectorRegistry, vault: ConnectionVault): ConnectorRegistry {
  const vaulted = new VaultedRegistry(operationWrapper(vault), webhookWrapper(vault));
  for (const connector of registry.list()) vaulted.register(connector);
  return vaulted;
}

class VaultedRegistry extends ConnectorRegistry {
  constructor(
    private readonly wrap: (op: ConnectorOperation) => ConnectorOperation,
    private readonly wrapWebhook: (op: ConnectorWebhookOperation) => ConnectorWebhookOperation,
  ) {
    super();
  }
  override resolve(api: string, method: string, path: string): ResolvedOperation<ConnectorOperation> | undefined {
    const found = super.resolve(api, method, path);
    return found ? { ...found, operation: this.wrap(found.operation) } : undefined;
  }
  override resolveWebhook(api: string, method: string, path: string): ResolvedOperation<ConnectorWebhookOperation> | undefined {
    const found = super.resolveWebhook(api, method, path);
    return found ? { ...found, operation: this.wrapWebhook(found.operation) } : undefined;
  }
}

/** The request with `connection.settings` from the vault: by connection name, the last segment of its connectionId, then the api name. */
export async function withSettings(req: ConnectorRequest, vault: ConnectionVault): Promise<ConnectorRequest> {
  const stored = await findConnection(req.connection, vault);
  if (!stored) return req;
  return { ...req, connection: { ...req.connection, settings: { ...(req.connection.settings ?? {}), ...stored.settings } } };
}

// Imported playbooks name their connections after a deployment ("office365-Block-AADUser"); a vault
// connection named after the managed API ("office365") serves every playbook that has no own one.
async function findConnection(ref: ConnectionRef, vault: ConnectionVault) {
  const last = ref.connectionId?.split('/').pop();
  for (const name of new Set([ref.name, last, ref.api])) {
    if (!name) continue;
    const found = await vault.get(name).catch((err: unknown) => {
      if ((err as { code?: string }).code === 'InvalidInput') return undefined;
      throw err;
    });
    if (found && found.api === ref.api.toLowerCase()) return found;
  }
  return undefined;
}
