import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../sdk/connector-error.ts';
import { parseSecretKey } from './secret-key.ts';

describe('parseSecretKey', () => {
  it('reads every 32-byte key in hex, base64 and base64url, and refuses anything else with its typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const b = Buffer.from(bytes);
        for (const text of [b.toString('hex'), b.toString('hex').toUpperCase(), b.toString('base64'), b.toString('base64url'), ` ${b.toString('base64')}\n`]) {
          expect(parseSecretKey(text).bytes.equals(b)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.uint8Array({ maxLength: 64 }).filter((u) => u.length !== 32).map((u) => Buffer.from(u).toString('base64'))), (text) => {
        try {
          expect(parseSecretKey(text).bytes.length).toBe(32);
        } catch (err) {
          expect(err).toBeInstanceOf(ConnectorError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
