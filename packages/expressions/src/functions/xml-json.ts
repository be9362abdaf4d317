/**
 * XML for xml(), json(xml(...)) and xpath(): parsing (via @xmldom/xmldom, which resolves no
 * external or DTD-declared entities), serialization, and the two JSON mappings Logic Apps
 * inherits from Newtonsoft.Json's XmlNodeConverter:
 *  - XML → JSON: attributes become "@name", text beside other content "#text", repeated child
 *    elements an array, a text-only element its string, an empty element null, the XML
 *    declaration "?xml";
 *  - JSON → XML: the inverse, from an object with exactly one root property.
 * An XML value travels as a content envelope with content type application/xml.
 */
import { DOMParser, normalizeLineEndings, onErrorStopParsing, XMLSerializer } from '@xmldom/xmldom';
import type { Document, Node } from '@xmldom/xmldom';
import { argValueError, ExpressionError } from '../errors.ts';
import { isPlainObject } from './args.ts';
import { binaryContent, binaryText, isBinaryContent, XML_CONTENT_TYPE, type BinaryContent } from './binary-content.ts';
import { defineOwn, toText } from './coerce.ts';

const ELEMENT_NODE = 1;
const ATTRIBUTE_NODE = 2;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const PROCESSING_INSTRUCTION_NODE = 7;
const COMMENT_NODE = 8;
const DOCUMENT_NODE = 9;

const parser = new DOMParser({ onError: onErrorStopParsing });
const serializer = new XMLSerializer();

/** The (line-normalized) text each parsed document came from, to tell `<a/>` from `<a></a>`. */
const sources = new WeakMap<object, { text: string; lineStarts?: number[] }>();

/** Parses XML text; a malformed document is an InvalidArgument of function `fn`'s argument `index`. */
export function parseXml(fn: string, index: number, text: string): Document {
  try {
    const normalized = normalizeLineEndings(text);
    const doc = parser.parseFromString(normalized, 'text/xml');
    sources.set(doc, { text: normalized });
    return doc;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unreadable XML';
    throw argValueError(fn, index, `the value is not valid XML (${reason})`);
  }
}

/** The XML text of a node as XmlNode.OuterXml would give it. */
export function serializeXml(node: Node): string {
  return serializer.serializeToString(node);
}

/** An XML value: the document's text in an application/xml content envelope. */
export function xmlContent(text: string): BinaryContent {
  return binaryContent(Buffer.from(text, 'utf8'), XML_CONTENT_TYPE);
}

/** The XML text behind an argument that may be XML text or a content envelope holding XML. */
export function xmlTextOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isBinaryContent(value)) return binaryText(value);
  return undefined;
}

// ---------------------------------------------------------------- XML → JSON

/** Converts a parsed document to JSON the way Newtonsoft's SerializeXmlNode does. */
export function xmlToJson(doc: Document): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  appendChildren(result, doc);
  return result;
}

function appendChildren(target: Record<string, unknown>, parent: Node): void {
  const children = Array.from({ length: parent.childNodes.length }, (_, i) => parent.childNodes.item(i)!);
  const texts: string[] = [];
  for (const child of children) {
    switch (child.nodeType) {
      case ELEMENT_NODE:
        addGrouped(target, child.nodeName, elementValue(child));
        break;
      case TEXT_NODE:
        // Insignificant white space is dropped, as an XmlDocument without PreserveWhitespace does.
        if ((child.nodeValue ?? '').trim() !== '') texts.push(child.nodeValue ?? '');
        break;
      case CDATA_SECTION_NODE:
        addGrouped(target, '#cdata-section', child.nodeValue ?? '');
        break;
      case COMMENT_NODE:
        addGrouped(target, '#comment', child.nodeValue ?? '');
        break;
      case PROCESSING_INSTRUCTION_NODE:
        addGrouped(target, `?${child.nodeName}`, child.nodeName === 'xml' ? declarationValue(child) : child.nodeValue);
        break;
      default:
        break;
    }
  }
  if (texts.length > 0) addGrouped(target, '#text', texts.length === 1 ? texts[0] : texts);
}

function elementValue(element: Node): unknown {
  const attributes = (element as unknown as { attributes: { length: number; item(i: number): Node | null } })
    .attributes;
  const children = Array.from({ length: element.childNodes.length }, (_, i) => element.childNodes.item(i)!);
  const meaningful = children.filter((c) => c.nodeType !== TEXT_NODE || (c.nodeValue ?? '').trim() !== '');
  if (attributes.length === 0) {
    // Newtonsoft: an empty element is null when written <a/>, the empty string when <a></a>.
    if (meaningful.length === 0) return isSelfClosing(element) ? null : '';
    if (meaningful.every((c) => c.nodeType === TEXT_NODE)) return meaningful.map((c) => c.nodeValue).join('');
  }
  const value: Record<string, unknown> = {};
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes.item(i)!;
    defineOwn(value, `@${attribute.nodeName}`, attribute.nodeValue ?? '');
  }
  appendChildren(value, element);
  return value;
}

