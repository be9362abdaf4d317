import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../compile.ts';
import { ExpressionError } from '../errors.ts';
import { callError, callFunction as call } from '../testing/call-function.ts';
import { fixedHost } from '../testing/fake-workflow.ts';

const URI_FUNCTIONS = ['uriHost', 'uriPath', 'uriPathAndQuery', 'uriPort', 'uriQuery', 'uriScheme'];
const catalog = 'https://www.contoso.com/catalog/shownew.htm?date=today';

describe('URI parsing functions', () => {
  it('follow the documented examples', () => {
    expect(call('uriHost', ['https://www.localhost.com:8080'])).toBe('www.localhost.com');
    expect(call('uriPath', [catalog])).toBe('/catalog/shownew.htm');
    expect(call('uriPathAndQuery', [catalog])).toBe('/catalog/shownew.htm?date=today');
    expect(call('uriPort', ['https://www.localhost:8080'])).toBe(8080);
    expect(call('uriQuery', [catalog])).toBe('?date=today');
    expect(call('uriScheme', [catalog])).toBe('https');
  });
  it('give the scheme default port when none is written, -1 when the scheme has none', () => {
    expect(call('uriPort', ['https://contoso.com/a'])).toBe(443);
    expect(call('uriPort', ['http://contoso.com'])).toBe(80);
    expect(call('uriPort', ['ftp://files.contoso.com'])).toBe(21);
    expect(call('uriPort', ['urn:isbn:0451450523'])).toBe(-1);
  });
  it('give "/" as the path and "" as the query when the URI has none', () => {
    expect(call('uriPath', ['https://contoso.com'])).toBe('/');
    expect(call('uriPathAndQuery', ['https://contoso.com'])).toBe('/');
    expect(call('uriQuery', ['https://contoso.com/x'])).toBe('');
  });
  it('lower-case the scheme and host as .NET does', () => {
    expect(call('uriScheme', ['HTTPS://Contoso.COM/Path'])).toBe('https');
    expect(call('uriHost', ['HTTPS://Contoso.COM/Path'])).toBe('contoso.com');
    expect(call('uriPath', ['HTTPS://Contoso.COM/Path'])).toBe('/Path');
  });
  it('reject relative URIs and non-strings, naming the function', () => {
    for (const name of URI_FUNCTIONS) {
      const error = callError(name, ['/relative/path']);
      expect(error.code).toBe('InvalidArgument');
      expect(error.message).toContain(`'${name}'`);
      expect(callError(name, [null]).message).toContain('first argument');
    }
  });
  it('never throw anything but ExpressionError on arbitrary strings', () => {
    const uriLike = fc.oneof(fc.string(), fc.webUrl().map((url) => url + '?q=1'), fc.string({ unit: fc.constantFrom(':', '/', '?', '#', '@', '[', ']', '%', 'a', '1', '.') }));
    fc.assert(
      fc.property(uriLike, (text) => {
        for (const name of URI_FUNCTIONS) {
          try {
            const value = call(name, [text]);
            expect(['string', 'number']).toContain(typeof value);
          } catch (error) {
            expect(error).toBeInstanceOf(ExpressionError);
          }
        }
      }),
    );
  });
  it('work inside full expressions', () => {
    expect(evaluate(`@{uriHost('${catalog}')}:@{uriPort('${catalog}')}`, { host: fixedHost })).toBe('www.contoso.com:443');
  });
});
