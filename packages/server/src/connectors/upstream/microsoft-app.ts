/**
 * The connection settings of a connector that calls a Microsoft API as an app registration
 * (client credentials): the API's base URL, the tenant, the app's id and secret, the authority that
 * issues tokens, and the scope (`<base URL>/.default` unless given). Defender for Endpoint and
 * Microsoft Graph connectors share them.
 */
import { z } from 'zod';
import { microsoftTokenUrl, type ClientCredentials } from './client-credentials.ts';
import { upstreamBaseUrl, upstreamEgressSetting, upstreamTimeoutSetting } from './upstream-settings.ts';

// Kept without a trailing slash: paths and the default scope are appended to it.
const httpUrl = (fallback: string) => upstreamBaseUrl(fallback).transform((u) => u.replace(/\/+$/, ''));

/** The zod object of the settings, with `baseUrl` defaulting to the API's public endpoint. */
export function microsoftAppSettings(defaultBaseUrl: string) {
  return z.object({
    baseUrl: httpUrl(defaultBaseUrl),
    /** Directory (tenant) id or domain. */
    tenant: z.string().min(1),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    authority: httpUrl('https://login.microsoftonline.com'),
    /** Default: `<baseUrl>/.default`. */
    scope: z.string().min(1).optional(),
    /** Egress entries for this connection, narrowing the installation's policy. */
    egress: upstreamEgressSetting,
    timeoutSeconds: upstreamTimeoutSetting,
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
