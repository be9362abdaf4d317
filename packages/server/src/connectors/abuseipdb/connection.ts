import { z } from 'zod';
import { defineConnection } from '../sdk/connection-spec.ts';
import { upstreamBaseUrl, upstreamEgressSetting, upstreamTimeoutSetting } from '../upstream/upstream-settings.ts';

/** An AbuseIPDB connection: the API key (sent as `Key`); the base URL only changes for tests or a proxy. */
export const abuseIpDbConnection = defineConnection({
  schema: z.object({
    apiKey: z.string().min(1).max(512),
    baseUrl: upstreamBaseUrl('https://api.abuseipdb.com/api/v2'),
    /** Reports older than this are not counted when a playbook does not say (AbuseIPDB's own default is 30). */
    maxAgeInDays: z.number().int().min(1).max(365).default(30),
    egress: upstreamEgressSetting,
    timeoutSeconds: upstreamTimeoutSetting,
  }),
  secrets: ['apiKey'],
});

export type AbuseIpDbSettings = z.output<typeof abuseIpDbConnection.schema>;
