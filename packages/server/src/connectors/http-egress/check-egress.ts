import { ConnectorError } from '../sdk/connector-error.ts';
import { resolveChecked, type EgressLookup } from './egress-dispatcher.ts';
import { defaultEgressPolicy, EgressRefusedError, type EgressPolicy } from './egress-policy.ts';

/**
 * Whether a URL may be reached now: scheme, host patterns and every resolved address. Useful to
 * validate a configured URL early; the dispatcher checks again at connect time, which is what counts.
 */
export async function checkEgress(url: string | URL, policy: EgressPolicy = defaultEgressPolicy, lookup?: EgressLookup): Promise<{ url: URL; addresses: string[] }> {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new ConnectorError('InvalidInput', 'expected an absolute http(s) URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new EgressRefusedError(u.host || u.protocol, undefined, `only http and https may be reached, not ${u.protocol}`);
  const addresses = await resolveChecked(u.hostname, policy, lookup);
  return { url: u, addresses: addresses.map((a) => a.address) };
}
