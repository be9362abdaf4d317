import { defineConnector } from '../sdk/define-connector.ts';
import { keyVaultConnection } from './connection.ts';
import { getSecretOperation } from './get-secret.ts';

export { keyVaultConnection, type KeyVaultSettings } from './connection.ts';
export { getSecretOperation, KEYVAULT_READ_PERMISSION, readSecret, type SecretOutput } from './get-secret.ts';

/** `keyvault`: Azure Key Vault's "Get secret", answered from secrets kept in Riposte's connection vault. */
export const keyVaultConnector = defineConnector({
  api: 'keyvault',
  displayName: 'Azure Key Vault (secrets in the connection vault)',
  connection: keyVaultConnection,
  operations: [getSecretOperation],
});
