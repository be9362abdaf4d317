/**
 * An undici Agent whose connections are made only to checked addresses: its `connect.lookup`
 * resolves the host, checks every address against the policy, and hands the socket the addresses it
 * checked — so there is no window between the check and the connection (no DNS-rebinding TOCTOU).
 */
import { promises as dns } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent } from 'undici';
import { checkAddress, checkHost, normalizeHost, type EgressPolicy } from './egress-policy.ts';
import { parseIp } from './ip-address.ts';

/** Resolves a host name to all its addresses (tests inject one to fake DNS). */
export type EgressLookup = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const systemLookup: EgressLookup = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** Resolves and checks a host; every address must pass, else EgressRefusedError. */
export async function resolveChecked(hostname: string, policy: EgressPolicy, lookup: EgressLookup = systemLookup): Promise<LookupAddress[]> {
  const host = normalizeHost(hostname);
  checkHost(host, policy);
  const literal = parseIp(host);
  if (literal) return [{ address: host, family: literal.family }];
  const addresses = await lookup(host);
  for (const a of addresses) checkAddress(host, a.address, policy);
  return addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The `lookup` function net/tls sockets call, validating through the policy. */
export function egressSocketLookup(policy: EgressPolicy, lookup: EgressLookup = systemLookup) {
  return (hostname: string, options: LookupOptions | number | undefined, callback: LookupCallback): void => {
    const opts: LookupOptions = typeof options === 'number' ? { family: options } : (options ?? {});
    resolveChecked(hostname, policy, lookup).then(
      (all) => {
        const wanted = opts.family === 4 || opts.family === 6 ? all.filter((a) => a.family === opts.family) : all;
        if (wanted.length === 0) {
          const err = Object.assign(new Error(`${hostname} has no IPv${opts.family ?? ''} address`), { code: 'ENOTFOUND' });
          return callback(err, opts.all ? [] : '', 0);
        }
        if (opts.all) callback(null, wanted);
        else callback(null, wanted[0].address, wanted[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, opts.all ? [] : '', 0),
    );
  };
}

/** An undici dispatcher that connects only to addresses the policy allows. */
export function createEgressDispatcher(policy: EgressPolicy, options: { lookup?: EgressLookup; connectTimeoutMs?: number } = {}): Agent {
  return new Agent({
    connect: {
      lookup: egressSocketLookup(policy, options.lookup) as never,
      ...(options.connectTimeoutMs !== undefined ? { timeout: options.connectTimeoutMs } : {}),
    },
  });
}
