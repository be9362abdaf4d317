/**
 * Conversion functions. Binary results are content envelopes
 * `{ "$content-type", "$content" (base64) }`, and every function that reads text also reads an
 * envelope as its UTF-8 text — the implicit base64 decoding the reference describes. string()
 * follows .NET: null → '', true → 'True', objects → compact JSON. Numbers are parsed with the
 * invariant culture (float() and isFloat() take an optional RFC 4646 locale).
 */
import { argError, expectString, isPlainObject } from './args.ts';
import { argValueError } from '../errors.ts';
import {
  binaryBytes,
  binaryContent,
  decodeBase64Strict,
  formatDataUri,
  isBinaryContent,
  isXmlContent,
  parseDataUri,
  percentDecodeToBytes,
  percentDecodeToString,
  percentEncode,
} from './binary-content.ts';
import { toText } from './coerce.ts';
import { INVARIANT_SYMBOLS, parseFloatText, parseIntegerText } from './number-text.ts';
import type { FunctionRegistry } from './registry.ts';
import { requireLocale } from './string.ts';
import { jsonToXml, parseXml, xmlContent, xmlToJson } from './xml-json.ts';

/** Text of an argument that documents a string: strings, numbers, booleans, or an envelope's text. */
function textArg(fn: string, index: number, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || isBinaryContent(value)) return toText(value);
  throw argError(fn, index, 'a string', value);
}

/** Bytes of an argument: a string's UTF-8, or an envelope's content. */
function bytesArg(fn: string, index: number, value: unknown): Buffer {
  if (isBinaryContent(value)) return binaryBytes(value);
  return Buffer.from(textArg(fn, index, value), 'utf8');
}

function base64Arg(fn: string, value: unknown): Buffer {
  if (isBinaryContent(value)) return binaryBytes(value);
  const bytes = decodeBase64Strict(expectString(fn, 0, value));
  if (!bytes) throw argValueError(fn, 0, 'the value is not a valid base64 string');
  return bytes;
}

function dataUriArg(fn: string, value: unknown) {
  const text = expectString(fn, 0, value);
  const parsed = parseDataUri(text);
  if (!parsed) throw argValueError(fn, 0, 'the value is not a valid data URI');
  return parsed;
}

function jsonArg(fn: string, value: unknown): unknown {
  if (value === null || value === undefined) return {};
  if (isBinaryContent(value)) {
    if (isXmlContent(value)) return xmlToJson(parseXml(fn, 0, toText(value)));
    return jsonArg(fn, toText(value));
  }
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable JSON';
    throw argValueError(fn, 0, `the value is not valid JSON (${reason})`);
  }
}

function intArg(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value !== 'string') throw argError('int', 0, 'a string containing an integer', value);
  const parsed = parseIntegerText(value);
  if (parsed === undefined) throw argValueError('int', 0, `'${value}' is not a valid 64-bit integer`);
  if (parsed > BigInt(Number.MAX_SAFE_INTEGER) || parsed < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw argValueError('int', 0, `'${value}' is beyond ±${Number.MAX_SAFE_INTEGER}, the largest integer kept exactly`);
  }
  return Number(parsed);
}

function floatArg(fn: string, value: unknown, localeArg: unknown): number {
  if (typeof value === 'number') return value;
  const text = expectString(fn, 0, value);
  const symbols = localeArg === undefined ? INVARIANT_SYMBOLS : requireLocale(fn, 1, localeArg);
  const parsed = parseFloatText(text, symbols);
  if (parsed === undefined) throw argValueError(fn, 0, `'${text}' is not a valid number`);
  return parsed;
}

function boolArg(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    // Boolean.Parse: case-insensitive, surrounding white space allowed.
    const word = value.trim().toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
    throw argValueError('bool', 0, `'${value}' is not 'true' or 'false'`);
  }
  throw argError('bool', 0, 'a boolean, an integer or a string', value);
}

