import { createHash } from 'node:crypto';
import { ArmExpressionError } from './errors.ts';
import type { ArmScope } from './environment.ts';
import { isJsonObject, setOwn } from '../../definition/json-object.ts';

export type ArmFunction = (args: unknown[], scope: ArmScope) => unknown;

const fail = (fn: string, message: string): never => {
  throw new ArmExpressionError('ArmArgument', `${fn}: ${message}`, undefined, fn);
};

const asString = (fn: string, v: unknown): string => (typeof v === 'string' ? v : fail(fn, `expected a string, got ${typeOf(v)}`));
const asInt = (fn: string, v: unknown): number => {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return fail(fn, `expected an integer, got ${typeOf(v)}`);
};
const arity = (fn: string, args: unknown[], min: number, max = min): void => {
  if (args.length < min || args.length > max) {
    fail(fn, min === max ? `expects ${min} argument(s), got ${args.length}` : `expects ${min}–${max} arguments, got ${args.length}`);
  }
};
const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
/** ARM's string(): objects and arrays become compact JSON, booleans lower-case. */
function toArmString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const base32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Deterministic 13-character id like ARM's uniqueString (not the same hash: stable, not Azure-equal). */
function uniqueString(parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('-')).digest();
  let out = '';
  for (let i = 0; i < 13; i++) out += base32[digest[i]! % 32];
  return out;
}

