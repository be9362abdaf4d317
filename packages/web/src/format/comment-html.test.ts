import fc from 'fast-check';
import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CommentBody, renderCommentNodes } from '../components/comment-body.ts';
import { commentNodes, commentText, looksLikeHtml, safeHref, sanitizeMarkup } from './comment-html.ts';
import type { CommentNode, MarkupNode } from './comment-html.ts';

// vitest runs in node, without a DOM: documents are built here as plain objects shaped like DOMParser's
// nodes (the browser path is covered by console.browser.test.ts). React's server renderer then shows
// exactly the markup the console would put in the page.

const text = (value: string): MarkupNode => ({ nodeType: 3, nodeName: '#text', nodeValue: value, childNodes: [] });
const htmlComment = (value: string): MarkupNode => ({ nodeType: 8, nodeName: '#comment', nodeValue: value, childNodes: [] });
const el = (name: string, attributes: Record<string, string>, ...children: MarkupNode[]): MarkupNode => ({
  nodeType: 1,
  nodeName: name.toUpperCase(),
  nodeValue: null,
  childNodes: children,
  getAttribute: (n) => (Object.hasOwn(attributes, n) ? attributes[n]! : null),
});
const body = (...children: MarkupNode[]) => el('body', {}, ...children);
const html = (root: MarkupNode) => renderToStaticMarkup(createElement(Fragment, null, renderCommentNodes(sanitizeMarkup(root))));

const allowedOut = new Set(['p', 'br', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'a', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'div']);
const allowedIn = [...allowedOut, 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const hostile = ['script', 'iframe', 'img', 'style', 'object', 'embed', 'svg', 'form', 'input', 'link', 'meta', 'base', 'font', 'video', 'button', 'textarea'];
const badUrls = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', '\u0001javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '//evil.example/x', '/relative', 'x'];
const goodUrls = ['https://contoso.com/x?a=1&b="2"', 'http://example.org', 'mailto:soc@contoso.com'];

/** Every problem with rendered comment markup: a tag off the list, an attribute the message put there, an unsafe href. */
function violations(markup: string): string[] {
  const found: string[] = [];
  for (const [, name, attrs] of markup.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    if (!allowedOut.has(name!)) found.push(`tag ${name}`);
    for (const [, attr, value] of attrs!.matchAll(/\s([^\s=]+)(?:="([^"]*)")?/g)) {
      const ours = name === 'a' ? (attr === 'rel' && value === 'noopener noreferrer') || (attr === 'target' && value === '_blank') : name === 'strong' && attr === 'class' && value === 'comment-heading';
      if (name === 'a' && attr === 'href') {
        if (!/^(https?:\/\/|mailto:)/.test(value!.replace(/&amp;/g, '&'))) found.push(`href ${value}`);
      } else if (!ours) found.push(`attribute ${attr} on ${name}`);
    }
  }
  return found;
}

const textOfNodes = (nodes: CommentNode[]): string => nodes.map((n) => (n.kind === 'text' ? n.text : textOfNodes(n.children))).join('');
const textOfMarkup = (n: MarkupNode): string => (n.nodeType === 3 ? n.nodeValue! : Array.from(n.childNodes, textOfMarkup).join(''));

const anyAttributes = fc.dictionary(
  fc.constantFrom('href', 'src', 'style', 'onerror', 'onclick', 'onload', 'onmouseover', 'class', 'id', 'srcdoc', 'formaction', 'target', 'rel'),
  fc.oneof(fc.constantFrom(...badUrls, ...goodUrls, 'alert(1)', 'window.__x=1'), fc.string()),
  { maxKeys: 4 },
);
const hostileTree = fc.letrec<{ node: MarkupNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string().map(text),
    fc.string().map(htmlComment),
    fc.tuple(fc.constantFrom(...allowedIn, ...hostile), anyAttributes, fc.array(tie('node'), { maxLength: 4 })).map(([name, attrs, children]) => el(name, attrs, ...children)),
    fc.tuple(fc.oneof(fc.constantFrom(...badUrls, ...goodUrls), fc.webUrl(), fc.string()), anyAttributes, fc.array(tie('node'), { maxLength: 2 })).map(([href, attrs, children]) =>
      el('a', { ...attrs, href }, ...children),
    ),
  ),
})).node;
// Allowed markup only (br empty, as the parser makes it): its words must all reach the page.
const allowedTree = fc.letrec<{ node: MarkupNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string().map(text),
    fc.constant(el('br', {})),
    fc.tuple(fc.constantFrom(...allowedIn.filter((t) => t !== 'br')), fc.constantFrom(...goodUrls), fc.array(tie('node'), { maxLength: 4 })).map(([name, href, children]) =>
      el(name, name === 'a' ? { href } : {}, ...children),
    ),
  ),
})).node;

