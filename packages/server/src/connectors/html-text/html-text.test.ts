import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText, tidy } from './html-text.ts';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tags = ['<p>', '</p>', '<div class="x">', '</div>', '<br>', '<br/>', '<b>', '</b>', '<strong>', '</strong>', '<i>', '</i>', '<em>', '</em>', '<ul>', '</ul>', '<li>', '</li>', '<table>', '<tr>', '<td>', '</td>', '</tr>', '</table>', '<span style="a:b">', '</span>', '<h1>', '</h1>'];

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

  it('plain style keeps no markup: mail bodies become lines of text', () => {
    const mail = '<html><head><title>t</title><style>p{}</style></head><body><div>Incident Title: <b>Disk full</b></div><div>Incident Severity: High&nbsp;</div>' +
      '<p>See <a href="https://x.test/i/1">the incident</a> and <a href="https://x.test/">https://x.test/</a></p><table><tr><td>a</td><td>b</td></tr></table><!-- <p>hidden</p> --></body></html>';
    expect(htmlToText(mail, 'plain')).toBe('Incident Title: Disk full\n\nIncident Severity: High\n\nSee the incident (https://x.test/i/1) and https://x.test/\n\na\tb');
    expect(htmlToText('<ul><li><em>one</em></li><li>two &lt;3</li></ul>', 'plain')).toBe('- one\n- two <3');
  });

  it('plain style gives back any escaped text, tidied', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(htmlToText(`<p>${escapeHtml(s)}</p>`, 'plain')).toBe(tidy(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('plain style leaves no tag of the markup it reads and keeps every text run', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...tags), word), { maxLength: 40 }), (parts) => {
        const out = htmlToText(parts.join(''), 'plain');
        expect(out).not.toMatch(/<\/?[a-z]/i);
        expect(out).not.toMatch(/\*\*|_/);
        // Words keep their order; text runs that touch (no tag between them) stay joined.
        const words: string[] = [];
        let run = '';
        for (const p of parts) {
          if (p.startsWith('<')) {
            if (run) words.push(run);
            run = '';
          } else run += p;
        }
        if (run) words.push(run);
        let at = 0;
        for (const w of words) {
          const found = out.indexOf(w, at);
          expect(found, `${w} in ${JSON.stringify(out)}`).toBeGreaterThanOrEqual(0);
          at = found + w.length;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
