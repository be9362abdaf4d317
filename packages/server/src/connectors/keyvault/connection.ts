import { z } from 'zod';
import { defineConnection } from '../sdk/index.ts';

/** Key Vault secret names: 1-127 letters, digits and dashes. */
export const SECRET_NAME = /^[0-9A-Za-z-]{1,127}$/;
const secretName = z.string().regex(SECRET_NAME, 'expected a Key Vault secret name: 1-127 letters, digits and dashes');

/** What Key Vault keeps beside a secret's value; none of it is secret, so it is listed as it is. */
const secretMetadata = z.object({
  contentType: z.string().max(255).optional(),
  enabled: z.boolean().default(true),
  /** The version id playbooks see (Key Vault's 32 hex digits, or any label); absent: null. */
  version: z.string().min(1).max(64).optional(),
  createdTime: z.iso.datetime({ offset: true }).optional(),
  lastUpdatedTime: z.iso.datetime({ offset: true }).optional(),
});

/**
 * A `keyvault` connection: Riposte's connection vault stands in for Azure Key Vault. `secrets` maps
 * secret names to values (a credential setting: encrypted at rest, listed as "***", masked in every
 * error and log line); `metadata` optionally describes them by the same names.
 */
export const keyVaultConnection = defineConnection({
  schema: z
    .object({
      secrets: z.record(secretName, z.string().min(1)),
      metadata: z.record(secretName, secretMetadata).default({}),
    })
    .superRefine((s, ctx) => {
      for (const name of Object.keys(s.metadata)) {
        if (!Object.hasOwn(s.secrets, name)) ctx.addIssue({ code: 'custom', path: ['metadata', name], message: `describes '${name}', which is not in secrets` });
      }
    }),
  secrets: ['secrets'],
});

export type KeyVaultSettings = z.output<typeof keyVaultConnection.schema>;
