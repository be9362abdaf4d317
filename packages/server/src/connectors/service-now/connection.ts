import { z } from 'zod';
import { defineConnection } from '../sdk/connection-spec.ts';
import { upstreamBaseUrl, upstreamEgressSetting, upstreamTimeoutSetting } from '../upstream/upstream-settings.ts';

/**
 * A ServiceNow connection: the instance (`https://<instance>.service-now.com`) and either a user
 * name + password (basic auth) or an OAuth access token (bearer).
 */
export const serviceNowConnection = defineConnection({
  schema: z
    .object({
      instanceUrl: upstreamBaseUrl(),
      username: z.string().min(1).max(320).optional(),
      password: z.string().min(1).max(4096).optional(),
      /** An OAuth access token, sent as `Authorization: Bearer …` instead of basic auth. */
      token: z.string().min(1).max(8192).optional(),
      egress: upstreamEgressSetting,
      timeoutSeconds: upstreamTimeoutSetting,
    })
    .superRefine((s, ctx) => {
      if (s.token !== undefined) return;
      if (s.password === undefined) {
        ctx.addIssue({ code: 'custom', path: ['password'], message: 'expected username + password (basic auth) or token (OAuth bearer)' });
      } else if (s.username === undefined) {
        ctx.addIssue({ code: 'custom', path: ['username'], message: 'expected the user name that goes with password' });
      }
    }),
  secrets: ['password', 'token'],
});

export type ServiceNowSettings = z.output<typeof serviceNowConnection.schema>;

/** The Authorization header the connection's credentials give. */
export function serviceNowAuthorization(s: ServiceNowSettings): string {
  if (s.token !== undefined) return `Bearer ${s.token}`;
  return `Basic ${Buffer.from(`${s.username ?? ''}:${s.password ?? ''}`, 'utf8').toString('base64')}`;
}
