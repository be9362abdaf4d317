/**
 * The connection settings of a connector that calls a Microsoft API as an app registration
 * (client credentials): the API's base URL, the tenant, the app's id and secret, the authority that
 * issues tokens, and the scope (`<base URL>/.default` unless given). Defender for Endpoint and
 * Microsoft Graph connectors share them.
 */
import { z } from 'zod';
import { microsoftTokenUrl, type ClientCredentials } from './client-credentials.ts';

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).transform((u) => u.replace(/\/+$/, ''));

/** The zod object of the settings, with `baseUrl` defaulting to the API's public endpoint. */
export function microsoftAppSettings(defaultBaseUrl: string) {
  return z.object({
    baseUrl: httpUrl.default(defaultBaseUrl),
    /** Directory (tenant) id or domain. */
    tenant: z.string().min(1),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    authority: httpUrl.default('https://login.microsoftonline.com'),
    /** Default: `<baseUrl>/.default`. */
    scope: z.string().min(1).optional(),
    /** Egress entries for this connection, narrowing the installation's policy. */
    egress: z
      .object({
        allowLoopback: z.boolean().optional(),
        allow: z.array(z.string()).optional(),
        deny: z.array(z.string()).optional(),
        maxRedirects: z.number().int().min(0).max(20).optional(),
      })
      .optional(),
    timeoutSeconds: z.number().positive().max(300).default(30),
  });
}

export type MicrosoftAppSettings = z.output<ReturnType<typeof microsoftAppSettings>>;

/** The client credentials of the settings, for ClientCredentialsTokens. */
export function microsoftAppCredentials(settings: MicrosoftAppSettings, defaultScope = `${settings.baseUrl}/.default`): ClientCredentials {
  return {
    tokenUrl: microsoftTokenUrl(settings.tenant, settings.authority),
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    scope: settings.scope ?? defaultScope,
  };
}
