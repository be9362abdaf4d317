import { ConnectorError } from '../sdk/index.ts';
import { SecretRedactor } from '../secrets/redactor.ts';
import type { DirectorySettings } from './directory-settings.ts';

// LDAP result codes (RFC 4511) that say something a playbook author can act on.
const NO_SUCH_OBJECT = 32;
const INVALID_CREDENTIALS = 49;
const INSUFFICIENT_ACCESS = 50;
const UNWILLING_TO_PERFORM = 53;
const OBJECT_CLASS_VIOLATION = 65;
const CONSTRAINT_VIOLATION = 19;

const unreachable = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE']);

/**
 * The typed error for a failed LDAP step, named by what was being done; the bind password never
 * appears (it is never put in a message, and any server text is masked too).
 */
export function directoryError(err: unknown, settings: DirectorySettings, doing: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const redactor = new SecretRedactor().add(settings.bindPassword);
  const raw = err instanceof Error ? err.message : String(err);
  const detail = redactor.redact(raw);
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && unreachable.has(code)) {
    return new ConnectorError('UpstreamFailure', `cannot reach the directory at ${settings.url} while ${doing}: ${code}`);
  }
  if (/timeout|timed out/i.test(raw)) {
    return new ConnectorError('Timeout', `the directory at ${settings.url} did not answer in time while ${doing}`);
  }
  switch (code) {
    case INVALID_CREDENTIALS:
      return new ConnectorError('Unauthorized', `the directory at ${settings.url} refused the bind as '${settings.bindDn}': invalid credentials`, { field: '/connection/settings/bindPassword' });
    case INSUFFICIENT_ACCESS:
      return new ConnectorError('Unauthorized', `'${settings.bindDn}' may not do this in the directory (${doing}): insufficient access`, { statusCode: 403 });
    case NO_SUCH_OBJECT:
      return new ConnectorError('NotFound', `no such entry while ${doing}`);
    case OBJECT_CLASS_VIOLATION:
    case CONSTRAINT_VIOLATION:
    case UNWILLING_TO_PERFORM:
      return new ConnectorError('Conflict', `the directory refused ${doing}: ${detail}`);
    default:
      return new ConnectorError('UpstreamFailure', `the directory failed while ${doing}: ${detail}`);
  }
}
