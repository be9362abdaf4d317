/**
 * What of a connector request the ledger may keep: connection credentials never (only the
 * connection's name and api), and in the body every known secret value and every field whose
 * name says it is a secret masked.
 */
import type { ConnectorRequest } from '@riposte/engine';
import { REDACTED, SecretRedactor } from '../connectors/secrets/redactor.ts';
import type { LedgerRequest } from './ledger-entry.ts';

/** What stands for secured inputs (the engine's run history marker). */
const REDACTED_INPUT = Object.freeze({ $redacted: true });

const SECRET_FIELD = /pass(word|wd)?|secret|token|credential|api[-_]?key|private[-_]?key|unicodePwd/i;

function maskSecretFields(value: unknown, depth = 0): unknown {
  if (depth > 32) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => maskSecretFields(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELD.test(k) && v !== null && v !== undefined && typeof v !== 'boolean' ? REDACTED : maskSecretFields(v, depth + 1);
    return out;
  }
  return value;
}

/**
 * The request as the ledger shows it. With `secureInputs` (the action's inputs are secureData)
 * queries and body are the redaction marker, as in the run journal; the ledger keeps them only
 * sealed, beside it (`LedgerEntry.sealedRequest`, for recovery).
 */
export function ledgerRequestOf(req: ConnectorRequest, secureInputs = false): LedgerRequest {
  const redactor = new SecretRedactor().addAll(Object.values(req.connection.settings ?? {}));
  const clean = <T>(v: T): T => redactor.redactJson(maskSecretFields(v)) as T;
  return {
    connection: { name: req.connection.name, api: req.connection.api, ...(req.connection.connectionId ? { connectionId: req.connection.connectionId } : {}) },
    method: req.method,
    path: req.path,
    pathParams: { ...req.pathParams },
    queries: secureInputs ? { ...REDACTED_INPUT } : clean(req.queries ?? {}),
    body: secureInputs ? { ...REDACTED_INPUT } : clean(req.body ?? null),
  };
}
