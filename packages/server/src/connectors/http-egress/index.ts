// The egress policy for outbound HTTP: refused ranges and hosts, checked after DNS and on every redirect.
export { cidrContains, EgressPolicyError, embeddedIpv4, formatIp, parseCidr, parseIp, type CidrRange, type IpAddress } from './ip-address.ts';
export {
  BUILT_IN_DENY,
  checkAddress,
  checkHost,
  compileEgressPolicy,
  defaultEgressPolicy,
  EgressRefusedError,
  narrowEgressPolicy,
  normalizeHost,
  parseEgressEntry,
  type EgressPolicy,
  type EgressPolicyInput,
} from './egress-policy.ts';
export { createEgressDispatcher, egressSocketLookup, resolveChecked, systemLookup, type EgressLookup } from './egress-dispatcher.ts';
export { checkEgress } from './check-egress.ts';
export { createEgressHttpClient, findRefusal, sendWithEgress, type EgressOptions } from './egress-request.ts';
