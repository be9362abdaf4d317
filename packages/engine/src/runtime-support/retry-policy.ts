/**
 * Retry policies of Logic Apps actions (`inputs.retryPolicy`), as plain data in, a decision out.
 * Facts (Logic Apps "Handle errors and exceptions"): retries happen on 408, 429, 5xx and on requests
 * that never got a response; `count` is 1–90; `interval` is PT5S–P1D; exponential waits a uniform
 * random delay whose range doubles each retry, clamped by minimumInterval (default PT5S) and
 * maximumInterval (default P1D). The Default policy is "exponential, up to 4 retries, scaled by
 * 7.5 s, capped between 5 and 45 s" — the prose is used, not the docs' JSON sample (PT7S/PT1H),
 * which contradicts it.
 */
import type { RetryPolicy } from '../definition/types.ts';
import { DurationError, durationToMs, parseDuration } from './iso-duration.ts';

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
}

export interface AttemptOutcome {
  statusCode?: number;
  connectionError?: boolean;
  /** Delay the server asked for (Retry-After), already converted to milliseconds. */
  retryAfterMs?: number;
}

export interface RetryPolicyProblem {
  pointer: string; // JSON pointer relative to the retryPolicy object, e.g. "/count"
  message: string;
}

export class RetryPolicyError extends Error {
  override readonly name = 'RetryPolicyError';
  readonly code = 'InvalidRetryPolicy';
  readonly problems: RetryPolicyProblem[];
  constructor(problems: RetryPolicyProblem[]) {
    super(`retryPolicy is invalid: ${problems.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; ')}`);
    this.problems = problems;
  }
}

/** A policy with every duration resolved to milliseconds. */
export interface ResolvedRetryPolicy {
  type: 'none' | 'fixed' | 'exponential';
  count: number;
  intervalMs: number;
  minimumIntervalMs: number;
  maximumIntervalMs: number;
}

export const RETRY_LIMITS = {
  minCount: 1,
  maxCount: 90,
  minIntervalMs: 5_000,
  maxIntervalMs: 86_400_000,
} as const;

export const DEFAULT_RETRY_POLICY: ResolvedRetryPolicy = {
  type: 'exponential',
  count: 4,
  intervalMs: 7_500,
  minimumIntervalMs: 5_000,
  maximumIntervalMs: 45_000,
};

const EXPONENTIAL_DEFAULT_MIN_MS = 5_000;
const EXPONENTIAL_DEFAULT_MAX_MS = 86_400_000;

/** Lists what is wrong with a retry policy (empty when valid); pointers are relative to the policy. */
export function validateRetryPolicy(policy: unknown): RetryPolicyProblem[] {
  return resolve(policy).problems;
}

/** Resolves a policy (undefined → Default) to milliseconds; throws RetryPolicyError when invalid. */
export function resolveRetryPolicy(policy: RetryPolicy | undefined): ResolvedRetryPolicy {
  const { resolved, problems } = resolve(policy);
  if (problems.length > 0 || !resolved) throw new RetryPolicyError(problems);
  return resolved;
}

/** True for the outcomes Logic Apps retries: 408, 429, 5xx, and no response at all. */
export function isRetryableOutcome(outcome: AttemptOutcome): boolean {
  if (outcome.connectionError) return true;
  const s = outcome.statusCode;
  return s === 408 || s === 429 || (s !== undefined && s >= 500 && s <= 599);
}

/**
 * Decides whether to retry after attempt `attempt` (1-based; 1 is the original request) failed,
 * and how long to wait. `random` returns a number in [0, 1) (injected so runs are replayable).
 */
export function retryDecision(
  policy: RetryPolicy | undefined,
  attempt: number,
  outcome: AttemptOutcome,
  random: () => number,
): RetryDecision {
  const resolved = resolveRetryPolicy(policy);
  const stop: RetryDecision = { retry: false, delayMs: 0 };
  if (resolved.type === 'none' || !isRetryableOutcome(outcome)) return stop;
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > resolved.count) return stop;
  let delayMs = resolved.type === 'fixed' ? resolved.intervalMs : exponentialDelay(resolved, attempt, random);
  const retryAfter = outcome.retryAfterMs;
  if (retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter > delayMs) {
    // Honour the server's wait, but never beyond the longest interval a policy may name.
    delayMs = Math.min(retryAfter, RETRY_LIMITS.maxIntervalMs);
  }
  return { retry: true, delayMs: Math.round(delayMs) };
}

