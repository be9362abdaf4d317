/**
 * "Get secret" (GET /secrets/{secretName}/value) as the Logic Apps Key Vault connector answers it:
 * `{ value, name, version, contentType, isEnabled, createdTime, lastUpdatedTime }`, read from the
 * connection's `secrets`. Playbooks pass `value` on (AS-Disable-Microsoft-Entra-ID-User-From-Entity
 * sends it as an OAuth client_secret), so the run gets it in clear; `secretOutputs` tells the wiring
 * to mask it in run history and logs.
 */
import { z } from 'zod';
import { ConnectorError } from '../sdk/connector-error.ts';
import { defineOperation, ok } from '../sdk/define-operation.ts';
import { keyVaultConnection, SECRET_NAME, type KeyVaultSettings } from './connection.ts';

export const KEYVAULT_READ_PERMISSION = 'connectors.keyvault.read';

const secretOutput = z.object({
  value: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  contentType: z.string().nullable(),
  isEnabled: z.boolean(),
  createdTime: z.string().nullable(),
  lastUpdatedTime: z.string().nullable(),
});

export type SecretOutput = z.output<typeof secretOutput>;

/** The secret `name` of a connection, in the connector's answer shape; NotFound names it. Key Vault names ignore case. */
export function readSecret(settings: KeyVaultSettings, name: string): SecretOutput {
  if (!SECRET_NAME.test(name)) throw new ConnectorError('InvalidInput', `secret name '${name.slice(0, 130)}': expected 1-127 letters, digits and dashes`, { field: '/path/secretName' });
  const key = Object.hasOwn(settings.secrets, name) ? name : Object.keys(settings.secrets).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) throw new ConnectorError('NotFound', `secret '${name}' is not in this key vault connection`, { field: '/path/secretName' });
  const meta = settings.metadata[key];
  // Key Vault refuses to read a disabled secret (403 Forbidden).
  if (meta && !meta.enabled) throw new ConnectorError('Unauthorized', `secret '${key}' is disabled`, { field: '/path/secretName', statusCode: 403 });
  return {
    value: settings.secrets[key]!,
    name: key,
    version: meta?.version ?? null,
    contentType: meta?.contentType ?? null,
    isEnabled: true,
    createdTime: meta?.createdTime ?? null,
    lastUpdatedTime: meta?.lastUpdatedTime ?? null,
  };
}

export const getSecretOperation = defineOperation({
  id: 'keyvault.getSecret',
  summary: 'Get secret',
  method: 'get',
  path: '/secrets/{secretName}/value',
  permission: KEYVAULT_READ_PERMISSION,
  effect: 'read',
  connection: keyVaultConnection,
  output: secretOutput,
  secretOutputs: (body) => {
    const value = (body as { value?: unknown } | undefined)?.value;
    return typeof value === 'string' ? [value] : [];
  },
  async execute({ settings, pathParams }) {
    return ok(readSecret(settings, pathParams.secretName ?? ''));
  },
});
