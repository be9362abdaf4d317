import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.ts';
import { callFunction } from '../testing/call-function.ts';
import { defaultRegistry } from './index.ts';

/** The functions of Microsoft's reference that the string, collection, conversion, math, URI and manipulation families own. */
const DOCUMENTED = {
  string: 'concat endsWith guid indexOf isFloat isInt lastIndexOf nthIndexOf replace slice split startsWith substring toLower toUpper trim',
  collection: 'chunk contains empty first intersection join last length reverse skip sort take union',
  conversion:
    'array base64 base64ToBinary base64ToString binary bool createArray dataUri dataUriToBinary dataUriToString decimal ' +
    'decodeBase64 decodeDataUri decodeUriComponent encodeUriComponent float int json string uriComponent ' +
    'uriComponentToBinary uriComponentToString xml',
  math: 'add div max min mod mul rand range sub',
  uri: 'uriHost uriPath uriPathAndQuery uriPort uriQuery uriScheme',
  manipulation: 'addProperty coalesce removeProperty setProperty xpath',
};

describe('the default registry', () => {
  it.each(Object.entries(DOCUMENTED))('holds every documented %s function under its documented spelling', (_family, names) => {
    for (const name of names.split(' ')) expect(defaultRegistry.get(name)?.name).toBe(name);
  });
  it('marks only guid and rand as impure among these families', () => {
    const impure = Object.values(DOCUMENTED)
      .flatMap((names) => names.split(' '))
      .filter((name) => !defaultRegistry.get(name)!.pure);
    expect(impure.sort()).toEqual(['guid', 'rand']);
  });
  it.each(Object.values(DOCUMENTED).flatMap((names) => names.split(' ')))(
    '%s returns a JSON value or fails with ExpressionError for any JSON arguments',
    (name) => {
      const spec = defaultRegistry.get(name)!;
      const count = fc.integer({ min: spec.minArgs, max: Math.min(spec.maxArgs, spec.minArgs + 2) });
      fc.assert(
        fc.property(
          count.chain((n) => fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: n, maxLength: n })),
          (args) => {
            let result: unknown;
            try {
              result = callFunction(name, args);
            } catch (error) {
              expect(error).toBeInstanceOf(ExpressionError);
              return;
            }
            expect(result).not.toBeUndefined();
            expect(typeof result === 'number' ? Number.isFinite(result) : true).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
    },
  );
});
