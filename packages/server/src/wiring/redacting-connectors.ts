/**
 * Connector answers pass through the installation's SecretRedactor before the engine journals them.
 * A connector masks its own connection's credentials; this also masks every other credential the
 * vault knows (an upstream may echo any of them) and the tokens inside credential URLs (a chat
 * webhook's error page that quotes just the token of its URL).
 */
import { ConnectorRegistry, type Connector, type ConnectorOperation, type ConnectorRequest } from '@riposte/engine';
import type { SecretRedactor } from '../connectors/secrets/index.ts';

// Same rule as the vault: these setting names hold credentials whatever the connector declares.
const CREDENTIAL_NAME = /(password|passwd|secret|token|api[-_]?key|webhook[-_]?url|credential|private[-_]?key|client[-_]?secret|channels)/i;
// A path segment or query value this long with a digit in it is a token, not a word.
const TOKEN_LIKE = /^(?=.*\d)[A-Za-z0-9._~+\-@%]{12,}$/;

/** The token-like parts of a URL: user info, long path segments, query values. */
export function urlTokens(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return [];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
  const parts = [decodeURIComponent(url.username), decodeURIComponent(url.password)];
  for (const segment of url.pathname.split('/')) parts.push(segment, safeDecode(segment));
  for (const value of url.searchParams.values()) parts.push(value);
  return [...new Set(parts.filter((p) => TOKEN_LIKE.test(p) || (p.length >= 8 && (p === url.password || p === url.username))))];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Teaches the redactor the tokens inside the credential URLs of a connection's settings. */
export function rememberUrlTokens(redactor: SecretRedactor, settings: Record<string, unknown> | undefined): void {
  for (const [name, value] of Object.entries(settings ?? {})) {
    if (!CREDENTIAL_NAME.test(name)) continue;
    for (const text of strings(value)) redactor.addAll(urlTokens(text));
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function redactingOperation(op: ConnectorOperation, redactor: SecretRedactor): ConnectorOperation {
  return {
    ...op,
    async execute(req: ConnectorRequest) {
      rememberUrlTokens(redactor, req.connection.settings);
      try {
        return redactor.redactJson(await op.execute(req));
      } catch (err) {
        // Keep the error's class and code (the engine maps them to a status); mask its text.
        if (err instanceof Error) {
          err.message = redactor.redact(err.message);
          if (err.stack) err.stack = redactor.redact(err.stack);
          throw err;
        }
        throw new Error(redactor.redact(String(err)));
      }
    },
  };
}

/** A registry of the same connectors whose operations' answers and errors pass through `redactor`. */
export function registryRedactedBy(registry: ConnectorRegistry, redactor: SecretRedactor): ConnectorRegistry {
  const out = new ConnectorRegistry();
  for (const connector of registry.list()) {
    const redacted: Connector = { ...connector, operations: connector.operations.map((op) => redactingOperation(op, redactor)) };
    out.register(redacted);
  }
  return out;
}
