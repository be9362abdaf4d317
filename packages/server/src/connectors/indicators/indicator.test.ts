import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConnectorError } from '../sdk/index.ts';
import { indicatorInputSchema, observableOf } from './indicator.ts';

const fields = ['networkIPv4', 'networkDestinationIPv4', 'networkIPv6', 'domainName', 'url', 'fileHashValue'] as const;

describe('observableOf', () => {
  it('normalizes each kind of observable', () => {
    const of = (body: Record<string, unknown>) => observableOf(indicatorInputSchema.parse({ action: 'block', expirationDateTime: '2030-01-01T00:00:00Z', ...body }));
    expect(of({ networkDestinationIPv4: ' 198.51.100.7 ' })).toEqual({ type: 'ipv4', value: '198.51.100.7', key: 'ipv4:198.51.100.7' });
    expect(of({ networkIPv6: '2001:DB8:0000::0001' })).toMatchObject({ value: '2001:db8::1' });
    expect(of({ domainName: 'Evil.Example.' })).toMatchObject({ value: 'evil.example' });
    expect(of({ fileHashType: 'SHA1', fileHashValue: 'A'.repeat(40) })).toEqual({ type: 'fileHash', hashType: 'sha1', value: 'a'.repeat(40), key: `fileHash:sha1:${'a'.repeat(40)}` });
    expect(() => of({ fileHashValue: 'a'.repeat(40) })).toThrow(/fileHashType/);
    // Exported lists are line-based: a value with a line break or control character would inject a line.
    expect(() => of({ fileHashType: 'ctph', fileHashValue: '\u0000\n\u0000' })).toThrow(/control characters/);
    expect(() => of({ domainName: 'xn--\nevil.example' })).toThrow(/control characters/);
    expect(() => of({ fileHashType: 'lsHash', fileHashValue: 'abc def' })).toThrow(/whitespace/);
    expect(of({ domainName: 'xn--bcher-kva.example' })).toMatchObject({ value: 'xn--bcher-kva.example' });
    // A zone index made the URL parser throw a TypeError (a 500); it is a typed refusal naming the field.
    expect(() => of({ networkIPv6: 'fe80::1%eth0' })).toThrow(ConnectorError);
    expect(() => of({ networkIPv6: 'fe80::1%eth0' })).toThrow(/^\/body\/networkIPv6: .*zone/);
  });

  it('keeps a ctph hash in its case (two spellings are two observables) and refuses a bad one naming the field', () => {
    const of = (body: Record<string, unknown>) => observableOf(indicatorInputSchema.parse({ action: 'block', expirationDateTime: '2030-01-01T00:00:00Z', ...body }));
    const ssdeep = '96:s4Ud1Lj96tHHlZDrwciQmA+4uy1I0G4HYuL8N3TzS8QsO/wqWXLcUYhE:+Vx+8tvHruPY4H1I0G4DbHg';
    expect(of({ fileHashType: 'CTPH', fileHashValue: ` ${ssdeep} ` })).toEqual({ type: 'fileHash', hashType: 'ctph', value: ssdeep, key: `fileHash:ctph:${ssdeep}` });
    expect(of({ fileHashType: 'ctph', fileHashValue: ssdeep.toLowerCase() }).key).not.toBe(of({ fileHashType: 'ctph', fileHashValue: ssdeep }).key);
    expect(() => of({ fileHashType: 'ctph', fileHashValue: 'AbC' })).toThrow(/^\/body\/fileHashValue: expected a ctph hash shaped <blocksize>:<hash>:<hash>/);
    expect(of({ fileHashType: 'unknown', fileHashValue: ' MixedCase ' })).toMatchObject({ value: 'MixedCase', key: 'fileHash:unknown:MixedCase' });
    expect(of({ fileHashType: 'lsHash', fileHashValue: `t1${'AB'.repeat(35)}` })).toMatchObject({ value: `T1${'ab'.repeat(35)}` });
  });

  it('never throws anything but its typed error, whatever the value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(...['md5', 'sha256', 'ctph', undefined]), (field, value, hashType) => {
        const input = indicatorInputSchema.parse({ action: 'block', expirationDateTime: '2030-01-01T00:00:00Z', [field]: value, ...(hashType ? { fileHashType: hashType } : {}) });
        try {
          const o = observableOf(input);
          expect(o.key.startsWith(`${o.type}:`)).toBe(true);
          expect(o.value).not.toMatch(/[\s\p{Cc}]/u);
        } catch (err) {
          expect(err).toBeInstanceOf(ConnectorError);
          expect((err as ConnectorError).field).toMatch(/^\/body(\/|$)/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
