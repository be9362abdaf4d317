import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeXmlName, jsonToXml, parseXml, xmlToJson } from './xml-json.ts';

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const text = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', '<', '&', '>', '"', 'é'), minLength: 1 }).filter((t) => t.trim() !== '');

/** JSON trees that survive XML unchanged: non-blank text leaves, non-empty objects, arrays of two or more. */
const tree = fc.letrec<{ node: unknown; object: Record<string, unknown> }>((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, text, tie('object'), fc.array(fc.oneof(text, tie('object')), { minLength: 2, maxLength: 3 })),
  object: fc.dictionary(name, tie('node'), { minKeys: 1, maxKeys: 3 }),
}));

describe('XML and JSON', () => {
  it('json(xml(x)) is x for trees XML can carry', () => {
    fc.assert(
      fc.property(name, fc.oneof(text, tree.object), (root, value) => {
        const json = { [root]: value };
        expect(xmlToJson(parseXml('test', 0, jsonToXml('test', 0, json)))).toEqual(json);
      }),
    );
  });
  it('collapses a single repeated element to an object, as Newtonsoft does', () => {
    expect(xmlToJson(parseXml('t', 0, jsonToXml('t', 0, { r: { i: ['only'] } })))).toEqual({ r: { i: 'only' } });
  });
  it('encodes characters that cannot start or appear in an XML name', () => {
    expect(encodeXmlName('1st name')).toBe('_x0031_st_x0020_name');
    expect(encodeXmlName('ok-name.2')).toBe('ok-name.2');
  });
});
