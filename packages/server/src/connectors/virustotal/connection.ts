import { z } from 'zod';
import { defineConnection } from '../sdk/connection-spec.ts';
import { upstreamBaseUrl, upstreamEgressSetting, upstreamTimeoutSetting } from '../upstream/upstream-settings.ts';

/** A VirusTotal connection: the API key (sent as `x-apikey`); the base URL only changes for tests or a proxy. */
export const virusTotalConnection = defineConnection({
  schema: z.object({
    apiKey: z.string().min(1).max(512),
    baseUrl: upstreamBaseUrl('https://www.virustotal.com'),
    egress: upstreamEgressSetting,
    timeoutSeconds: upstreamTimeoutSetting,
  }),
  secrets: ['apiKey'],
});

export type VirusTotalSettings = z.output<typeof virusTotalConnection.schema>;
