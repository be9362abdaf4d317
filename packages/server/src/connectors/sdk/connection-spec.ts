import { z } from 'zod';

/** What a connector's connection holds: a zod schema of its settings and which of them are credentials. */
export interface ConnectionSpec<S = unknown> {
  schema: z.ZodType<S>;
  /** Top-level setting names that are credentials: encrypted at rest, never listed, always redacted. */
  secrets: readonly string[];
}

/** Declares a connector's connection settings; `secrets` names the credential fields. */
export function defineConnection<T extends z.ZodType>(spec: { schema: T; secrets: ReadonlyArray<keyof z.input<T> & string> }): ConnectionSpec<z.output<T>> {
  return { schema: spec.schema as z.ZodType<z.output<T>>, secrets: [...spec.secrets] };
}

/** The secret values present in a settings object, as the spec marks them. */
export function secretValues(spec: ConnectionSpec | undefined, settings: Record<string, unknown> | undefined): string[] {
  if (!spec || !settings) return [];
  const out: string[] = [];
  for (const key of spec.secrets) collectStrings(settings[key], out);
  return out;
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out);
}
