/**
 * Binary values as Logic Apps passes them between actions: a content envelope
 * `{ "$content-type": "...", "$content": "<base64>" }`. base64ToBinary(), binary(),
 * dataUriToBinary(), xml() produce one; string functions read one back as its UTF-8 text.
 * Also the byte-level codecs those functions share: strict base64 (.NET Convert.FromBase64String),
 * data URIs (RFC 2397) and percent-encoding (.NET Uri.EscapeDataString / UnescapeDataString).
 */
import { isPlainObject } from './args.ts';

export interface BinaryContent {
  '$content-type': string;
  '$content': string;
}

export const OCTET_STREAM = 'application/octet-stream';
export const XML_CONTENT_TYPE = 'application/xml;charset=utf-8';

/** True for a content envelope: an object whose `$content` and `$content-type` are strings. */
export function isBinaryContent(value: unknown): value is BinaryContent {
  return (
    isPlainObject(value) &&
    typeof value['$content'] === 'string' &&
    typeof value['$content-type'] === 'string'
  );
}

/** A content envelope holding `bytes`. */
export function binaryContent(bytes: Uint8Array, contentType: string = OCTET_STREAM): BinaryContent {
  return { '$content-type': contentType, '$content': Buffer.from(bytes).toString('base64') };
}

/** The bytes of a content envelope (its `$content` is trusted to be base64, as Logic Apps does). */
export function binaryBytes(content: BinaryContent): Buffer {
  return Buffer.from(content['$content'], 'base64');
}

/** The envelope's bytes read as UTF-8, invalid sequences replaced by U+FFFD as .NET does. */
export function binaryText(content: BinaryContent): string {
  return binaryBytes(content).toString('utf8');
}

/** True when the envelope says it holds XML (application/xml, text/xml, …+xml). */
export function isXmlContent(content: BinaryContent): boolean {
  const mediaType = content['$content-type'].split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/xml' || mediaType === 'text/xml' || mediaType.endsWith('+xml');
}

const BASE64_WHITESPACE = /[ \t\r\n]/g;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes base64 as strictly as .NET's Convert.FromBase64String (white space ignored, length a
 * multiple of four, padding only at the end); undefined when the text is not base64.
 */
export function decodeBase64Strict(text: string): Buffer | undefined {
  const compact = text.replace(BASE64_WHITESPACE, '');
  if (compact.length % 4 !== 0 || !BASE64_BODY.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

/** What a data URI holds: its media type (with parameters) and its decoded bytes. */
export interface DataUri {
  mediaType: string;
  bytes: Buffer;
}

/** Parses an RFC 2397 data URI; undefined when `text` is not one (or its base64 is broken). */
export function parseDataUri(text: string): DataUri | undefined {
  if (!/^data:/i.test(text)) return undefined;
  const comma = text.indexOf(',');
  if (comma < 0) return undefined;
  let header = text.slice(5, comma);
  const data = text.slice(comma + 1);
  const isBase64 = /;base64$/i.test(header);
  if (isBase64) header = header.slice(0, -';base64'.length);
  const mediaType = header === '' || header.startsWith(';') ? `text/plain${header || ';charset=US-ASCII'}` : header;
  if (isBase64) {
    const bytes = decodeBase64Strict(percentDecodeToString(data));
    return bytes ? { mediaType, bytes } : undefined;
  }
  return { mediaType, bytes: percentDecodeToBytes(data) };
}

/** A data URI for `bytes`, always base64 as dataUri() writes it. */
export function formatDataUri(mediaType: string, bytes: Uint8Array): string {
  return `data:${mediaType};base64,${Buffer.from(bytes).toString('base64')}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Percent-encodes every character outside RFC 3986's unreserved set (A–Z a–z 0–9 - _ . ~), as
 * .NET's Uri.EscapeDataString does; lone surrogates become U+FFFD first.
 */
export function percentEncode(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD')).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes %XX escapes the lenient way .NET's Uri.UnescapeDataString does: escapes that form
 * valid UTF-8 become characters, the rest stay as written. Never throws.
 */
export function percentDecodeToString(text: string): string {
  return text.replace(PERCENT_RUN, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    let out = '';
    let i = 0;
    while (i < bytes.length) {
      const length = utf8SequenceLength(bytes[i]!);
      const decoded = length > 0 ? tryDecodeUtf8(bytes.subarray(i, i + length)) : undefined;
      if (decoded !== undefined && i + length <= bytes.length) {
        out += decoded;
        i += length;
      } else {
        out += run.slice(i * 3, i * 3 + 3);
        i += 1;
      }
    }
    return out;
  });
}

/** The bytes a percent-encoded string stands for: %XX as that byte, anything else as UTF-8. */
export function percentDecodeToBytes(text: string): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(PERCENT_RUN)) {
    parts.push(Buffer.from(text.slice(last, match.index), 'utf8'));
    parts.push(Buffer.from(match[0].replace(/%/g, ''), 'hex'));
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function tryDecodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
