import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.ts';
import {
  callFunction as call,
  evaluateOnFixedHost as run,
  expectInvalidArgument as expectInvalid,
} from '../testing/call-function.ts';

/** Calls `name`; any failure must be an ExpressionError (used by the property tests). */
function callOrExpressionError(name: string, args: unknown[]): unknown {
  try {
    return call(name, args);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return undefined;
  }
}

const octets = (base64: string) => ({ '$content-type': 'application/octet-stream', '$content': base64 });

describe('array / createArray', () => {
  it('follow the documented examples', () => {
    expect(call('array', ['hello'])).toEqual(['hello']);
    expect(call('createArray', ['h', 'e', 'l', 'l', 'o'])).toEqual(['h', 'e', 'l', 'l', 'o']);
  });
  it('array() takes over the items of an array and wraps anything else', () => {
    expect(call('array', [[1, 2]])).toEqual([1, 2]);
    expect(call('array', [{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(call('array', [null])).toEqual([null]);
  });
});

describe('string', () => {
  it('follows the documented examples', () => {
    expect(call('string', [10])).toBe('10');
    expect(call('string', [{ name: 'Sophie Owen' }])).toBe('{"name":"Sophie Owen"}');
  });
  it('converts null to the empty string and booleans as .NET prints them', () => {
    expect(call('string', [null])).toBe('');
    expect(call('string', [false])).toBe('False');
    expect(call('string', [0.1])).toBe('0.1');
  });
});

describe('bool / int / float / decimal', () => {
  it('bool follows the documented table', () => {
    expect(call('bool', [1])).toBe(true);
    expect(call('bool', [0])).toBe(false);
    expect(call('bool', [-1])).toBe(true);
    expect(call('bool', ['true'])).toBe(true);
    expect(call('bool', ['false'])).toBe(false);
    expect(call('bool', [' TRUE '])).toBe(true);
  });
  it('bool rejects other text and objects', () => {
    expectInvalid('bool', ['yes'], 'first argument');
    expectInvalid('bool', [{ a: 1 }], 'first argument');
  });
  it('int follows the documented example and .NET integer parsing', () => {
    expect(call('int', ['10'])).toBe(10);
    expect(call('int', [' -7 '])).toBe(-7);
    expect(call('int', [42])).toBe(42);
  });
  it('int rejects decimals, text and integers it cannot hold exactly', () => {
    expectInvalid('int', ['10.5'], 'first argument');
    expectInvalid('int', ['abc'], 'first argument');
    expectInvalid('int', ['9007199254740993'], 'first argument');
    expectInvalid('int', [true], 'first argument');
  });
  it('float follows the documented examples', () => {
    expect(call('float', ['10.333'])).toBe(10.333);
    expect(call('float', ['10,000.333'])).toBe(10000.333);
    expect(call('float', ['10.000,333', 'de-DE'])).toBe(10000.333);
  });
  it('float rejects text that is not a number and unknown locales', () => {
    expectInvalid('float', ['ten'], 'first argument');
    expectInvalid('float', ['1e999'], 'first argument');
    expectInvalid('float', ['1.5', 'xx-not-a-locale'], 'second argument');
  });
  it('decimal reads a decimal string (as a double: about 16 significant digits)', () => {
    expect(call('decimal', ['1.2345678912312131'])).toBe(1.234567891231213);
    expect(run("@add(decimal('1.2345678912312131'), decimal('1.2345678912312131'))")).toBe(2.469135782462426);
  });
  it('int(string(n)) is n for every exact integer', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(call('int', [call('string', [n])])).toBe(n);
      }),
    );
  });
  it('float(string(x)) is x for every finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(call('float', [call('string', [x])])).toBe(x === 0 ? 0 : x);
      }),
    );
  });
  it('number parsers only ever fail with ExpressionError', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        callOrExpressionError('int', [text]);
        callOrExpressionError('float', [text]);
        expect(typeof call('isFloat', [text])).toBe('boolean');
      }),
    );
  });
});

