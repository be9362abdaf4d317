import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAlertInput } from '../alerts/alert-intake.ts';
import { BadRequestError } from './errors.ts';
import { normalizeTimestamp } from './timestamp.ts';

describe('timestamp parser', () => {
  it('never throws, and what it accepts is a fixed-width UTC timestamp that parses back to the same instant', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const out = normalizeTimestamp(s);
        if (out !== undefined) expect(out).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
      }),
    );
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }), (d) => {
        const out = normalizeTimestamp(d.toISOString())!;
        expect(Date.parse(out)).toBe(d.getTime());
      }),
    );
  });

  it('orders normalized timestamps as text the way they are ordered in time', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true, min: new Date('1000-01-01'), max: new Date('9999-01-01') }), fc.date({ noInvalidDate: true, min: new Date('1000-01-01'), max: new Date('9999-01-01') }), (a, b) => {
        const [x, y] = [normalizeTimestamp(a.toISOString())!, normalizeTimestamp(b.toISOString())!];
        expect(Math.sign(x.localeCompare(y, 'en'))).toBe(Math.sign(a.getTime() - b.getTime()));
      }),
    );
  });
});

describe('alert input parser', () => {
  it('throws nothing but a BadRequestError naming a JSON pointer, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ title: fc.jsonValue(), severity: fc.jsonValue(), evidence: fc.jsonValue(), vendorInformation: fc.jsonValue() }, { requiredKeys: [] })), (input) => {
        try {
          parseAlertInput(input, '/body');
        } catch (err) {
          expect(err).toBeInstanceOf(BadRequestError);
          expect((err as BadRequestError).field).toMatch(/^\/body(\/|$)/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
