import { z } from 'zod';
import { deepestIssue, type IssueLike } from './zod-issue.ts';

/** One problem in a document: where (RFC 6901 JSON pointer) and what was expected. */
export interface ValidationIssue {
  pointer: string;
  message: string;
}

/**
 * Bad input to a domain schema (automation rule, workflow automation). Shaped like the server's API
 * errors — `code`, `status`, `field` — so a route can answer with it unchanged.
 */
export class DomainValidationError extends Error {
  override name = 'DomainValidationError';
  readonly code = 'BadRequest';
  readonly status = 400;
  /** Pointer of the first issue. */
  readonly field: string;

  constructor(
    what: string,
    readonly issues: ValidationIssue[],
  ) {
    const first = issues[0] ?? { pointer: '', message: 'invalid' };
    super(`Invalid ${what}: ${first.pointer || '/'}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`);
    this.field = first.pointer;
  }

  toBody(): { error: { code: string; message: string; field: string; details: ValidationIssue[] } } {
    return { error: { code: this.code, message: this.message, field: this.field, details: this.issues } };
  }
}

function pointerOf(path: readonly PropertyKey[], prefix: string): string {
  return prefix + path.map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Deeper documents are refused before validation: recursive schemas would otherwise exhaust the stack. */
export const MAX_DOCUMENT_DEPTH = 64;

/** The pointer of the first place where a document nests deeper than `limit`, or undefined. */
function tooDeep(input: unknown, limit: number): PropertyKey[] | undefined {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= limit) return path;
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: [...path, Array.isArray(value) ? Number(key) : key] });
  }
  return undefined;
}

/** Parses with a zod schema, turning failures into a DomainValidationError with JSON pointers. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, what: string, prefix = ''): T {
  const deep = tooDeep(input, MAX_DOCUMENT_DEPTH);
  if (deep) throw new DomainValidationError(what, [{ pointer: pointerOf(deep, prefix), message: `nested deeper than ${MAX_DOCUMENT_DEPTH} levels` }]);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const unfolded = deepestIssue(issue as unknown as IssueLike, []);
    return { pointer: pointerOf(unfolded.path, prefix), message: unfolded.message };
  });
  throw new DomainValidationError(what, issues);
}

/** An enum accepting any letter case and yielding the canonical spelling (ARM treats enums so). */
export function caseInsensitiveEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const canonical = new Map(values.map((value) => [value.toLowerCase(), value]));
  return z.preprocess(
    (input) => (typeof input === 'string' ? (canonical.get(input.toLowerCase()) ?? input) : input),
    z.enum(values),
  );
}
