/**
 * Which assets a connector resource is: the change ledger names resources by kind and id
 * (`ldap-user` + DN, UPN or account name; `indicator` + "ipv4:198.51.100.7"); assets are tagged by
 * user, host or IP. A user resource matches a user asset by its whole id, by the value of its DN's
 * first RDN (uid=bob,… → bob) or by the account part of a UPN asset (bob@example.com ↔ bob).
 */
import type { Asset } from './asset.ts';
import { normalizeAssetKey } from './asset.ts';
import type { AssetStore } from './asset-store.ts';

/** The assets (of any criticality) a resource is. */
export function assetsOfResource(store: AssetStore, resource: { kind: string; id: string }): Asset[] {
  const id = resource.id.trim().toLowerCase();
  const kind = resource.kind.toLowerCase();
  if (kind === 'indicator') {
    const m = /^(ipv4|ipv6|ip|domain|domainname|host|hostname):(.+)$/.exec(id);
    if (!m) return [];
    const isIp = m[1]!.startsWith('ip');
    return isIp ? store.byKeys('ip', [normalizeAssetKey('ip', m[2]!)]) : store.byKeys('host', [normalizeAssetKey('host', m[2]!)]);
  }
  if (kind.includes('user') || kind.includes('account') || kind.startsWith('ldap-group-membership')) {
    const candidates = new Set<string>([id]);
    const rdn = /^[a-z0-9-]+=([^,]+),/.exec(id);
    if (rdn) candidates.add(rdn[1]!.trim());
    if (id.includes('@')) candidates.add(id.split('@')[0]!);
    const direct = store.byKeys('user', [...candidates]);
    // A UPN asset covers the account name used without its suffix.
    const byAccount = store.list({ kind: 'user', top: 100_000, skip: 0 }).filter((a) => a.key.includes('@') && candidates.has(a.key.split('@')[0]!));
    return dedupe([...direct, ...byAccount]);
  }
  if (kind.includes('host') || kind.includes('device') || kind.includes('machine')) return store.byKeys('host', [id]);
  if (kind.includes('ip') || kind.includes('address')) return store.byKeys('ip', [normalizeAssetKey('ip', id)]);
  return [];
}

function dedupe(assets: Asset[]): Asset[] {
  const seen = new Set<string>();
  return assets.filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)));
}
