/**
 * Assets: the users, hosts and IP addresses an organisation tags as business-critical (or
 * explicitly not). Containment on a business-critical asset can be gated by a change request.
 * Keys are normalized so that the same entity is one asset: lower-case names, canonical IPs.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

export const assetKinds = ['user', 'host', 'ip'] as const;
export type AssetKind = (typeof assetKinds)[number];

/** The canonical key of an entity of a kind (user and host names compare without case). */
export function normalizeAssetKey(kind: AssetKind, key: string): string {
  const k = key.trim().toLowerCase();
  if (kind === 'ip' && isIP(k) === 6) return k.replace(/^\[|\]$/g, '');
  return k;
}

const key = z.string().trim().min(1).max(1024);

export const assetInputSchema = z
  .strictObject({
    kind: z.enum(assetKinds),
    /** user: UPN, account name or DN; host: host name or FQDN; ip: an IPv4 or IPv6 address. */
    key,
    name: z.string().max(256).nullish(),
    businessCritical: z.boolean(),
    owner: z.string().max(256).nullish(),
    notes: z.string().max(4000).nullish(),
  })
  .refine((a) => a.kind !== 'ip' || isIP(a.key.trim()) !== 0, { message: 'expected an IPv4 or IPv6 address', path: ['key'] })
  .meta({ id: 'AssetInput' });
export type AssetInput = z.output<typeof assetInputSchema>;

export const assetPatchSchema = z
  .strictObject({
    name: z.string().max(256).nullish(),
    businessCritical: z.boolean().optional(),
    owner: z.string().max(256).nullish(),
    notes: z.string().max(4000).nullish(),
  })
  .meta({ id: 'AssetPatch' });

export const assetSchema = z
  .object({
    id: z.string(),
    kind: z.enum(assetKinds),
    key: z.string(),
    name: z.string().nullable(),
    businessCritical: z.boolean(),
    owner: z.string().nullable(),
    notes: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Asset' });
export type Asset = z.output<typeof assetSchema>;
