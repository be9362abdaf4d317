import { z } from 'zod';
import { defineConnection } from '../sdk/index.ts';

/** Connection settings of a directory connection; `bindPassword` is the credential. */
export const directoryConnection = defineConnection({
  schema: z.object({
    url: z.string().regex(/^ldaps?:\/\/\S+$/i, 'expected an ldap:// or ldaps:// URL'),
    bindDn: z.string().min(1),
    bindPassword: z.string().min(1),
    baseDn: z.string().min(1),
    userSearchBase: z.string().min(1).optional(),
    groupSearchBase: z.string().min(1).optional(),
    profile: z.enum(['openldap-ppolicy', 'active-directory', '389-freeipa']),
    quarantineGroupDn: z.string().min(1).optional(),
    userIdAttribute: z.enum(['uid', 'sAMAccountName', 'userPrincipalName', 'mail']).default('uid'),
    /** Upgrade an ldap:// connection with StartTLS before binding (AD takes password changes only over TLS). */
    startTls: z.boolean().default(false),
    /** PEM certificate(s) of the CA that signed the directory's certificate, when not a public CA. */
    tlsCaCertificate: z.string().min(1).optional(),
    /** Per LDAP operation, in milliseconds. */
    timeoutMs: z.number().int().positive().max(120_000).default(10_000),
  }),
  secrets: ['bindPassword'],
});

export type DirectorySettings = z.output<typeof directoryConnection.schema>;