function xmlArg(value: unknown): unknown {
  if (isBinaryContent(value) && isXmlContent(value)) return value;
  if (isPlainObject(value) && !isBinaryContent(value)) return xmlContent(jsonToXml('xml', 0, value));
  const text = isBinaryContent(value) ? toText(value) : expectString('xml', 0, value);
  // The reference also documents "a string that contains a JSON object"; such text is never XML.
  if (text.trimStart().startsWith('{')) {
    const json = jsonArg('xml', text);
    if (!isPlainObject(json)) throw argValueError('xml', 0, 'the JSON text must hold an object');
    return xmlContent(jsonToXml('xml', 0, json));
  }
  parseXml('xml', 0, text);
  return xmlContent(text);
}

export function registerConversionFunctions(registry: FunctionRegistry): void {
  const unary = (name: string, fn: (value: unknown) => unknown) =>
    registry.register({ name, minArgs: 1, maxArgs: 1, pure: true, fn: ([value]) => fn(value) });

  // Like Newtonsoft's `new JArray(value)`: an array's items are taken over, anything else wrapped.
  unary('array', (value) => (Array.isArray(value) ? [...value] : [value]));
  registry.register({ name: 'createArray', minArgs: 1, maxArgs: Infinity, pure: true, fn: (args) => [...args] });

  unary('string', toText);
  unary('bool', boolArg);
  unary('int', intArg);
  registry.register({
    name: 'float',
    minArgs: 1,
    maxArgs: 2,
    pure: true,
    fn: ([value, locale]) => floatArg('float', value, locale),
  });
  // .NET decimal keeps 28 digits; a JavaScript number keeps about 16 (see the package README).
  unary('decimal', (value) => floatArg('decimal', value, undefined));
  unary('json', (value) => jsonArg('json', value));
  unary('xml', xmlArg);

  unary('base64', (value) => {
    if (value === null || value === undefined) throw argError('base64', 0, 'a string', value);
    const structured = (isPlainObject(value) && !isBinaryContent(value)) || Array.isArray(value);
    return bytesArg('base64', 0, structured ? toText(value) : value).toString('base64');
  });
  unary('binary', (value) =>
    isBinaryContent(value) ? value : binaryContent(Buffer.from(textArg('binary', 0, value), 'utf8')),
  );
  unary('base64ToBinary', (value) => binaryContent(base64Arg('base64ToBinary', value)));
  unary('base64ToString', (value) => base64Arg('base64ToString', value).toString('utf8'));
  unary('decodeBase64', (value) => base64Arg('decodeBase64', value).toString('utf8'));

  unary('dataUri', (value) =>
    isBinaryContent(value)
      ? formatDataUri(value['$content-type'], binaryBytes(value))
      : formatDataUri('text/plain;charset=utf-8', bytesArg('dataUri', 0, value)),
  );
  unary('dataUriToBinary', (value) => {
    const { mediaType, bytes } = dataUriArg('dataUriToBinary', value);
    return binaryContent(bytes, mediaType);
  });
  unary('decodeDataUri', (value) => {
    const { mediaType, bytes } = dataUriArg('decodeDataUri', value);
    return binaryContent(bytes, mediaType);
  });
  unary('dataUriToString', (value) => dataUriArg('dataUriToString', value).bytes.toString('utf8'));

  // Designer-generated definitions pass several arguments (encodeURIComponent('workflows/', name,
  // '/runs')); Logic Apps runs them, encoding the concatenation. A null part reads as ''.
  registry.register({
    name: 'encodeUriComponent',
    minArgs: 1,
    maxArgs: Infinity,
    pure: true,
    fn: (args) =>
      percentEncode(args.map((arg, i) => (arg === null ? '' : textArg('encodeUriComponent', i, arg))).join('')),
  });
  unary('uriComponent', (value) => percentEncode(textArg('uriComponent', 0, value)));
  unary('decodeUriComponent', (value) => percentDecodeToString(expectString('decodeUriComponent', 0, value)));
  unary('uriComponentToString', (value) => percentDecodeToString(expectString('uriComponentToString', 0, value)));
  unary('uriComponentToBinary', (value) =>
    binaryContent(percentDecodeToBytes(expectString('uriComponentToBinary', 0, value))),
  );
}