describe('json', () => {
  it('follows the documented examples', () => {
    expect(call('json', ['[1, 2, 3]'])).toEqual([1, 2, 3]);
    expect(call('json', ['{"fullName": "Sophia Owen"}'])).toEqual({ fullName: 'Sophia Owen' });
  });
  it('converts XML as the documented examples show', () => {
    expect(
      run(
        `@json(xml('<?xml version="1.0"?> <root> <person id="1"> <name>Sophia Owen</name> <occupation>Engineer</occupation> </person> </root>'))`,
      ),
    ).toEqual({
      '?xml': { '@version': '1.0' },
      root: { person: { '@id': '1', name: 'Sophia Owen', occupation: 'Engineer' } },
    });
    expect(
      run(
        `@json(xml('<?xml version="1.0"?> <root> <person id="1"> <name>Sophia Owen</name> <occupation>Engineer</occupation> </person> <person id="2"> <name>John Doe</name> <occupation>Engineer</occupation> </person> </root>'))`,
      ),
    ).toEqual({
      '?xml': { '@version': '1.0' },
      root: {
        person: [
          { '@id': '1', name: 'Sophia Owen', occupation: 'Engineer' },
          { '@id': '2', name: 'John Doe', occupation: 'Engineer' },
        ],
      },
    });
  });
  it('maps <b/> to null, <b></b> to "" and mixed content to #text, as Newtonsoft does', () => {
    expect(run("@json(xml('<a><b/><e></e><f x=\"/>\"\r\n></f><c x=\"1\">t</c></a>'))")).toEqual({
      a: { b: null, e: '', f: { '@x': '/>' }, c: { '@x': '1', '#text': 't' } },
    });
    expect(run("@json(xml('<a>\n  <b>\n  </b>\n  <g />\n</a>'))")).toEqual({ a: { b: '', g: null } });
  });
  it('returns an empty object for null and passes JSON values through', () => {
    expect(call('json', [null])).toEqual({});
    expect(call('json', [[1]])).toEqual([1]);
  });
  it('rejects text that is not JSON', () => {
    expectInvalid('json', ['{oops'], 'first argument');
    expectInvalid('json', [''], 'first argument');
  });
  it('json(string(x)) is x for JSON objects and arrays', () => {
    const container = fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()));
    fc.assert(
      fc.property(container, (value) => {
        // JSON has no negative zero; compare with the value JSON itself would round-trip to.
        expect(call('json', [call('string', [value])])).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
  it('json only ever fails with ExpressionError on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (text) => void callOrExpressionError('json', [text])));
  });
});

describe('base64 and binary', () => {
  it('follow the documented examples', () => {
    expect(call('base64', ['hello'])).toBe('aGVsbG8=');
    expect(call('base64ToString', ['aGVsbG8='])).toBe('hello');
    expect(call('decodeBase64', ['aGVsbG8='])).toBe('hello');
    expect(call('base64ToBinary', ['aGVsbG8='])).toEqual(octets('aGVsbG8='));
    expect(call('binary', ['hello'])).toEqual(octets('aGVsbG8='));
  });
  it('decode binary content envelopes implicitly', () => {
    expect(call('base64ToString', [octets('aGVsbG8=')])).toBe('hello');
    expect(call('base64', [octets('aGVsbG8=')])).toBe('aGVsbG8=');
    expect(call('base64', [octets('/9j/4A==')])).toBe('/9j/4A==');
    expect(call('base64', [{ a: 1 }])).toBe(Buffer.from('{"a":1}').toString('base64'));
    expect(call('string', [call('binary', ['héllo'])])).toBe('héllo');
  });
  it('reject text that is not base64, as .NET does', () => {
    expectInvalid('base64ToString', ['aGVsbG8'], 'first argument');
    expectInvalid('base64ToBinary', ['a*=='], 'first argument');
    expectInvalid('base64', [null], 'first argument');
  });
  it('base64ToString(base64(s)) is s', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(call('base64ToString', [call('base64', [text])])).toBe(text);
      }),
    );
  });
  it('base64 decoders only ever fail with ExpressionError', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        callOrExpressionError('base64ToString', [text]);
        callOrExpressionError('base64ToBinary', [text]);
      }),
    );
  });
});

describe('data URIs', () => {
  const uri = 'data:text/plain;charset=utf-8;base64,aGVsbG8=';
  it('follow the documented examples', () => {
    expect(call('dataUri', ['hello'])).toBe(uri);
    expect(call('dataUriToString', [uri])).toBe('hello');
    expect(call('dataUriToBinary', [uri])).toEqual({ '$content-type': 'text/plain;charset=utf-8', '$content': 'aGVsbG8=' });
    expect(call('decodeDataUri', [uri])).toEqual(call('dataUriToBinary', [uri]));
  });
  it('read percent-encoded data URIs and keep an envelope content type', () => {
    expect(call('dataUriToString', ['data:,a%20b'])).toBe('a b');
    expect(call('dataUriToBinary', ['data:,x'])).toEqual({ '$content-type': 'text/plain;charset=US-ASCII', '$content': 'eA==' });
    expect(call('dataUri', [{ '$content-type': 'image/png', '$content': 'AAE=' }])).toBe('data:image/png;base64,AAE=');
  });
  it('reject text that is not a data URI', () => {
    expectInvalid('dataUriToString', ['hello'], 'first argument');
    expectInvalid('dataUriToBinary', ['data:text/plain;base64,%%%'], 'first argument');
  });
  it('dataUriToString(dataUri(s)) is s', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(call('dataUriToString', [call('dataUri', [text])])).toBe(text);
        callOrExpressionError('dataUriToBinary', [text]);
      }),
    );
  });
});

