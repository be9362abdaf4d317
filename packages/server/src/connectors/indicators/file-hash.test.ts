import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeFileHash } from './file-hash.ts';

const ssdeep = '96:s4Ud1Lj96tHHlZDrwciQmA+4uy1I0G4HYuL8N3TzS8QsO/wqWXLcUYhE:+Vx+8tvHruPY4H1I0G4DbHg';
const tlsh = 'T1A5B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3';

const base64 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'), minLength: 1, maxLength: 64 });
const ctph = fc.tuple(fc.integer({ min: 0, max: 30 }), base64, base64).map(([n, a, b]) => `${3 * 2 ** n}:${a}:${b}`);
const randomCase = (s: string) => fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((up) => [...s].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

describe('normalizeFileHash', () => {
  it('keeps a ctph (ssdeep) hash in its case, and lower-cases hexadecimal digests', () => {
    expect(normalizeFileHash('ctph', ssdeep)).toEqual({ value: ssdeep });
    expect(normalizeFileHash('md5', 'D41D8CD98F00B204E9800998ECF8427E')).toEqual({ value: 'd41d8cd98f00b204e9800998ecf8427e' });
    expect(normalizeFileHash('authenticodeHash256', 'AB'.repeat(32))).toEqual({ value: 'ab'.repeat(32) });
    // TLSH: hex lower-cased, the version prefix as the reference implementation reads it ("T1").
    expect(normalizeFileHash('lsHash', tlsh)).toEqual({ value: `T1${tlsh.slice(2).toLowerCase()}` });
    expect(normalizeFileHash('lsHash', `t1${tlsh.slice(2)}`)).toEqual({ value: `T1${tlsh.slice(2).toLowerCase()}` });
    expect(normalizeFileHash('lsHash', tlsh.slice(2))).toEqual({ value: tlsh.slice(2).toLowerCase() });
    // Not hex: an lsHash of unknown form, and `unknown`, are kept as sent.
    expect(normalizeFileHash('lsHash', 'Lsh:AbC/xyz')).toEqual({ value: 'Lsh:AbC/xyz' });
    expect(normalizeFileHash('unknown', 'DeadBeef')).toEqual({ value: 'DeadBeef' });
  });

  it('refuses what is not a ctph hash, saying which shape it expects', () => {
    for (const bad of ['96:abc', '96:abc:def:ghi', ':abc:def', '096:abc:def', '96::def', '96:abc:', 'x:abc:def', '96:ab-c:def', '96:abc:de=f', `96:${'a'.repeat(65)}:b`, '96:abc:def,"file.exe"']) {
      expect(normalizeFileHash('ctph', bad), bad).toEqual({ problem: expect.stringMatching(/<blocksize>:<hash>:<hash>/) });
    }
    expect(normalizeFileHash('ctph', '97:abc:def')).toEqual({ problem: expect.stringMatching(/'97' is not a ctph block size/) });
    expect(normalizeFileHash('ctph', '0:abc:def')).toEqual({ problem: expect.stringMatching(/<blocksize>/) });
  });

  it('keeps every ctph hash as it is; two that differ only in case stay two values (property)', () => {
    fc.assert(
      fc.property(ctph, (hash) => {
        expect(normalizeFileHash('ctph', hash)).toEqual({ value: hash });
      }),
    );
  });

  it('gives every spelling of a hex digest the same lower-case value (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(['md5', 32], ['sha1', 40], ['sha256', 64], ['authenticodeHash256', 64], ['lsHash', 70]).chain(([type, length]) =>
          fc.tuple(fc.constant(type as string), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length as number, maxLength: length as number }).chain((hex) => fc.tuple(fc.constant(hex), randomCase(hex)))),
        ),
        ([type, [hex, spelled]]) => {
          expect(normalizeFileHash(type, spelled)).toEqual({ value: hex });
        },
      ),
    );
  });
});
