/**
 * The retry loop of side-effecting actions (Http, ApiConnection, Workflow). Each attempt and each
 * back-off timer is journaled, so after a restart the action continues with the next attempt at
 * the recorded instant — with the same idempotency key, which the callee uses to apply the effect
 * once.
 */
import type { RetryPolicy } from '../definition/types.ts';
import { resolveRetryPolicy, RetryPolicyError, retryDecision, type AttemptOutcome } from '../runtime-support/retry-policy.ts';
import type { ActionContext } from '../runtime/action-handler.ts';
import { ActionFailure } from './errors.ts';

export interface AttemptResult<T> {
  /** What the retry policy looks at; statusCode undefined with connectionError for no response. */
  outcome: AttemptOutcome;
  /** Final when the policy gives up, or on success. */
  value?: T;
  error?: unknown;
}

export interface RetryOptions {
  /**
   * How an attempt that was in flight when the process died is continued: as a new attempt with
   * the same idempotency key (true, Http and connectors), or as the same attempt (false: the
   * attempt is durable itself, e.g. a child run that resumes).
   */
  resumedIsNewAttempt?: boolean;
}

/**
 * Runs `attempt(n)` under `policy` until it succeeds (2xx) or the policy stops; returns the last
 * result and the attempt count.
 */
export async function withRetries<T>(
  ctx: ActionContext,
  policy: RetryPolicy | undefined,
  inputs: unknown,
  attempt: (n: number) => Promise<AttemptResult<T>>,
  options: RetryOptions = {},
): Promise<{ result: AttemptResult<T>; attempts: number }> {
  try {
    resolveRetryPolicy(policy);
  } catch (err) {
    if (err instanceof RetryPolicyError) throw new ActionFailure('InvalidRetryPolicy', `inputs.retryPolicy${err.message.slice('retryPolicy'.length)}`);
    throw err;
  }
  const { clock, random } = ctx.run.env;
  let attempts = ctx.prior?.attempts ?? 0;
  let continueInFlight = options.resumedIsNewAttempt === false && ctx.prior?.status === 'Running' && attempts > 0;
  if (ctx.prior?.notBefore) await clock.sleep(Date.parse(ctx.prior.notBefore) - clock.now(), ctx.run.signal);
  for (;;) {
    if (!continueInFlight) attempts++;
    continueInFlight = false;
    ctx.progress({ status: 'Running', attempts, inputs, notBefore: undefined });
    // Everything before this call is durable before the outside world sees the call.
    await ctx.flush();
    const result = await attempt(attempts);
    const code = result.outcome.statusCode;
    if (code !== undefined && code >= 200 && code < 300) return { result, attempts };
    const decision = retryDecision(policy, attempts, result.outcome, random);
    if (!decision.retry || ctx.run.signal.aborted) return { result, attempts };
    const notBefore = new Date(clock.now() + decision.delayMs).toISOString();
    ctx.progress({ status: 'Waiting', attempts, notBefore });
    await clock.sleep(decision.delayMs, ctx.run.signal);
  }
}

/** Retry-After in milliseconds (seconds or an HTTP date), when present. */
export function retryAfterMs(headers: Record<string, string> | undefined, now: number): number | undefined {
  const v = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (v === undefined) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
