/**
 * Connections (credentials + settings) encrypted at rest. `get` decrypts for dispatch only; `list`
 * shows settings with every credential replaced by "***". Every credential value the vault sees is
 * handed to the SecretRedactor so logs, errors and run history can mask it.
 */
import { ConnectorError } from '../sdk/connector-error.ts';
import type { ConnectionSpec } from '../sdk/connection-spec.ts';
import { parseWith } from '../sdk/validate-input.ts';
import type { ConnectionStorage, StoredConnection } from './connection-storage.ts';
import { REDACTED, SecretRedactor } from './redactor.ts';
import { open, seal, sealedKeyId } from './sealed-box.ts';
import type { SecretKey } from './secret-key.ts';

export interface ConnectionInput {
  /** Managed API the connection is for, e.g. "office365". */
  api: string;
  settings: Record<string, unknown>;
  /** Extra setting names to treat as credentials, beyond what the connector declares. */
  secrets?: string[];
}

/** A decrypted connection, for dispatch only. */
export interface Connection {
  name: string;
  api: string;
  settings: Record<string, unknown>;
}

/** A connection as lists show it: credentials masked. */
export interface ConnectionSummary {
  name: string;
  api: string;
  settings: Record<string, unknown>;
  secretKeys: string[];
  keyId: string;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectionVaultOptions {
  storage: ConnectionStorage;
  /** The key new ciphertexts are made with. */
  key: SecretKey;
  /** Keys older ciphertexts may still use (until `rotate`). */
  previousKeys?: SecretKey[];
  /** The connection spec of a managed API, to validate settings and learn which are credentials. */
  specFor?: (api: string) => ConnectionSpec | undefined;
  redactor?: SecretRedactor;
  now?: () => Date;
}

// Setting names that are credentials whatever the connector says (a webhook URL is a bearer secret).
const CREDENTIAL_NAME = /(password|passwd|secret|token|api[-_]?key|webhook[-_]?url|credential|private[-_]?key|client[-_]?secret)/i;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export class ConnectionVault {
  readonly redactor: SecretRedactor;
  #key: SecretKey;
  #keys: SecretKey[];
  readonly #o: ConnectionVaultOptions;

  constructor(options: ConnectionVaultOptions) {
    this.#o = options;
    this.#key = options.key;
    this.#keys = [options.key, ...(options.previousKeys ?? [])];
    this.redactor = options.redactor ?? new SecretRedactor();
  }

  /** Creates or replaces a connection; settings are validated against the connector's schema when known. */
  async put(name: string, input: ConnectionInput): Promise<ConnectionSummary> {
    if (!NAME.test(name)) throw new ConnectorError('InvalidInput', `/name: expected letters, digits, '_', '.' or '-' (1-128 characters), got '${name.slice(0, 40)}'`, { field: '/name' });
    if (!input || typeof input.api !== 'string' || input.api === '') throw new ConnectorError('InvalidInput', '/api: expected the managed API name, e.g. "office365"', { field: '/api' });
    if (!input.settings || typeof input.settings !== 'object' || Array.isArray(input.settings)) throw new ConnectorError('InvalidInput', '/settings: expected an object', { field: '/settings' });
    const api = input.api.toLowerCase();
    const spec = this.#o.specFor?.(api);
    if (spec) parseWith(spec.schema, input.settings, '/settings', 'InvalidConnection');
    const secretKeys = this.#secretKeys(input.settings, spec, input.secrets);
    const previous = await this.#o.storage.load(name);
    const now = (this.#o.now?.() ?? new Date()).toISOString();
    const record: StoredConnection = {
      name,
      api,
      secretKeys,
      sealed: seal(JSON.stringify(input.settings), this.#key, name),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    await this.#o.storage.save(name, record);
    this.#remember(input.settings, secretKeys);
    return summarize(record, input.settings);
  }

  /** The decrypted connection, for dispatching an operation; undefined when absent. */
  async get(name: string): Promise<Connection | undefined> {
    const record = await this.#o.storage.load(name);
    if (!record) return undefined;
    const settings = await this.#decrypt(record);
    this.#remember(settings, record.secretKeys);
    return { name: record.name, api: record.api, settings };
  }

  /** Every connection with its credentials masked. */
  async list(): Promise<ConnectionSummary[]> {
    const out: ConnectionSummary[] = [];
    for (const record of await this.#o.storage.list()) out.push(summarize(record, await this.#decrypt(record)));
    return out;
  }

  async delete(name: string): Promise<boolean> {
    const record = await this.#o.storage.load(name);
    // Its credentials stay known to the redactor: another connection may share them, and masking
    // a value no longer in use costs nothing.
    if (!record) return false;
    return this.#o.storage.remove(name);
  }

  /** Loads every credential into the redactor (at start-up, before the first log line). */
  async primeRedactor(): Promise<void> {
    for (const record of await this.#o.storage.list()) this.#remember(await this.#decrypt(record), record.secretKeys);
  }

  /**
   * Re-encrypts every connection with `newKey`; `oldKeys` are the keys existing ciphertexts may use.
   * Returns how many connections were re-encrypted. From then on the vault seals with `newKey`.
   */
  async rotate(oldKeys: readonly SecretKey[], newKey: SecretKey): Promise<number> {
    const readable = [newKey, ...oldKeys, ...this.#keys];
    const records = await this.#o.storage.list();
    // Decrypt everything first: a missing key must fail the rotation before anything is rewritten.
    const plain = records.map((r) => ({ r, text: open(r.sealed, readable, r.name) }));
    let count = 0;
    for (const { r, text } of plain) {
      if (sealedKeyId(r.sealed) === newKey.id) continue;
      await this.#o.storage.save(r.name, { ...r, sealed: seal(text, newKey, r.name) });
      count++;
    }
    this.#key = newKey;
    this.#keys = [newKey, ...oldKeys.filter((k) => k.id !== newKey.id)];
    return count;
  }

  async #decrypt(record: StoredConnection): Promise<Record<string, unknown>> {
    return JSON.parse(open(record.sealed, this.#keys, record.name)) as Record<string, unknown>;
  }

  #secretKeys(settings: Record<string, unknown>, spec: ConnectionSpec | undefined, extra: string[] | undefined): string[] {
    const keys = new Set<string>([...(spec?.secrets ?? []), ...(extra ?? [])]);
    for (const k of Object.keys(settings)) if (CREDENTIAL_NAME.test(k)) keys.add(k);
    return [...keys].filter((k) => k in settings).sort();
  }

  #remember(settings: Record<string, unknown>, secretKeys: string[]): void {
    for (const k of secretKeys) for (const v of stringsIn(settings[k])) this.redactor.add(v);
  }
}

function summarize(record: StoredConnection, settings: Record<string, unknown>): ConnectionSummary {
  const masked: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings)) masked[k] = record.secretKeys.includes(k) ? REDACTED : v;
  return { name: record.name, api: record.api, settings: masked, secretKeys: record.secretKeys, keyId: sealedKeyId(record.sealed), createdAt: record.createdAt, updatedAt: record.updatedAt };
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
