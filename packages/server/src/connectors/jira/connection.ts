import { z } from 'zod';
import { defineConnection } from '../sdk/connection-spec.ts';
import { upstreamBaseUrl, upstreamEgressSetting, upstreamTimeoutSetting } from '../upstream/upstream-settings.ts';

/**
 * A Jira connection: the site (Cloud `https://<site>.atlassian.net`, or a Server/Data Center URL
 * with its context path) and either an account email + API token (basic auth, Cloud) or a personal
 * access token (bearer, Server/Data Center).
 */
export const jiraConnection = defineConnection({
  schema: z
    .object({
      baseUrl: upstreamBaseUrl(),
      /** The account's email (Cloud) or user name, with `apiToken`. */
      user: z.string().min(1).max(320).optional(),
      apiToken: z.string().min(1).max(4096).optional(),
      /** Sent as `Authorization: Bearer …` instead of basic auth. */
      personalAccessToken: z.string().min(1).max(4096).optional(),
      egress: upstreamEgressSetting,
      timeoutSeconds: upstreamTimeoutSetting,
    })
    .superRefine((s, ctx) => {
      if (s.personalAccessToken !== undefined) return;
      if (s.apiToken === undefined) {
        ctx.addIssue({ code: 'custom', path: ['apiToken'], message: 'expected user + apiToken (basic auth) or personalAccessToken (bearer)' });
      } else if (s.user === undefined) {
        ctx.addIssue({ code: 'custom', path: ['user'], message: 'expected the account email that goes with apiToken' });
      }
    }),
  secrets: ['apiToken', 'personalAccessToken'],
});

export type JiraSettings = z.output<typeof jiraConnection.schema>;

/** The Authorization header the connection's credentials give. */
export function jiraAuthorization(s: JiraSettings): string {
  if (s.personalAccessToken !== undefined) return `Bearer ${s.personalAccessToken}`;
  return `Basic ${Buffer.from(`${s.user ?? ''}:${s.apiToken ?? ''}`, 'utf8').toString('base64')}`;
}
