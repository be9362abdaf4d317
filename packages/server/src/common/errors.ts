import type { z } from 'zod';

/** The error codes a client can branch on; the HTTP status follows from the code. */
export type ApiErrorCode =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'Gone'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'ServiceUnavailable'
  | 'InternalServerError';

const statusOf: Record<ApiErrorCode, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  Gone: 410,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  ServiceUnavailable: 503,
  InternalServerError: 500,
};

/** Base of every error that is safe to show a client: a code, a message, and the field at fault. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** JSON pointer to the offending input, e.g. "/body/0/severity". */
    readonly field?: string,
  ) {
    super(message);
    this.status = statusOf[code];
  }

  toBody(): { error: { code: ApiErrorCode; message: string; field?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.field !== undefined ? { field: this.field } : {}) } };
  }
}

export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
  constructor(message: string, field?: string) {
    super('BadRequest', message, field);
  }
}

export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
  constructor(what: string, id: string) {
    super('NotFound', `${what} '${id}' was not found`);
  }
}

export class ConflictError extends ApiError {
  override name = 'ConflictError';
  constructor(message: string, field?: string) {
    super('Conflict', message, field);
  }
}

export class UnauthorizedError extends ApiError {
  override name = 'UnauthorizedError';
  constructor(message = 'A valid API key is required: send "Authorization: Bearer <key>"') {
    super('Unauthorized', message);
  }
}

export class ForbiddenError extends ApiError {
  override name = 'ForbiddenError';
  constructor(permission: string) {
    super('Forbidden', `This API key's role lacks the permission '${permission}'`);
  }
}

/** Escapes one JSON pointer segment (RFC 6901). */
function pointerSegment(segment: PropertyKey): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Turns a path of keys into a JSON pointer under an optional prefix ("" for the whole document). */
export function toPointer(path: readonly PropertyKey[], prefix = ''): string {
  return prefix + path.map((s) => '/' + pointerSegment(s)).join('');
}

/** The first zod issue as a BadRequestError naming its field; union issues are unfolded to their deepest cause. */
export function badRequestFromZod(error: z.ZodError, prefix = ''): BadRequestError {
  const issue = deepestIssue(error.issues[0] as ZodIssueLike, []);
  const field = toPointer(issue.path, prefix);
  return new BadRequestError(`${field || '/'}: ${issue.message}`, field);
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  errors?: ZodIssueLike[][];
  keys?: string[];
}

// A union failure says only "Invalid input"; the branch that got furthest names the real problem.
function deepestIssue(issue: ZodIssueLike, base: PropertyKey[]): ZodIssueLike {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
    let best: ZodIssueLike | undefined;
    for (const branch of issue.errors) {
      const first = branch[0];
      if (!first) continue;
      const candidate = deepestIssue(first, path);
      if (!best || branchScore(candidate) > branchScore(best)) best = candidate;
    }
    if (best) return best;
  }
  // "Unrecognized key" sits on the object; the key itself is the field the sender got wrong.
  if (issue.code === 'unrecognized_keys' && issue.keys?.[0] !== undefined) path.push(issue.keys[0]);
  return { ...issue, path };
}

// A branch that failed on a literal (its discriminator) was not the one the sender meant.
function branchScore(issue: ZodIssueLike): number {
  const discriminator = issue.code === 'invalid_value' || issue.path[issue.path.length - 1] === '@odata.type';
  return issue.path.length - (discriminator ? 100 : 0);
}
