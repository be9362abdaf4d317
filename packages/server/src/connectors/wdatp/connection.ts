import type { z } from 'zod';
import { defineConnection } from '../sdk/connection-spec.ts';
import { microsoftAppSettings } from '../upstream/microsoft-app.ts';

/**
 * A Defender for Endpoint connection: the MDE API (default https://api.securitycenter.microsoft.com,
 * or a regional host such as https://eu.api.security.microsoft.com) reached as an app registration
 * with the Machine.Read.All, Machine.Isolate and Machine.RestrictExecution application permissions.
 */
export const wdatpConnection = defineConnection({
  schema: microsoftAppSettings('https://api.securitycenter.microsoft.com'),
  secrets: ['clientSecret'],
});

export type WdatpSettings = z.output<typeof wdatpConnection.schema>;