function deterministicGuid(parts: string[]): string {
  const h = createHash('sha256').update(parts.join('-')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** .NET composite formatting as ARM's format() uses it: {0}, {1}, {{ and }} escapes. */
function dotnetFormat(fn: string, template: string, values: unknown[]): string {
  return template.replace(/\{\{|\}\}|\{(\d+)(?:[,:][^}]*)?\}/g, (m, index: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const i = Number(index);
    if (i >= values.length) fail(fn, `no value for placeholder {${i}}`);
    return toArmString(values[i]);
  });
}

/** resourceId([subscriptionId], [resourceGroupName], resourceType, name1, [name2], ...). */
function resourceId(args: unknown[], scope: ArmScope): string {
  const strings = args.map((a) => asString('resourceId', a));
  const typeAt = strings.findIndex((s) => /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+\/[^/]/.test(s));
  if (typeAt < 0) return fail('resourceId', 'no resource type (Namespace.Provider/type) among the arguments');
  if (typeAt > 2) return fail('resourceId', 'too many arguments before the resource type');
  const sub = typeAt === 2 ? strings[0]! : scope.target.subscriptionId;
  const rg = typeAt >= 1 ? strings[typeAt - 1]! : scope.target.resourceGroup;
  const [namespace, ...types] = strings[typeAt]!.split('/');
  const names = strings.slice(typeAt + 1).flatMap((n) => n.split('/'));
  if (names.length !== types.length) {
    fail('resourceId', `resource type ${strings[typeAt]} needs ${types.length} name segment(s), got ${names.length}`);
  }
  const tail = types.map((t, i) => `${t}/${names[i]}`).join('/');
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${namespace}/${tail}`;
}

function unionOf(values: unknown[]): unknown {
  if (values.every(Array.isArray)) {
    const out: unknown[] = [];
    for (const list of values as unknown[][]) for (const item of list) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(item))) out.push(item);
    return out;
  }
  if (values.every(isJsonObject)) return Object.fromEntries((values as Record<string, unknown>[]).flatMap((v) => Object.entries(v)));
  return fail('union', 'arguments must be all arrays or all objects');
}

function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') return container.toLowerCase().includes(toArmString(item).toLowerCase());
  if (Array.isArray(container)) return container.some((c) => JSON.stringify(c) === JSON.stringify(item));
  if (isJsonObject(container)) {
    const key = toArmString(item).toLowerCase();
    return Object.keys(container).some((k) => k.toLowerCase() === key);
  }
  return fail('contains', `cannot search in ${typeOf(container)}`);
}

function numbers(fn: string, args: unknown[]): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  if (list.length === 0) fail(fn, 'needs at least one number');
  return list.map((v) => asInt(fn, v));
}

function order(fn: string, left: unknown, right: unknown): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  return fail(fn, `cannot compare ${typeOf(left)} with ${typeOf(right)}`);
}

const sliceable = (fn: string, v: unknown): string | unknown[] =>
  typeof v === 'string' || Array.isArray(v) ? v : fail(fn, `expected a string or an array, got ${typeOf(v)}`);

/** The ARM template function set we evaluate, keyed by lower-case name (ARM names are case-insensitive). */
export const armFunctions: Record<string, ArmFunction> = {
  parameters: (a, s) => (arity('parameters', a, 1), s.parameter(asString('parameters', a[0]))),
  variables: (a, s) => (arity('variables', a, 1), s.variable(asString('variables', a[0]))),
  concat: (a) => (a.length > 0 && a.every(Array.isArray) ? (a as unknown[][]).flat() : a.map(toArmString).join('')),
  format: (a) => (arity('format', a, 1, 64), dotnetFormat('format', asString('format', a[0]), a.slice(1))),
  resourceid: (a, s) => resourceId(a, s),
  subscriptionresourceid: (a, s) => {
    const id = resourceId(a, s);
    return id.replace(/\/resourceGroups\/[^/]+/, '');
  },
  resourcegroup: (a, s) => (
    arity('resourceGroup', a, 0),
    {
      id: `/subscriptions/${s.target.subscriptionId}/resourceGroups/${s.target.resourceGroup}`,
      name: s.target.resourceGroup,
      type: 'Microsoft.Resources/resourceGroups',
      location: s.target.location,
      properties: { provisioningState: 'Succeeded' },
    }
  ),
  subscription: (a, s) => (
    arity('subscription', a, 0),
    { id: `/subscriptions/${s.target.subscriptionId}`, subscriptionId: s.target.subscriptionId, tenantId: s.target.tenantId, displayName: 'riposte' }
  ),
  tolower: (a) => (arity('toLower', a, 1), asString('toLower', a[0]).toLowerCase()),
  toupper: (a) => (arity('toUpper', a, 1), asString('toUpper', a[0]).toUpperCase()),
  trim: (a) => (arity('trim', a, 1), asString('trim', a[0]).trim()),
  replace: (a) => (arity('replace', a, 3), asString('replace', a[0]).split(asString('replace', a[1])).join(asString('replace', a[2]))),
  uniquestring: (a) => (arity('uniqueString', a, 1, 64), uniqueString(a.map((v) => asString('uniqueString', v)))),
  guid: (a) => (arity('guid', a, 1, 64), deterministicGuid(a.map((v) => asString('guid', v)))),
  string: (a) => (arity('string', a, 1), toArmString(a[0])),
  int: (a) => (arity('int', a, 1), asInt('int', a[0])),
  bool: (a) => {
    arity('bool', a, 1);
    const v = a[0];
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    if (typeof v === 'number') return v !== 0;
    return fail('bool', `cannot convert ${typeOf(v)}`);
  },
  true: (a) => (arity('true', a, 0), true),
  false: (a) => (arity('false', a, 0), false),
  null: (a) => (arity('null', a, 0), null),
  substring: (a) => {
    arity('substring', a, 1, 3);
    const s = asString('substring', a[0]);
    const start = a.length > 1 ? asInt('substring', a[1]) : 0;
    const length = a.length > 2 ? asInt('substring', a[2]) : s.length - start;
    if (start < 0 || length < 0 || start + length > s.length) fail('substring', `range ${start}+${length} outside a string of length ${s.length}`);
    return s.substr(start, length);
  },
  length: (a) => {
    arity('length', a, 1);
    const v = a[0];
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (isJsonObject(v)) return Object.keys(v).length;
    return fail('length', `expected a string, array or object, got ${typeOf(v)}`);
  },
  if: (a) => (arity('if', a, 3), a[0] === true || (typeof a[0] === 'string' && a[0].toLowerCase() === 'true') ? a[1] : a[2]),
  equals: (a) => (arity('equals', a, 2), JSON.stringify(a[0]) === JSON.stringify(a[1])),
  not: (a) => (arity('not', a, 1), a[0] !== true),
  and: (a) => (arity('and', a, 2, 64), a.every((v) => v === true)),
  or: (a) => (arity('or', a, 2, 64), a.some((v) => v === true)),
  empty: (a) => {
    arity('empty', a, 1);
    const v = a[0];
    if (v === null || v === undefined) return true;
    if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
    if (isJsonObject(v)) return Object.keys(v).length === 0;
    return false;
  },
  union: (a) => (arity('union', a, 1, 64), unionOf(a)),
  createobject: (a) => {
    if (a.length % 2 !== 0) fail('createObject', 'expects key/value pairs');
    const out: Record<string, unknown> = {};
    for (let i = 0; i < a.length; i += 2) setOwn(out, asString('createObject', a[i]), a[i + 1]);
    return out;
  },
  createarray: (a) => [...a],
  array: (a) => (arity('array', a, 1), Array.isArray(a[0]) ? a[0] : [a[0]]),
  json: (a) => {
    arity('json', a, 1);
    try {
      return JSON.parse(asString('json', a[0]));
    } catch (err) {
      if (err instanceof ArmExpressionError) throw err;
      return fail('json', 'argument is not valid JSON');
    }
  },
  split: (a) => {
    arity('split', a, 2);
    const s = asString('split', a[0]);
    const delimiters = Array.isArray(a[1]) ? a[1].map((d) => asString('split', d)) : [asString('split', a[1])];
    let parts = [s];
    for (const d of delimiters) if (d !== '') parts = parts.flatMap((p) => p.split(d));
    return parts;
  },
  first: (a) => {
    arity('first', a, 1);
    const v = sliceable('first', a[0]);
    return typeof v === 'string' ? v.slice(0, 1) : v[0];
  },
  last: (a) => {
    arity('last', a, 1);
    const v = sliceable('last', a[0]);
    return typeof v === 'string' ? v.slice(-1) : v[v.length - 1];
  },
  take: (a) => (arity('take', a, 2), sliceable('take', a[0]).slice(0, Math.max(0, asInt('take', a[1])))),
  skip: (a) => (arity('skip', a, 2), sliceable('skip', a[0]).slice(Math.max(0, asInt('skip', a[1])))),
  contains: (a) => (arity('contains', a, 2), contains(a[0], a[1])),
  startswith: (a) => (arity('startsWith', a, 2), asString('startsWith', a[0]).toLowerCase().startsWith(asString('startsWith', a[1]).toLowerCase())),
  endswith: (a) => (arity('endsWith', a, 2), asString('endsWith', a[0]).toLowerCase().endsWith(asString('endsWith', a[1]).toLowerCase())),
  indexof: (a) => (arity('indexOf', a, 2), asString('indexOf', a[0]).toLowerCase().indexOf(asString('indexOf', a[1]).toLowerCase())),
  add: (a) => (arity('add', a, 2), asInt('add', a[0]) + asInt('add', a[1])),
  sub: (a) => (arity('sub', a, 2), asInt('sub', a[0]) - asInt('sub', a[1])),
  mul: (a) => (arity('mul', a, 2), asInt('mul', a[0]) * asInt('mul', a[1])),
  base64: (a) => (arity('base64', a, 1), Buffer.from(asString('base64', a[0]), 'utf8').toString('base64')),
  div: (a) => {
    arity('div', a, 2);
    const d = asInt('div', a[1]);
    if (d === 0) fail('div', 'division by zero');
    return Math.trunc(asInt('div', a[0]) / d);
  },
  mod: (a) => {
    arity('mod', a, 2);
    const d = asInt('mod', a[1]);
    if (d === 0) fail('mod', 'division by zero');
    return asInt('mod', a[0]) % d;
  },
  min: (a) => Math.min(...numbers('min', a)),
  max: (a) => Math.max(...numbers('max', a)),
  less: (a) => (arity('less', a, 2), order('less', a[0], a[1]) < 0),
  lessorequals: (a) => (arity('lessOrEquals', a, 2), order('lessOrEquals', a[0], a[1]) <= 0),
  greater: (a) => (arity('greater', a, 2), order('greater', a[0], a[1]) > 0),
  greaterorequals: (a) => (arity('greaterOrEquals', a, 2), order('greaterOrEquals', a[0], a[1]) >= 0),
  coalesce: (a) => a.find((v) => v !== null && v !== undefined) ?? null,
  range: (a) => {
    arity('range', a, 2);
    const start = asInt('range', a[0]);
    const count = asInt('range', a[1]);
    // ARM caps range() at 10,000 items; the cap also keeps a hostile template from exhausting memory.
    if (count < 0 || count > 10_000) fail('range', `count must be 0 to 10000, got ${count}`);
    return Array.from({ length: count }, (_, i) => start + i);
  },
  intersection: (a) => {
    arity('intersection', a, 2, 64);
    if (a.every(Array.isArray)) {
      const [head, ...rest] = a as unknown[][];
      return head!.filter((x) => rest.every((r) => r.some((y) => JSON.stringify(y) === JSON.stringify(x))));
    }
    if (a.every(isJsonObject)) {
      const [head, ...rest] = a as Record<string, unknown>[];
      return Object.fromEntries(Object.entries(head!).filter(([k, v]) => rest.every((r) => k in r && JSON.stringify(r[k]) === JSON.stringify(v))));
    }
    return fail('intersection', 'arguments must be all arrays or all objects');
  },
  lastindexof: (a) => (arity('lastIndexOf', a, 2), asString('lastIndexOf', a[0]).toLowerCase().lastIndexOf(asString('lastIndexOf', a[1]).toLowerCase())),
  padleft: (a) => {
    arity('padLeft', a, 2, 3);
    const width = asInt('padLeft', a[1]);
    if (width > 16_384) fail('padLeft', `total length ${width} is more than 16384`);
    const pad = a.length > 2 ? asString('padLeft', a[2]) : ' ';
    if (pad.length !== 1) fail('padLeft', 'the padding must be one character');
    return toArmString(a[0]).padStart(width, pad);
  },
  uricomponent: (a) => (arity('uriComponent', a, 1), encodeURIComponent(asString('uriComponent', a[0]))),
  uricomponenttostring: (a) => {
    arity('uriComponentToString', a, 1);
    try {
      return decodeURIComponent(asString('uriComponentToString', a[0]));
    } catch (err) {
      if (err instanceof ArmExpressionError) throw err;
      return fail('uriComponentToString', 'not a valid encoded URI component');
    }
  },
  base64tostring: (a) => (arity('base64ToString', a, 1), Buffer.from(asString('base64ToString', a[0]), 'base64').toString('utf8')),
  base64tojson: (a) => {
    arity('base64ToJson', a, 1);
    try {
      return JSON.parse(Buffer.from(asString('base64ToJson', a[0]), 'base64').toString('utf8'));
    } catch (err) {
      if (err instanceof ArmExpressionError) throw err;
      return fail('base64ToJson', 'the decoded text is not JSON');
    }
  },
  datauri: (a) => (arity('dataUri', a, 1), `data:text/plain;charset=utf8;base64,${Buffer.from(toArmString(a[0]), 'utf8').toString('base64')}`),
  deployment: (a) => (arity('deployment', a, 0), { name: 'riposte', properties: { mode: 'Incremental' } }),
  environment: (a) => (
    arity('environment', a, 0),
    {
      name: 'AzureCloud',
      gallery: 'https://gallery.azure.com/',
      graph: 'https://graph.windows.net/',
      portal: 'https://portal.azure.com',
      resourceManager: 'https://management.azure.com/',
      authentication: { loginEndpoint: 'https://login.microsoftonline.com/', audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'] },
      suffixes: { storage: 'core.windows.net', keyvaultDns: '.vault.azure.net' },
    }
  ),
  uri: (a) => {
    arity('uri', a, 2);
    try {
      return new URL(asString('uri', a[1]), asString('uri', a[0])).toString();
    } catch (err) {
      if (err instanceof ArmExpressionError) throw err;
      return fail('uri', 'not a valid base URI');
    }
  },
};
