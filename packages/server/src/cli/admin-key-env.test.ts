import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adminKeyFromEnv, maxAdminKeyLength, minAdminKeyLength } from './admin-key-env.ts';
import { CliUsageError } from './errors.ts';

const keyChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/='.split(''));

describe('RIPOSTE_API_KEY', () => {
  it('is none when unset or empty', () => {
    expect(adminKeyFromEnv({})).toBeUndefined();
    expect(adminKeyFromEnv({ RIPOSTE_API_KEY: '' })).toBeUndefined();
  });

  it('is taken as it is when long enough and printable without spaces', () => {
    fc.assert(
      fc.property(fc.array(keyChar, { minLength: minAdminKeyLength, maxLength: maxAdminKeyLength }), (chars) => {
        const key = chars.join('');
        expect(adminKeyFromEnv({ RIPOSTE_API_KEY: key })).toBe(key);
      }),
    );
  });

  it('is a usage error, never echoing the key, when too short, too long, or holding whitespace or control characters', () => {
    // Every key starts with a marker the message could not hold unless it echoed the key.
    const marker = 'Zq9x';
    const tooShort = fc.array(keyChar, { maxLength: minAdminKeyLength - 1 - marker.length }).map((c) => marker + c.join(''));
    const tooLong = fc.array(keyChar, { minLength: maxAdminKeyLength + 1, maxLength: maxAdminKeyLength + 40 }).map((c) => marker + c.join(''));
    const withBlank = fc
      .tuple(fc.array(keyChar, { minLength: 10, maxLength: 30 }), fc.constantFrom(' ', '\t', '\n', '\r', '\u0000', '\u007f'), fc.array(keyChar, { minLength: 10, maxLength: 30 }))
      .map(([a, blank, b]) => `${marker}${a.join('')}${blank}${b.join('')}`);
    fc.assert(
      fc.property(fc.oneof(tooShort, tooLong, withBlank), (key) => {
        let thrown: unknown;
        try {
          adminKeyFromEnv({ RIPOSTE_API_KEY: key });
        } catch (err) {
          thrown = err;
        }
        expect(thrown).toBeInstanceOf(CliUsageError);
        expect((thrown as Error).message).toContain('RIPOSTE_API_KEY must be');
        expect((thrown as Error).message).not.toContain(marker);
      }),
    );
  });
});
