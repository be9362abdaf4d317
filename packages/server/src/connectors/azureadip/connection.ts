import type { z } from 'zod';
import { defineConnection } from '../sdk/connection-spec.ts';
import { microsoftAppSettings } from '../upstream/microsoft-app.ts';

/**
 * An Azure AD Identity Protection connection: Microsoft Graph (default https://graph.microsoft.com)
 * reached as an app registration with the IdentityRiskyUser.ReadWrite.All application permission;
 * tokens for https://graph.microsoft.com/.default unless `scope` says otherwise.
 */
export const azureAdIpConnection = defineConnection({
  schema: microsoftAppSettings('https://graph.microsoft.com'),
  secrets: ['clientSecret'],
});

export type AzureAdIpSettings = z.output<typeof azureAdIpConnection.schema>;

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
