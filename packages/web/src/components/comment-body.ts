// Written with createElement rather than JSX so node-side tests (and the root type-check) can load it.
import { createElement, useMemo } from 'react';
import type { ReactNode } from 'react';
import { commentNodes, looksLikeHtml } from '../format/comment-html.ts';
import type { CommentNode, HtmlParser } from '../format/comment-html.ts';

/** The allowed nodes of a comment as React elements: only tags from the allow-list, only a checked href. */
export function renderCommentNodes(nodes: CommentNode[]): ReactNode[] {
  return nodes.map((node, index) => {
    if (node.kind === 'text') return node.text;
    const children = node.children.length > 0 ? renderCommentNodes(node.children) : undefined;
    if (node.tag === 'heading') return createElement('strong', { key: index, className: 'comment-heading' }, children);
    if (node.tag === 'a') return createElement('a', { key: index, href: node.href, rel: 'noopener noreferrer', target: '_blank' }, children);
    return createElement(node.tag, { key: index }, children);
  });
}

/** One comment's message: HTML (a playbook's) through the allow-list, plain text with its line breaks. */
export function CommentBody({ message, parse }: { message: string; parse?: HtmlParser }) {
  const nodes = useMemo(() => commentNodes(message, parse), [message, parse]);
  return createElement('div', { className: looksLikeHtml(message) ? 'comment-message comment-html' : 'comment-message' }, ...renderCommentNodes(nodes));
}
