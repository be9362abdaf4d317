import { describe, expect, it } from 'vitest';
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
});
