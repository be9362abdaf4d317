/**
 * Connector answers pass through the installation's SecretRedactor before the engine journals them.
 * A connector masks its own connection's credentials; this also masks every other credential the
 * vault knows (an upstream may echo any of them) and the tokens inside credential URLs (a chat
 * webhook's error page that quotes just the token of its URL).
 */
import { ConnectorRegistry, type Connector, type ConnectorOperation, type ConnectorRequest } from '@riposte/engine';
import type { RevealedSecrets, SecretRedactor } from '../connectors/secrets/index.ts';

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

/** An operation whose answer carries secret values on purpose (connectors/sdk: `secretOutputs`). */
type RevealingOperation = ConnectorOperation & { secretOutputs?: (body: unknown) => string[] };

function redactingOperation(op: RevealingOperation, redactor: SecretRedactor, revealed: RevealedSecrets | undefined): ConnectorOperation {
  return {
    ...op,
    async execute(req: ConnectorRequest) {
      rememberUrlTokens(redactor, req.connection.settings);
      try {
        const res = await op.execute(req);
        if (op.secretOutputs && res.statusCode >= 200 && res.statusCode < 300) {
          // The run needs the value itself (a client secret it sends on); the run journal masks it
          // for this run and every log line masks it from now on. Without a journal that knows
          // `revealed`, masking it here is the only safe choice.
          const values = op.secretOutputs(res.body);
          redactor.addAll(values);
          if (revealed) {
            revealed.add(req.runId, values);
            return res;
          }
        }
        return redactor.redactJson(res);
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

/**
 * A registry of the same connectors whose operations' answers and errors pass through `redactor`.
 * The secret values an operation reveals on purpose reach the run in clear only when `revealed` is
 * given (the run journal masks them through it); otherwise they are masked like any credential.
 */
export function registryRedactedBy(registry: ConnectorRegistry, redactor: SecretRedactor, revealed?: RevealedSecrets): ConnectorRegistry {
  const out = new ConnectorRegistry();
  for (const connector of registry.list()) {
    const redacted: Connector = { ...connector, operations: connector.operations.map((op) => redactingOperation(op, redactor, revealed)) };
    out.register(redacted);
  }
  return out;
}
