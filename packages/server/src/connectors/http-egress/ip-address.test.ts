import { BlockList, isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, EgressPolicyError, embeddedIpv4, formatIp, parseCidr, parseIp, type IpAddress } from './ip-address.ts';

const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((bytes): IpAddress => ({ family: 4, bytes }));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes): IpAddress => ({ family: 6, bytes }));

describe('parseIp', () => {
  it('reads the usual forms', () => {
    expect(formatIp(parseIp('169.254.169.254')!)).toBe('169.254.169.254');
    expect(formatIp(parseIp('[fe80::1%eth0]')!)).toBe('fe80::1');
    expect(formatIp(parseIp('::ffff:169.254.169.254')!)).toBe('::ffff:a9fe:a9fe');
    expect(formatIp(parseIp('FD00:EC2:0:0:0:0:0:254')!)).toBe('fd00:ec2::254');
    expect(formatIp(parseIp('::')!)).toBe('::');
  });

  it('refuses what is not an address', () => {
    for (const t of ['', '1.2.3', '1.2.3.4.5', '01.2.3.4', '256.0.0.1', '1::2::3', '1:2:3:4:5:6:7:8:9', ':::', 'example.com', '1.2.3.4::', '::1.2.3.4:5', 'g::1']) {
      expect(parseIp(t), t).toBeUndefined();
    }
  });

  it('round-trips every address through its canonical text', () => {
    fc.assert(fc.property(fc.oneof(ipv4, ipv6), (ip) => {
        expect(parseIp(formatIp(ip))).toEqual(ip);
      }));
  });

  it('agrees with Node on which texts are addresses, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.stringMatching(/^[0-9a-f:.]{1,40}$/)), (t) => {
        expect(parseIp(t)?.family ?? 0).toBe(isIP(t));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseCidr', () => {
  it('masks host bits and reads single addresses as full-length ranges', () => {
    expect(formatIp(parseCidr('169.254.7.9/16'))).toBe('169.254.0.0');
    expect(parseCidr('10.1.2.3').prefix).toBe(32);
    expect(parseCidr('fe80::/10').prefix).toBe(10);
  });

  it('refuses bad entries with its typed error naming the entry', () => {
    for (const t of ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/08', 'abc/8', '1.2.3.4/-1', 'fe80::1%eth0/64']) {
      expect(() => parseCidr(t, '/settings/egress/deny/0'), t).toThrow(EgressPolicyError);
    }
  });

  it('never throws anything but EgressPolicyError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (t) => {
        try {
          parseCidr(t);
        } catch (err) {
          expect(err).toBeInstanceOf(EgressPolicyError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('contains exactly what Node BlockList says the subnet contains', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4, ipv6), fc.oneof(ipv4, ipv6), fc.nat(128), (net, ip, p) => {
        const prefix = p % (net.family === 4 ? 33 : 129);
        const range = parseCidr(`${formatIp(net)}/${prefix}`);
        const list = new BlockList();
        list.addSubnet(formatIp(net), prefix, net.family === 4 ? 'ipv4' : 'ipv6');
        const type = ip.family === 4 ? 'ipv4' : 'ipv6';
        if (net.family === ip.family) expect(cidrContains(range, ip)).toBe(list.check(formatIp(ip), type));
        else expect(cidrContains(range, ip)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('embeddedIpv4', () => {
  it('finds the IPv4 host inside mapped, NAT64 and compatible forms', () => {
    for (const t of ['::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '64:ff9b::169.254.169.254', '::169.254.169.254']) {
      expect(formatIp(embeddedIpv4(parseIp(t)!)!), t).toBe('169.254.169.254');
    }
    expect(embeddedIpv4(parseIp('::1')!)).toBeUndefined();
    expect(embeddedIpv4(parseIp('2001:db8::1')!)).toBeUndefined();
  });
});