/** True when the element's start tag ends with "/>" (or its source position is unknown). */
function isSelfClosing(element: Node): boolean {
  const located = element as unknown as { lineNumber?: number; columnNumber?: number; ownerDocument?: object };
  const source = located.ownerDocument ? sources.get(located.ownerDocument) : undefined;
  if (!source || !located.lineNumber || !located.columnNumber) return true;
  source.lineStarts ??= lineStartsOf(source.text);
  const text = source.text;
  let quote = '';
  for (let i = (source.lineStarts[located.lineNumber - 1] ?? 0) + located.columnNumber; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '>') {
      return text[i - 1] === '/';
    }
  }
  return true;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Pseudo-attributes of `<?xml version="1.0" encoding="utf-8"?>` as {"@version": …}. */
function declarationValue(node: Node): Record<string, string> {
  const value: Record<string, string> = {};
  for (const match of (node.nodeValue ?? '').matchAll(/(?<![A-Za-z])([A-Za-z]+)\s*=\s*(["'])(.*?)\2/g)) {
    defineOwn(value, `@${match[1]}`, match[3]);
  }
  return value;
}

/** Adds a child under `name`, turning a repeated name into an array at its first position. */
function addGrouped(target: Record<string, unknown>, name: string, value: unknown): void {
  if (!Object.hasOwn(target, name)) {
    defineOwn(target, name, value);
    return;
  }
  const existing = target[name];
  const group = Array.isArray(existing) && groupedArrays.has(existing) ? existing : startGroup(target, name, existing);
  group.push(value);
}

const groupedArrays = new WeakSet<unknown[]>();

function startGroup(target: Record<string, unknown>, name: string, first: unknown): unknown[] {
  const group = [first];
  groupedArrays.add(group);
  defineOwn(target, name, group);
  return group;
}

// ---------------------------------------------------------------- JSON → XML

/**
 * Converts a JSON object with one root property to XML text, as Newtonsoft's
 * DeserializeXmlNode does. A "?xml" property becomes the declaration.
 */
export function jsonToXml(fn: string, index: number, value: Record<string, unknown>): string {
  const entries = Object.entries(value).filter(([key]) => key !== '?xml');
  if (entries.length !== 1) {
    throw argValueError(fn, index, 'the JSON object must have exactly one root property to become XML');
  }
  const [[rootName, rootValue]] = entries as [[string, unknown]];
  if (Array.isArray(rootValue)) {
    throw argValueError(fn, index, `the JSON root property '${rootName}' must not be an array`);
  }
  const declaration = isPlainObject(value['?xml']) ? `<?xml${attributesXml(value['?xml'])}?>` : '';
  return declaration + elementXml(fn, index, rootName, rootValue);
}

function elementXml(fn: string, index: number, name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => elementXml(fn, index, name, item)).join('');
  const tag = encodeXmlName(name);
  if (value === null || value === undefined) return `<${tag} />`;
  if (!isPlainObject(value)) return `<${tag}>${escapeXml(scalarText(value))}</${tag}>`;
  let content = '';
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('@')) continue;
    if (key === '#text') content += escapeXml(scalarText(child));
    else if (key === '#cdata-section') content += `<![CDATA[${scalarText(child)}]]>`;
    else if (key === '#comment') content += `<!--${scalarText(child)}-->`;
    else content += elementXml(fn, index, key, child);
  }
  const attributes = attributesXml(value);
  return content === '' ? `<${tag}${attributes} />` : `<${tag}${attributes}>${content}</${tag}>`;
}

function attributesXml(value: Record<string, unknown>): string {
  return Object.entries(value)
    .filter(([key]) => key.startsWith('@'))
    .map(([key, v]) => ` ${encodeXmlName(key.slice(1))}="${escapeXml(scalarText(v), true)}"`)
    .join('');
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return toText(value);
  if (typeof value === 'string') return value;
  throw new ExpressionError('InvalidArgument', 'An XML attribute or text value must be a string, number or boolean.');
}

/** Escapes text for element content, or for a double-quoted attribute value. */
export function escapeXml(text: string, attribute = false): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute ? escaped.replace(/"/g, '&quot;') : escaped;
}

const NAME_START = /[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME_CHAR = /[-.0-9\u00B7\u0300-\u036F\u203F-\u2040]/;

/** Makes a JSON key a valid XML name the way XmlConvert.EncodeName does (invalid characters → _xHHHH_). */
export function encodeXmlName(name: string): string {
  if (name === '') return '_';
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    const valid = NAME_START.test(ch) || (i > 0 && NAME_CHAR.test(ch));
    out += valid ? ch : `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
  }
  return out;
}

// ---------------------------------------------------------------- XPath results

/** The JSON form of one node an XPath selected: elements as XML text, text and attributes as their value. */
export function xpathNodeValue(node: Node): unknown {
  switch (node.nodeType) {
    case TEXT_NODE:
    case CDATA_SECTION_NODE:
    case ATTRIBUTE_NODE:
      return node.nodeValue ?? '';
    case DOCUMENT_NODE:
    default:
      return serializeXml(node);
  }
}
