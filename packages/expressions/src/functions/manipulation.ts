/**
 * JSON and XML manipulation: coalesce, addProperty/setProperty/removeProperty (top-level on
 * the object given; nested changes compose as the reference shows, e.g.
 * `setProperty(o, 'a', setProperty(o['a'], 'b', v))`), and xpath over an XML value.
 * Objects are copied, never modified in place: a value may be shared with run history.
 */
import * as xpathEngine from 'xpath';
import type { Node } from '@xmldom/xmldom';
import { argError, expectObject, expectString, isPlainObject } from './args.ts';
import { argValueError } from '../errors.ts';
import { defineOwn } from './coerce.ts';
import type { FunctionRegistry } from './registry.ts';
import { isBinaryContent } from './binary-content.ts';
import { jsonToXml, parseXml, xmlTextOf, xpathNodeValue } from './xml-json.ts';

function withProperty(object: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  defineOwn(copy, name, value);
  return copy;
}

/**
 * Evaluates an XPath 1.0 expression: a node set becomes an array (elements as XML text, text
 * and attribute nodes as their value); number, string and boolean results come back as such.
 */
export function evaluateXPath(xmlArg: unknown, expressionArg: unknown): unknown {
  // The reference types this argument "Any": a JSON object is read as xml() would convert it.
  const xml = isPlainObject(xmlArg) && !isBinaryContent(xmlArg) ? jsonToXml('xpath', 0, xmlArg) : xmlTextOf(xmlArg);
  if (xml === undefined) throw argError('xpath', 0, 'XML (a string, an XML value or a JSON object)', xmlArg);
  const expression = expectString('xpath', 1, expressionArg);
  const doc = parseXml('xpath', 0, xml);
  let result: unknown;
  try {
    result = xpathEngine.select(expression, doc as unknown as Parameters<typeof xpathEngine.select>[1]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable expression';
    throw argValueError('xpath', 1, `'${expression}' is not a valid XPath expression (${reason})`);
  }
  if (Array.isArray(result)) return result.map((node) => xpathNodeValue(node as unknown as Node));
  if (typeof result === 'number') return Number.isFinite(result) ? result : null;
  return result ?? null;
}

export function registerManipulationFunctions(registry: FunctionRegistry): void {
  registry.register({
    name: 'coalesce',
    minArgs: 1,
    maxArgs: Infinity,
    pure: true,
    fn: (args) => args.find((value) => value !== null && value !== undefined) ?? null,
  });

  registry.register({
    name: 'addProperty',
    minArgs: 3,
    maxArgs: 3,
    pure: true,
    fn: ([objectArg, nameArg, value]) => {
      const object = expectObject('addProperty', 0, objectArg);
      const name = expectString('addProperty', 1, nameArg);
      if (Object.hasOwn(object, name)) {
        throw argValueError('addProperty', 1, `the property '${name}' already exists; use setProperty to change it`);
      }
      return withProperty(object, name, value);
    },
  });

  registry.register({
    name: 'setProperty',
    minArgs: 3,
    maxArgs: 3,
    pure: true,
    fn: ([objectArg, nameArg, value]) =>
      withProperty(expectObject('setProperty', 0, objectArg), expectString('setProperty', 1, nameArg), value),
  });

  registry.register({
    name: 'removeProperty',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([objectArg, nameArg]) => {
      const object = expectObject('removeProperty', 0, objectArg);
      const name = expectString('removeProperty', 1, nameArg);
      if (!Object.hasOwn(object, name)) return object;
      const copy = { ...object };
      delete copy[name];
      return copy;
    },
  });

  registry.register({
    name: 'xpath',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([xml, expression]) => evaluateXPath(xml, expression),
  });
}
