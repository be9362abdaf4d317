import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAddress, checkHost, compileEgressPolicy, defaultEgressPolicy, EgressRefusedError, narrowEgressPolicy, parseEgressEntry } from './egress-policy.ts';
import { EgressPolicyError } from './ip-address.ts';

function refusal(fn: () => void): EgressRefusedError | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof EgressRefusedError) return err;
    throw err;
  }
  return undefined;
}

describe('default egress policy', () => {
  it('refuses link-local and metadata addresses in every spelling', () => {
    for (const host of ['169.254.169.254', '169.254.170.2', '169.254.0.1', '[fe80::1]', 'fe80::abcd', '[fd00:ec2::254]', '::ffff:169.254.169.254', '[::ffff:a9fe:a9fe]', '64:ff9b::a9fe:a9fe', '100.100.100.200']) {
      const err = refusal(() => checkHost(host, defaultEgressPolicy));
      expect(err, host).toBeInstanceOf(EgressRefusedError);
      expect(err!.code).toBe('EgressRefused');
      expect(err!.statusCode).toBe(403);
      expect(err!.message).toMatch(/link-local \/ cloud metadata/);
    }
  });

  it('refuses metadata host names before resolving them', () => {
    for (const host of ['metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.', 'metadata', 'metadata.goog', 'instance-data.ec2.internal']) {
      expect(refusal(() => checkHost(host, defaultEgressPolicy)), host).toBeDefined();
    }
    expect(refusal(() => checkHost('metadata.example.com', defaultEgressPolicy))).toBeUndefined();
  });

  it('refuses a name that resolves to a refused address, naming both', () => {
    const err = refusal(() => checkAddress('innocent.example', '169.254.169.254', defaultEgressPolicy));
    expect(err?.message).toBe('egress to innocent.example (169.254.169.254) refused: 169.254.169.254 is in 169.254.0.0/16 (link-local / cloud metadata)');
    expect(refusal(() => checkAddress('innocent.example', '::ffff:169.254.169.254', defaultEgressPolicy))).toBeDefined();
  });

  it('allows public, private and loopback addresses', () => {
    for (const a of ['93.184.216.34', '10.0.0.5', '192.168.1.1', '127.0.0.1', '::1', '2001:db8::1', '169.253.255.255', '169.255.0.0']) {
      expect(refusal(() => checkAddress('h', a, defaultEgressPolicy)), a).toBeUndefined();
    }
  });
});

describe('configured egress policy', () => {
  it('refuses loopback when switched off, also mapped and 0.0.0.0', () => {
    const p = compileEgressPolicy({ allowLoopback: false });
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0.0.0.0', '::']) expect(refusal(() => checkAddress('h', a, p)), a).toBeDefined();
  });

  it('applies deny ranges and host patterns; a wildcard does not cover the apex', () => {
    const p = compileEgressPolicy({ deny: ['10.0.0.0/8', '*.corp.example', 'Exact.Example.'] });
    expect(refusal(() => checkAddress('h', '10.9.9.9', p))?.message).toMatch(/10.0.0.0\/8 \(on the deny list\)/);
    expect(refusal(() => checkHost('a.b.corp.example', p))).toBeDefined();
    expect(refusal(() => checkHost('corp.example', p))).toBeUndefined();
    expect(refusal(() => checkHost('exact.example', p))).toBeDefined();
  });

  it('with an allow list, reaches only matching hosts or ranges, and deny still wins', () => {
    const p = compileEgressPolicy({ allow: ['*.hooks.example', '192.0.2.0/24', '169.254.169.254'] });
    expect(refusal(() => checkAddress('x.hooks.example', '203.0.113.9', p))).toBeUndefined();
    expect(refusal(() => checkAddress('other.example', '192.0.2.7', p))).toBeUndefined();
    expect(refusal(() => checkAddress('other.example', '203.0.113.9', p))?.message).toMatch(/not on the allow list/);
    expect(refusal(() => checkAddress('x.hooks.example', '169.254.169.254', p))?.message).toMatch(/link-local/);
  });

  it('lets a connection narrow but never widen the installation policy', () => {
    const base = compileEgressPolicy({ allowLoopback: false, allow: ['*.example'] });
    const narrowed = narrowEgressPolicy(base, { allowLoopback: true, allow: ['a.example'], deny: ['203.0.113.0/24'] });
    expect(narrowed.allowLoopback).toBe(false);
    expect(refusal(() => checkAddress('a.example', '198.51.100.1', narrowed))).toBeUndefined();
    expect(refusal(() => checkAddress('b.example', '198.51.100.1', narrowed))?.message).toMatch(/allow list/);
    expect(refusal(() => checkAddress('a.example', '203.0.113.5', narrowed))).toBeDefined();
    expect(refusal(() => checkAddress('a.other', '198.51.100.1', narrowEgressPolicy(base, { allow: ['a.other'] })))?.message).toMatch(/allow list/);
  });

  it('names the bad entry of a configuration', () => {
    expect(() => compileEgressPolicy({ deny: ['10.0.0.0/8', '300.1.1.1/8'] }, '/connection/settings/egress')).toThrow(
      expect.objectContaining({ field: '/connection/settings/egress/deny/1' }),
    );
    expect(() => compileEgressPolicy({ allow: ['bad host!'] })).toThrow(EgressPolicyError);
    expect(() => compileEgressPolicy({ maxRedirects: -1 })).toThrow(/maxRedirects/);
  });
});

describe('parseEgressEntry', () => {
  it('never throws anything but EgressPolicyError, and a host check never throws anything but a refusal', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.domain(), fc.ipV4(), fc.ipV6(), fc.stringMatching(/^[0-9a-f:.*[\]/]{1,30}$/)), (entry) => {
        let policy;
        try {
          parseEgressEntry(entry, '/deny/0');
          policy = compileEgressPolicy({ deny: [entry] });
        } catch (err) {
          expect(err).toBeInstanceOf(EgressPolicyError);
          return;
        }
        try {
          checkHost(entry, policy);
        } catch (err) {
          expect(err).toBeInstanceOf(EgressRefusedError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a denied domain is refused, its parent is not', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        const policy = compileEgressPolicy({ deny: [`*.${domain}`] });
        expect(() => checkHost(`x.${domain}`, policy)).toThrow(EgressRefusedError);
        expect(() => checkHost(domain, policy)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
