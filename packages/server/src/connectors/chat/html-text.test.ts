import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-text.ts';

describe('htmlToText', () => {
  it('turns playbook HTML into the markdown subset cards render', () => {
    expect(htmlToText('<p>Severity: <strong>High</strong><br>\nTitle: A &amp; B</p><p>See <a href="https://x.test/i/1">incident</a></p>')).toBe(
      'Severity: **High**\n\nTitle: A & B\n\nSee [incident](https://x.test/i/1)',
    );
    expect(htmlToText('<ul><li>one</li><li>two</li></ul>')).toBe('- one\n- two');
    expect(htmlToText('<span style="font-size: 16px">x</span><script>alert(1)</script>&#x41;&#66;&bogus;')).toBe('xAB&bogus;');
  });

  it('leaves plain text alone and never throws', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = htmlToText(s);
        expect(typeof out).toBe('string');
        if (!/[<&]/.test(s)) expect(out).toBe(s);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('<p>', '</p>', '<br/>', '<b>', '</b>', '<a href="u">', '</a>', '&amp;', '&#0;', '&#x110000;', '<!--', '-->'), fc.string()), { maxLength: 30 }), (parts) => {
        expect(() => htmlToText(parts.join(''))).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
