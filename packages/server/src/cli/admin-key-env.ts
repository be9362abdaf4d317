import { presentedKeyLength } from '../auth/api-keys.ts';
import { CliUsageError } from './errors.ts';

/** Shortest admin key RIPOSTE_API_KEY may set: a guessable key would be an admin's. */
export const minAdminKeyLength = 16;
/** Longest key the server accepts on a request. */
export const maxAdminKeyLength = presentedKeyLength.max;

/**
 * RIPOSTE_API_KEY, checked before anything starts: unset or empty means none. A key that is too short
 * (the server would refuse it on every request, or anyone could guess it), too long, or holds
 * whitespace or control characters (it could not travel in an Authorization header as set) is a
 * usage error (exit 2) that says what a key must be, without echoing it.
 */
export function adminKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env.RIPOSTE_API_KEY;
  if (key === undefined || key === '') return undefined;
  if (key.length < minAdminKeyLength || key.length > maxAdminKeyLength || /[\s\p{Cc}]/u.test(key)) {
    throw new CliUsageError(
      `RIPOSTE_API_KEY must be ${minAdminKeyLength} to ${maxAdminKeyLength} characters with no spaces or control characters ` +
        `(got ${key.length} characters); use a long random string, e.g. the output of \`openssl rand -hex 24\``,
    );
  }
  return key;
}
