import type { z } from 'zod';
import { toPointer } from '../../common/errors.ts';
import { ConnectorError, type ConnectorErrorCode } from './connector-error.ts';

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  errors?: IssueLike[][];
}

/**
 * Parses a value against a zod schema; a failure becomes a ConnectorError naming the field as a JSON
 * pointer under `prefix` (e.g. "/body/Attachments/0/ContentBytes") and what was expected.
 */
export function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  prefix: string,
  code: ConnectorErrorCode = 'InvalidInput',
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = deepest(result.error.issues[0] as IssueLike, []);
  const field = toPointer(issue.path, prefix);
  return fail(code, `${field || '/'}: ${issue.message}`, field);
}

function fail(code: ConnectorErrorCode, message: string, field: string): never {
  throw new ConnectorError(code, message, { field });
}

// A union failure only says "Invalid input"; the branch that got furthest names the real problem.
function deepest(issue: IssueLike, base: PropertyKey[]): IssueLike {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors?.length) {
    let best: IssueLike | undefined;
    for (const branch of issue.errors) {
      if (!branch[0]) continue;
      const candidate = deepest(branch[0], path);
      if (!best || candidate.path.length > best.path.length) best = candidate;
    }
    if (best) return best;
  }
  return { ...issue, path };
}
