/**
 * A mark derived from the engine's idempotency key, for services that take no idempotency key of
 * their own (Jira, the ServiceNow Table API): the create stores it on the ticket and a retry finds
 * the ticket by it instead of opening a second one.
 */
import { createHash } from 'node:crypto';

/**
 * `riposte-` and 32 hex digits of the key's SHA-256: the same for every attempt of one action
 * (the key names run, action path and iteration), safe as a Jira label (no spaces) and within the
 * 100 characters of ServiceNow's correlation_id; the run id is not readable from it.
 */
export function idempotencyMark(idempotencyKey: string): string {
  return `riposte-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;
}
