// Connections encrypted at rest, their dispatch into connector requests, and secret redaction.
export { encodedForms, REDACTED, SecretRedactor } from './redactor.ts';
export { keyIdOf, loadSecretKey, loadSecretKeyRing, newSecretKey, parseSecretKey, previousSecretKeys, type SecretKey, type SecretKeyRing } from './secret-key.ts';
export { open, seal, sealedKeyId } from './sealed-box.ts';
export { MemoryConnectionStorage, SqliteConnectionStorage, type ConnectionStorage, type StoredConnection } from './connection-storage.ts';
export { ConnectionVault, type Connection, type ConnectionInput, type ConnectionSummary, type ConnectionVaultOptions } from './connection-vault.ts';
export { registryWithVault, withSettings, withVaultConnections } from './connection-dispatch.ts';
export { markRevealing, RevealedSecrets, revealedSecretsOf } from './revealed-secrets.ts';
export { connectionSpecsOf, openConnectionVault, type OpenVaultOptions } from './open-vault.ts';
