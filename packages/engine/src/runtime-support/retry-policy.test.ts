import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RetryPolicyError, isRetryableOutcome, retryDecision, validateRetryPolicy } from './retry-policy.ts';

const fail500 = { statusCode: 500 };
const mid = () => 0.5;
const low = () => 0;
const high = () => 0.999999;

describe('which outcomes are retried', () => {
  it.each([408, 429, 500, 502, 503, 504, 599])('retries HTTP %d', (statusCode) => {
    expect(isRetryableOutcome({ statusCode })).toBe(true);
  });
  it.each([200, 400, 401, 403, 404, 409, 412, 600])('does not retry HTTP %d', (statusCode) => {
    expect(retryDecision(undefined, 1, { statusCode }, mid).retry).toBe(false);
  });
  it('retries a connection error that produced no status', () => {
    expect(retryDecision(undefined, 1, { connectionError: true }, mid).retry).toBe(true);
  });
});

describe('Default policy (no retryPolicy, or type default)', () => {
  it('retries 4 times, then gives up', () => {
    for (const attempt of [1, 2, 3, 4]) expect(retryDecision(undefined, attempt, fail500, mid).retry).toBe(true);
    expect(retryDecision(undefined, 5, fail500, mid).retry).toBe(false);
    expect(retryDecision({ type: 'Default' }, 5, fail500, mid).retry).toBe(false);
  });
  it('waits between 5 and 45 seconds, growing from a 7.5 s scale', () => {
    expect(retryDecision(undefined, 1, fail500, low).delayMs).toBe(5_000);
    expect(retryDecision(undefined, 1, fail500, high).delayMs).toBe(7_500);
    expect(retryDecision(undefined, 2, fail500, low).delayMs).toBe(7_500);
    expect(retryDecision(undefined, 2, fail500, high).delayMs).toBe(15_000);
    expect(retryDecision(undefined, 4, fail500, low).delayMs).toBe(30_000);
    expect(retryDecision(undefined, 4, fail500, high).delayMs).toBe(45_000);
  });
});

describe('none', () => {
  it('never retries', () => {
    expect(retryDecision({ type: 'none' }, 1, { statusCode: 503 }, mid)).toEqual({ retry: false, delayMs: 0 });
  });
});

describe('fixed', () => {
  const policy = { type: 'fixed', count: 2, interval: 'PT30S' };
  it('waits the interval each time, count times', () => {
    expect(retryDecision(policy, 1, fail500, mid)).toEqual({ retry: true, delayMs: 30_000 });
    expect(retryDecision(policy, 2, fail500, high)).toEqual({ retry: true, delayMs: 30_000 });
    expect(retryDecision(policy, 3, fail500, mid).retry).toBe(false);
  });
});

describe('exponential', () => {
  const policy = { type: 'exponential', count: 6, interval: 'PT10S', minimumInterval: 'PT15S', maximumInterval: 'PT1M' };
  it('draws from a doubling range clamped by minimum and maximum interval', () => {
    expect(retryDecision(policy, 1, fail500, mid).delayMs).toBe(15_000); // [15, 10] collapses to the minimum
    expect(retryDecision(policy, 2, fail500, low).delayMs).toBe(15_000);
    expect(retryDecision(policy, 2, fail500, high).delayMs).toBe(20_000);
    expect(retryDecision(policy, 3, fail500, mid).delayMs).toBe(30_000);
    expect(retryDecision(policy, 6, fail500, mid).delayMs).toBe(60_000); // above the maximum
    expect(retryDecision(policy, 7, fail500, mid).retry).toBe(false);
  });
  it('defaults minimumInterval to 5 s and maximumInterval to 1 day', () => {
    const p = { type: 'exponential', count: 90, interval: 'PT1H' };
    expect(retryDecision(p, 1, fail500, low).delayMs).toBe(5_000);
    expect(retryDecision(p, 90, fail500, mid).delayMs).toBe(86_400_000);
  });
  it('always stays inside [minimumInterval, maximumInterval]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (attempt, r) => {
        const d = retryDecision(policy, attempt, fail500, () => r).delayMs;
        expect(d).toBeGreaterThanOrEqual(15_000);
        expect(d).toBeLessThanOrEqual(60_000);
      }),
    );
  });
});

describe('Retry-After', () => {
  it('waits at least what the server asked', () => {
    expect(retryDecision(undefined, 1, { statusCode: 429, retryAfterMs: 120_000 }, mid).delayMs).toBe(120_000);
  });
  it('keeps the policy delay when the server asked for less', () => {
    expect(retryDecision({ type: 'fixed', count: 1, interval: 'PT20S' }, 1, { statusCode: 429, retryAfterMs: 1_000 }, mid).delayMs).toBe(20_000);
  });
  it('does not retry on a Retry-After alone when the policy is none', () => {
    expect(retryDecision({ type: 'none' }, 1, { statusCode: 429, retryAfterMs: 1_000 }, mid).retry).toBe(false);
  });
});

describe('validation', () => {
  it.each([
    [{ type: 'fixed', count: 0, interval: 'PT10S' }, '/count'],
    [{ type: 'fixed', count: 91, interval: 'PT10S' }, '/count'],
    [{ type: 'fixed', count: 1.5, interval: 'PT10S' }, '/count'],
    [{ type: 'fixed', count: 3 }, '/interval'],
    [{ type: 'fixed', count: 3, interval: 'PT4S' }, '/interval'],
    [{ type: 'fixed', count: 3, interval: 'P2D' }, '/interval'],
    [{ type: 'fixed', count: 3, interval: 'ten seconds' }, '/interval'],
    [{ type: 'exponential', count: 3, interval: 'PT10S', minimumInterval: 'PT1M', maximumInterval: 'PT30S' }, '/minimumInterval'],
    [{ type: 'linear' }, '/type'],
  ])('reports %j at %s', (policy, pointer) => {
    const problems = validateRetryPolicy(policy);
    expect(problems.map((p) => p.pointer)).toContain(pointer);
    expect(() => retryDecision(policy, 1, fail500, mid)).toThrow(RetryPolicyError);
  });
  it('names the rule in the message', () => {
    expect(() => retryDecision({ type: 'fixed', count: 100, interval: 'PT10S' }, 1, fail500, mid)).toThrow(
      /\/count: expected an integer from 1 to 90, got 100/,
    );
  });
  it('accepts valid policies', () => {
    expect(validateRetryPolicy({ type: 'exponential', count: 90, interval: 'P1D' })).toEqual([]);
    expect(validateRetryPolicy(undefined)).toEqual([]);
  });
});
