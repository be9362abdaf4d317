import type { z } from 'zod';
import { toPointer } from '../../common/errors.ts';
import { deepestIssue, type IssueLike } from '../../domain/zod-issue.ts';
import { ConnectorError, type ConnectorErrorCode } from './connector-error.ts';

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
  const issue = deepestIssue(result.error.issues[0] as IssueLike, []);
  const field = toPointer(issue.path, prefix);
  return fail(code, `${field || '/'}: ${issue.message}`, field);
}

function fail(code: ConnectorErrorCode, message: string, field: string): never {
  throw new ConnectorError(code, message, { field });
}
