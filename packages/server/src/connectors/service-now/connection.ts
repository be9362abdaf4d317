import { z } from 'zod';
import { defineConnection } from '../sdk/connection-spec.ts';
import { basicOrBearerAuthorization, requireBasicOrBearer, type BasicOrBearerNames } from '../upstream/basic-or-bearer.ts';
import { upstreamBaseUrl, upstreamEgressSetting, upstreamTimeoutSetting } from '../upstream/upstream-settings.ts';

const credentials = { user: 'username', password: 'password', bearer: 'token', userIs: 'user name' } as const;

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
    .superRefine(requireBasicOrBearer(credentials)),
  secrets: ['password', 'token'],
});

export type ServiceNowSettings = z.output<typeof serviceNowConnection.schema>;

/** The Authorization header the connection's credentials give. */
export function serviceNowAuthorization(s: ServiceNowSettings): string {
  return basicOrBearerAuthorization(s, credentials satisfies BasicOrBearerNames<ServiceNowSettings>);
}