/** Retry n waits uniform in [max(2^(n-2)·interval, min), min(2^(n-1)·interval, max)] (0 as lower base for n=1). */
function exponentialDelay(p: ResolvedRetryPolicy, retryNumber: number, random: () => number): number {
  const lowBase = retryNumber === 1 ? 0 : p.intervalMs * 2 ** (retryNumber - 2);
  const highBase = p.intervalMs * 2 ** (retryNumber - 1);
  const low = Math.max(lowBase, p.minimumIntervalMs);
  const high = Math.min(highBase, p.maximumIntervalMs);
  if (low > high) return lowBase > p.maximumIntervalMs ? p.maximumIntervalMs : Math.min(p.minimumIntervalMs, p.maximumIntervalMs);
  const r = Math.min(Math.max(random(), 0), 1);
  return low + (high - low) * r;
}

function resolve(policy: unknown): { resolved?: ResolvedRetryPolicy; problems: RetryPolicyProblem[] } {
  if (policy === undefined || policy === null) return { resolved: DEFAULT_RETRY_POLICY, problems: [] };
  if (typeof policy !== 'object' || Array.isArray(policy)) {
    return { problems: [{ pointer: '', message: 'expected an object' }] };
  }
  const p = policy as Record<string, unknown>;
  const problems: RetryPolicyProblem[] = [];
  const type = typeof p.type === 'string' ? p.type.toLowerCase() : undefined;
  if (type === 'default') return { resolved: DEFAULT_RETRY_POLICY, problems: [] };
  if (type === 'none') return { resolved: { ...DEFAULT_RETRY_POLICY, type: 'none', count: 0 }, problems: [] };
  if (type !== 'fixed' && type !== 'exponential') {
    return { problems: [{ pointer: '/type', message: `expected one of default, none, fixed, exponential, got ${JSON.stringify(p.type)}` }] };
  }

  const count = p.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < RETRY_LIMITS.minCount || count > RETRY_LIMITS.maxCount) {
    problems.push({ pointer: '/count', message: `expected an integer from 1 to 90, got ${JSON.stringify(count)}` });
  }
  const intervalMs = readInterval(p, 'interval', undefined, problems);
  const minimumIntervalMs = type === 'exponential' ? readInterval(p, 'minimumInterval', EXPONENTIAL_DEFAULT_MIN_MS, problems) : 0;
  const maximumIntervalMs = type === 'exponential' ? readInterval(p, 'maximumInterval', EXPONENTIAL_DEFAULT_MAX_MS, problems) : 0;
  if (minimumIntervalMs !== undefined && maximumIntervalMs !== undefined && minimumIntervalMs > maximumIntervalMs) {
    problems.push({ pointer: '/minimumInterval', message: 'must not be longer than maximumInterval' });
  }
  if (problems.length > 0) return { problems };
  return {
    resolved: {
      type,
      count: count as number,
      intervalMs: intervalMs as number,
      minimumIntervalMs: minimumIntervalMs as number,
      maximumIntervalMs: maximumIntervalMs as number,
    },
    problems,
  };
}

function readInterval(
  p: Record<string, unknown>,
  field: 'interval' | 'minimumInterval' | 'maximumInterval',
  fallbackMs: number | undefined,
  problems: RetryPolicyProblem[],
): number | undefined {
  const text = p[field];
  if (text === undefined && fallbackMs !== undefined) return fallbackMs;
  const range = 'an ISO 8601 duration from PT5S to P1D';
  if (typeof text !== 'string') {
    problems.push({ pointer: `/${field}`, message: `expected ${range}, got ${JSON.stringify(text) ?? 'nothing'}` });
    return undefined;
  }
  let ms: number;
  try {
    const d = parseDuration(text);
    ms = durationToMs(d, new Date(0));
  } catch (e) {
    if (!(e instanceof DurationError)) throw e;
    problems.push({ pointer: `/${field}`, message: `expected ${range}, got '${text}'` });
    return undefined;
  }
  if (ms < RETRY_LIMITS.minIntervalMs || ms > RETRY_LIMITS.maxIntervalMs) {
    problems.push({ pointer: `/${field}`, message: `expected ${range}, got '${text}'` });
    return undefined;
  }
  return ms;
}
