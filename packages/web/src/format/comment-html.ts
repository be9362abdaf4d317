// Incident comments written by playbooks are HTML (Sentinel's "Add comment to incident" takes HTML).
// The console shows them through an allow-list: a parsed document is walked into a small tree of
// allowed nodes, which React renders; nothing from the message ever reaches innerHTML. The walk works
// over the few Node members it reads, so it runs (and is tested) without a browser.

/** The elements a comment may keep; h1–h6 become `heading`, links without a safe href become `span`. */
export const commentTags = ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'a', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'div', 'heading'] as const;
export type CommentTag = (typeof commentTags)[number];

/** A sanitized comment: text, or an allowed element (only `a` carries an attribute, its checked href). */
export type CommentNode = { kind: 'text'; text: string } | { kind: 'element'; tag: CommentTag; href?: string; children: CommentNode[] };

/** What the walk reads of a DOM node: a browser's DOMParser output satisfies it. */
export interface MarkupNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<MarkupNode>;
  getAttribute?(name: string): string | null;
}

const elementNode = 1;
const textNode = 3;
const cdataNode = 4;
const kept = new Set<string>(commentTags.filter((t) => t !== 'heading'));
const headings = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
// Their content is code or markup, not words an analyst wrote: dropped with the element.
const dropped = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title']);
const linkSchemes = new Set(['http:', 'https:', 'mailto:']);
// Deeper markup than this is flattened to its text: no comment needs it, and recursion stays bounded.
const maxDepth = 64;

/** True when the message contains a tag or an HTML comment; anything else is shown as plain text. */
export function looksLikeHtml(message: string): boolean {
  return /<\/?[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)?\/?>|<!--/.test(message);
}

/** An href worth keeping: absolute http, https or mailto, normalised by the URL parser; otherwise undefined. */
export function safeHref(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim());
    return linkSchemes.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The allowed tree of a parsed document's body (or any node's children). */
export function sanitizeMarkup(root: MarkupNode): CommentNode[] {
  return walkChildren(root, 0);
}

function walkChildren(node: MarkupNode, depth: number): CommentNode[] {
  const out: CommentNode[] = [];
  for (let i = 0; i < node.childNodes.length; i++) out.push(...walk(node.childNodes[i]!, depth + 1));
  return out;
}

function walk(node: MarkupNode, depth: number): CommentNode[] {
  if (node.nodeType === textNode || node.nodeType === cdataNode) return node.nodeValue ? [{ kind: 'text', text: node.nodeValue }] : [];
  if (node.nodeType !== elementNode) return []; // HTML comments, processing instructions, doctypes
  const name = node.nodeName.toLowerCase();
  if (dropped.has(name)) return [];
  if (depth > maxDepth) {
    const text = textOf(node);
    return text ? [{ kind: 'text', text }] : [];
  }
  const children = walkChildren(node, depth);
  if (headings.has(name)) return [{ kind: 'element', tag: 'heading', children }];
  if (name === 'a') {
    const href = safeHref(node.getAttribute?.('href'));
    return [href ? { kind: 'element', tag: 'a', href, children } : { kind: 'element', tag: 'span', children }];
  }
  if (kept.has(name)) return [{ kind: 'element', tag: name as CommentTag, children: name === 'br' ? [] : children }];
  return children; // an element not allowed: its text stays, the element and its attributes go
}

function textOf(node: MarkupNode): string {
  if (node.nodeType === textNode || node.nodeType === cdataNode) return node.nodeValue ?? '';
  if (node.nodeType !== elementNode || dropped.has(node.nodeName.toLowerCase())) return '';
  let text = '';
  for (let i = 0; i < node.childNodes.length; i++) text += textOf(node.childNodes[i]!);
  return text;
}

/** Parses HTML into a document whose body is walked; the browser's DOMParser never runs scripts. */
export type HtmlParser = (html: string) => MarkupNode;

const browserParser: HtmlParser = (html) => new DOMParser().parseFromString(html, 'text/html').body;

/** A comment as allowed nodes: HTML through the allow-list, plain text as one text node (line breaks kept). */
export function commentNodes(message: string, parse: HtmlParser = browserParser): CommentNode[] {
  if (!looksLikeHtml(message)) return message ? [{ kind: 'text', text: message }] : [];
  return sanitizeMarkup(parse(message));
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A comment as one line of text, without a DOM (the timeline): tags stripped, code blocks (script,
 * style) dropped, common entities decoded, whitespace collapsed. For reading only: React escapes it.
 */
export function commentText(message: string): string {
  if (!looksLikeHtml(message)) return message.trim();
  return message
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<(script|style|template|noscript|iframe|object|svg|math|title)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<\/?(p|br|div|li|tr|td|th|h[1-6]|ul|ol|table|thead|tbody|pre)\b[^>]*>/gi, ' ')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => decodeEntity(name) ?? whole)
    .replace(/\s+/g, ' ')
    .trim();
}

function decodeEntity(name: string): string | undefined {
  if (name[0] !== '#') return entities[name.toLowerCase()];
  const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : undefined;
}