describe('comment HTML allow-list', () => {
  it('keeps a Sentinel playbook comment as its paragraph and formatting', () => {
    const message = body(el('p', {}, text('WS-0042 was triggered for '), el('b', { style: 'color:red' }, text('restrict app execution')), text(', but the host has no MDEDeviceID.')));
    expect(html(message)).toBe('<p>WS-0042 was triggered for <b>restrict app execution</b>, but the host has no MDEDeviceID.</p>');
  });

  it('drops scripts, images, event handlers and styles; keeps the text of unknown elements', () => {
    const message = body(
      el('script', {}, text('window.__x=1')),
      el('img', { src: 'x', onerror: 'window.__y=1' }),
      el('font', { color: 'red', onclick: 'steal()' }, text('Host '), el('u', { style: 'x' }, text('WS-1'))),
      htmlComment(' a note '),
      el('style', {}, text('p { display: none }')),
    );
    expect(html(message)).toBe('Host <u>WS-1</u>');
  });

  it('keeps http, https and mailto links (new tab, no referrer) and turns any other link into plain text', () => {
    expect(html(body(el('a', { href: 'https://contoso.com/x', onclick: 'x()' }, text('link'))))).toBe('<a href="https://contoso.com/x" rel="noopener noreferrer" target="_blank">link</a>');
    expect(html(body(el('a', { href: 'mailto:soc@contoso.com' }, text('mail'))))).toBe('<a href="mailto:soc@contoso.com" rel="noopener noreferrer" target="_blank">mail</a>');
    for (const href of badUrls) expect(html(body(el('a', { href }, text('bad'))))).toBe('<span>bad</span>');
    expect(html(body(el('a', {}, text('anchor'))))).toBe('<span>anchor</span>');
  });

  it('checks schemes the way a browser reads them', () => {
    expect(safeHref(' https://contoso.com ')).toBe('https://contoso.com/');
    expect(safeHref('HTTPS://CONTOSO.COM/A')).toBe('https://contoso.com/A');
    expect(safeHref('java\nscript:alert(1)')).toBeUndefined();
    expect(safeHref(null)).toBeUndefined();
  });

  it('shows headings as strong text and lists and tables as they are', () => {
    const message = body(
      el('h2', { id: 'x' }, text('Summary')),
      el('ul', {}, el('li', {}, text('one')), el('li', {}, text('two'))),
      el('table', { border: '1' }, el('tbody', {}, el('tr', {}, el('th', {}, text('Host')), el('td', { colspan: '2' }, text('WS-1'))))),
    );
    expect(html(message)).toBe('<strong class="comment-heading">Summary</strong><ul><li>one</li><li>two</li></ul><table><tbody><tr><th>Host</th><td>WS-1</td></tr></tbody></table>');
  });

  it('flattens markup nested deeper than any comment needs to its text', () => {
    let node = text('deep');
    for (let i = 0; i < 5000; i++) node = el(i % 2 ? 'b' : 'font', {}, node);
    const out = html(body(node));
    expect(out).toContain('deep');
    expect(out.match(/<b>/g)!.length).toBeLessThanOrEqual(64);
  });

  it('renders plain text as text, line breaks kept by the plain comment style', () => {
    const markup = renderToStaticMarkup(createElement(CommentBody, { message: 'Isolated WS-1\nMailed <alice@contoso.com> & co', parse: () => body(text('never used')) }));
    expect(markup).toBe('<div class="comment-message">Isolated WS-1\nMailed &lt;alice@contoso.com&gt; &amp; co</div>');
    expect(looksLikeHtml('a < b and c > d')).toBe(false);
    expect(looksLikeHtml('<p>x</p>')).toBe(true);
    expect(looksLikeHtml('line<br/>line')).toBe(true);
  });

  it('passes HTML messages to the parser and shows the result as HTML', () => {
    const markup = renderToStaticMarkup(createElement(CommentBody, { message: '<p>x</p>', parse: () => body(el('p', {}, text('parsed'))) }));
    expect(markup).toBe('<div class="comment-message comment-html"><p>parsed</p></div>');
  });

  it('never puts a disallowed element, attribute or link scheme in the page, whatever the document (property)', () => {
    fc.assert(
      fc.property(fc.array(hostileTree, { maxLength: 5 }), (children) => {
        expect(violations(html(body(...children)))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every character of text under allowed markup (property)', () => {
    fc.assert(
      fc.property(fc.array(allowedTree, { maxLength: 5 }), (children) => {
        const root = body(...children);
        expect(textOfNodes(sanitizeMarkup(root))).toBe(textOfMarkup(root));
        expect(violations(html(root))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('shows any plain string as exactly that text (property)', () => {
    fc.assert(
      fc.property(fc.string(), (message) => {
        fc.pre(!looksLikeHtml(message));
        const parse = () => {
          throw new Error('plain text must not be parsed');
        };
        expect(textOfNodes(commentNodes(message, parse))).toBe(message);
      }),
    );
  });
});

describe('comment text for the timeline', () => {
  it('strips the tags of a playbook comment', () => {
    expect(commentText('<p>WS-0042 was triggered for <b>restrict app execution</b>, but the host does not have a MDEDeviceID.</p>')).toBe(
      'WS-0042 was triggered for restrict app execution, but the host does not have a MDEDeviceID.',
    );
    expect(commentText('<ul><li>one</li><li>two</li></ul><br>three&nbsp;&amp;&#39;four&#x21;')).toBe("one two three &'four!");
  });

  it('drops script and style content and HTML comments', () => {
    expect(commentText('<p>Host <b>WS-1</b> isolated</p><script>window.__x=1</script><style>p{}</style><!-- hidden --><img src=x onerror="y()">')).toBe('Host WS-1 isolated');
  });

  it('leaves plain text as written, trimmed', () => {
    expect(commentText('  a < b & c > d \n')).toBe('a < b & c > d');
  });

  it('keeps the words of allowed markup and leaves no tag behind (property)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9.,:-]{1,12}$/);
    const tag = fc.constantFrom(...allowedIn);
    fc.assert(
      fc.property(fc.array(fc.tuple(tag, word), { minLength: 1, maxLength: 8 }), (parts) => {
        const message = parts.map(([t, w]) => (t === 'br' ? `${w}<br>` : `<${t} class="x">${w}</${t}>`)).join('');
        const shown = commentText(message);
        expect(shown).not.toMatch(/<\/?[a-zA-Z]/);
        for (const [, w] of parts) expect(shown).toContain(w);
      }),
    );
  });
});
