import { z } from 'zod';
import { defineConnection } from '../sdk/connection-spec.ts';
import { basicOrBearerAuthorization, requireBasicOrBearer, type BasicOrBearerNames } from '../upstream/basic-or-bearer.ts';
import { upstreamBaseUrl, upstreamEgressSetting, upstreamTimeoutSetting } from '../upstream/upstream-settings.ts';

const credentials = { user: 'user', password: 'apiToken', bearer: 'personalAccessToken', userIs: 'account email' } as const;

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
    .superRefine(requireBasicOrBearer(credentials)),
  secrets: ['apiToken', 'personalAccessToken'],
});

export type JiraSettings = z.output<typeof jiraConnection.schema>;

/** The Authorization header the connection's credentials give. */
export function jiraAuthorization(s: JiraSettings): string {
  return basicOrBearerAuthorization(s, credentials satisfies BasicOrBearerNames<JiraSettings>);
}
