/**
 * Connection settings every connector to an outside REST service shares: the connection's own
 * egress entries (narrowing the installation's policy) and how long one call may take.
 */
import { z } from 'zod';
import type { EgressPolicyInput } from '../http-egress/egress-policy.ts';

/** Egress entries a connection may add; they narrow the installation's policy, never widen it. */
export const upstreamEgressSetting = z
  .object({
    allowLoopback: z.boolean().optional(),
    allow: z.array(z.string()).optional(),
    deny: z.array(z.string()).optional(),
    maxRedirects: z.number().int().min(0).max(20).optional(),
  })
  .optional();

/** Seconds one upstream call may take. */
export const upstreamTimeoutSetting = z.number().positive().max(300).default(30);

/** An http(s) base URL setting, defaulting to the real service when there is one. */
export const upstreamBaseUrl = (fallback?: string) => {
  const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
  return fallback === undefined ? url : url.default(fallback);
};

/** `path` under `base`, whether or not the configured base ends with a slash. */
export function upstreamUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** What a connection's settings bound one upstream call by: its timeout and its own egress entries. */
export function connectionLimits(settings: { timeoutSeconds: number; egress?: EgressPolicyInput | undefined }): { timeoutMs: number; egress?: EgressPolicyInput } {
  return { timeoutMs: settings.timeoutSeconds * 1000, ...(settings.egress ? { egress: settings.egress } : {}) };
}
