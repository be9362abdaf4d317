import { z } from 'zod';

/**
 * An enum that accepts its values in any letter case and yields the canonical spelling. Graph,
 * Sentinel and Defender spell the same values differently ("high", "High"), and senders copy both.
 */
export function caseInsensitiveEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const canonical = new Map(values.map((v) => [v.toLowerCase(), v]));
  return z.preprocess(
    (input) => (typeof input === 'string' ? (canonical.get(input.toLowerCase()) ?? input) : input),
    z.enum(values),
  );
}
