import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../sdk/index.ts';
import { indicatorInputSchema, observableOf, type IndicatorInput } from './indicator.ts';
import { submitIndicator } from './indicators-connector.ts';
import { openSqliteIndicatorStore } from './sqlite-indicator-store.ts';

// Spellings a caller may send: random case, padding, a trailing dot on domains, uncompressed IPv6.
const randomCase = (s: string) => fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((up) => [...s].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
const padded = (value: fc.Arbitrary<string>) => fc.tuple(fc.constantFrom('', ' ', '\t'), value, fc.constantFrom('', ' ', '\n')).map(([a, v, b]) => `${a}${v}${b}`);
// Every group written out in four digits ("2001:0db8:0000:…"): the URL serializer never uses dotted IPv4.
function uncompressed(canonical: string): string {
  const [head = '', tail] = canonical.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => g.padStart(4, '0')).join(':');
}
const spelledIPv6 = fc.ipV6().chain((ip) => {
  const canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  return fc.constantFrom(ip, canonical, uncompressed(canonical));
});

const base64Run = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'), minLength: 1, maxLength: 64 });

// The stored hash, from the input alone: hex digests lower-case (a TLSH "T1" prefix upper-case);
// ctph, unknown and a non-hex lsHash exactly as sent, trimmed.
function expectedHash(observable: Record<string, unknown>): string {
  const type = String(observable.fileHashType).toLowerCase();
  const value = String(observable.fileHashValue).trim();
  if (type === 'ctph' || type === 'unknown') return value;
  if (type === 'lshash') {
    const hex = /^(t1)?([0-9a-f]+)$/i.exec(value);
    return hex ? `${hex[1] ? 'T1' : ''}${hex[2]!.toLowerCase()}` : value;
  }
  return value.toLowerCase();
}

const observableInputs: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ field: fc.constantFrom('networkIPv4', 'networkSourceIPv4'), value: padded(fc.ipV4()) }).map(({ field, value }) => ({ [field]: value })),
  fc.record({ field: fc.constantFrom('networkIPv6', 'networkDestinationIPv6'), value: padded(spelledIPv6.chain(randomCase)) }).map(({ field, value }) => ({ [field]: value })),
  padded(fc.tuple(fc.domain().chain(randomCase), fc.constantFrom('', '.')).map(([d, dot]) => d + dot)).map((domainName) => ({ domainName })),
  padded(fc.webUrl()).map((url) => ({ url })),
  fc
    .constantFrom({ fileHashType: 'md5', length: 32 }, { fileHashType: 'sha1', length: 40 }, { fileHashType: 'sha256', length: 64 }, { fileHashType: 'SHA256', length: 64 })
    .chain(({ fileHashType, length }) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length }).map((fileHashValue) => ({ fileHashType, fileHashValue: ` ${fileHashValue}` }))),
  // ssdeep hashes are case-sensitive base64: stored exactly as sent (trimmed).
  fc
    .tuple(fc.integer({ min: 0, max: 20 }), base64Run, base64Run, fc.constantFrom('ctph', 'CTPH'))
    .map(([n, a, b, fileHashType]) => ({ fileHashType, fileHashValue: ` ${3 * 2 ** n}:${a}:${b}` })),
  // TLSH (lsHash) is hex: any case, with or without its "T1" prefix.
  fc
    .tuple(fc.constantFrom('', 'T1', 't1'), fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 70, maxLength: 70 }))
    .map(([prefix, hex]) => ({ fileHashType: 'lsHash', fileHashValue: `${prefix}${hex}` })),
  // Anything at all, most of it refused.
  fc.record({ field: fc.constantFrom('networkIPv4', 'networkIPv6', 'domainName', 'url', 'fileHashValue'), value: fc.string({ unit: 'binary', maxLength: 80 }) }).map(({ field, value }) => ({ [field]: value, fileHashType: 'lsHash' })),
);

const fieldOf = (o: Record<string, unknown>) => ['networkIPv4', 'networkSourceIPv4', 'networkIPv6', 'networkDestinationIPv6', 'domainName', 'url', 'fileHashValue'].find((f) => typeof o[f] === 'string' && (o[f] as string).trim() !== '');

describe('the stored observable value', () => {
  const store = openSqliteIndicatorStore({ path: ':memory:' });
  afterAll(() => store.close());

  it('is observableOf(input).value for any accepted input, and normalizing it again changes nothing', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(observableInputs, async (observable) => {
        const input: IndicatorInput = indicatorInputSchema.parse({ action: 'block', expirationDateTime: '2099-01-01T00:00:00Z', ...observable });
        let expected;
        try {
          expected = observableOf(input);
        } catch (err) {
          expect(err).toBeInstanceOf(ConnectorError);
          await expect(submitIndicator(store, input, new Date(), 'test')).rejects.toBeInstanceOf(ConnectorError);
          return;
        }
        accepted += 1;
        const { indicator } = await submitIndicator(store, input, new Date(), 'test');
        const stored = (await store.get(indicator.id))! as unknown as Record<string, unknown>;
        const field = fieldOf(observable)!;
        expect(stored[field]).toBe(expected.value);
        if (field === 'fileHashValue') expect(stored[field]).toBe(expectedHash(observable));
        expect(stored.key).toBe(expected.key);
        expect(observableOf(stored as unknown as IndicatorInput)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
    // The generators are mostly valid spellings: the property was about stored values, not refusals.
    expect(accepted).toBeGreaterThan(200);
  });
});