describe('URI components', () => {
  it('follow the documented examples', () => {
    expect(call('encodeUriComponent', ['https://contoso.com'])).toBe('https%3A%2F%2Fcontoso.com');
    expect(call('uriComponent', ['https://contoso.com'])).toBe('https%3A%2F%2Fcontoso.com');
    expect(call('decodeUriComponent', ['https%3A%2F%2Fcontoso.com'])).toBe('https://contoso.com');
    expect(call('uriComponentToString', ['https%3A%2F%2Fcontoso.com'])).toBe('https://contoso.com');
    expect(call('uriComponentToBinary', ['https%3A%2F%2Fcontoso.com'])).toEqual(
      octets(Buffer.from('https://contoso.com').toString('base64')),
    );
  });
  it('encodeUriComponent encodes the concatenation of several arguments, as designer-generated definitions use it', () => {
    expect(call('encodeUriComponent', ['workflows/', 'my app', '/runs'])).toBe('workflows%2Fmy%20app%2Fruns');
    expect(call('encodeUriComponent', ['', null, 7])).toBe('7');
    expectInvalid('encodeUriComponent', ['a', { b: 1 }], 'second argument');
  });
  it('escape everything outside the RFC 3986 unreserved set, as .NET does', () => {
    expect(call('uriComponent', ["a b!*'()~._-é"])).toBe('a%20b%21%2A%27%28%29~._-%C3%A9');
  });
  it('leave malformed escapes as written when decoding', () => {
    expect(call('decodeUriComponent', ['100%', ])).toBe('100%');
    expect(call('decodeUriComponent', ['%E2%82%AC%FF%41'])).toBe('€%FFA');
    expect(call('decodeUriComponent', ['a+b'])).toBe('a+b');
  });
  it('decodeUriComponent(encodeUriComponent(s)) is s', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(call('decodeUriComponent', [call('encodeUriComponent', [text])])).toBe(text);
      }),
    );
  });
  it('decodeUriComponent never fails on a string', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('%', 'A', 'f', '0', 'E', '2', 'x') }), (text) => {
        expect(typeof call('decodeUriComponent', [text])).toBe('string');
      }),
    );
  });
});

describe('xml', () => {
  const xmlText = (value: unknown) => call('string', [value]);
  it('follows the documented examples', () => {
    expect(xmlText(call('xml', ['<name>Sophia Owen</name>']))).toBe('<name>Sophia Owen</name>');
    expect(xmlText(run(`@xml(json('{ "name": "Sophia Owen" }'))`))).toBe('<name>Sophia Owen</name>');
    expect(xmlText(run(`@xml(json('{"person": {"name": "Sophia Owen", "city": "Seattle"}}'))`))).toBe(
      '<person><name>Sophia Owen</name><city>Seattle</city></person>',
    );
  });
  it('also reads a string holding a JSON object, as the reference describes', () => {
    expect(xmlText(call('xml', ['{ "name": "Sophia Owen" }']))).toBe('<name>Sophia Owen</name>');
    expectInvalid('xml', ['{ "a": 1, "b": 2 }'], 'first argument');
  });
  it('returns an application/xml content envelope', () => {
    expect(call('xml', ['<a/>'])).toEqual({
      '$content-type': 'application/xml;charset=utf-8',
      '$content': Buffer.from('<a/>').toString('base64'),
    });
  });
  it('maps attributes, arrays, null and escapes from JSON', () => {
    expect(xmlText(call('xml', [{ r: { '@id': 1, i: ['a<b', true], e: null, '#text': 'x' } }]))).toBe(
      '<r id="1"><i>a&lt;b</i><i>true</i><e />x</r>',
    );
  });
  it('rejects malformed XML and JSON without a single root', () => {
    expectInvalid('xml', ['<a>'], 'first argument');
    expectInvalid('xml', [{ a: 1, b: 2 }], 'first argument');
    expectInvalid('xml', [{ a: [1, 2] }], 'first argument');
    expectInvalid('xml', [12], 'first argument');
  });
  it('does not expand entities declared in a DTD', () => {
    expectInvalid('xml', ['<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>'], 'first argument');
  });
  it('only ever fails with ExpressionError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '/', 'a', '"', '=', ' ', '&', ';', '?', '!') }), (text) => {
        callOrExpressionError('xml', [text]);
      }),
    );
  });
});

describe('through full expressions', () => {
  it('chains conversions', () => {
    expect(run("@base64ToString(base64(concat('a', string(1))))")).toBe('a1');
    expect(run("@int(string(add(1, 2)))")).toBe(3);
    expect(run("@{bool('True')}")).toBe('True');
  });
});
