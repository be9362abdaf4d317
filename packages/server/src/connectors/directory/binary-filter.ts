/**
 * ldapts parses a filter string's `\XX` escapes into one character per byte and then sends the
 * value as UTF-8, so bytes from 0x80 up (most of an AD objectGUID) would reach the server as two
 * bytes each and match nothing. For attributes held as bytes, the parsed values are put back as
 * the exact bytes the escapes stand for.
 */
import { AndFilter, EqualityFilter, FilterParser, NotFilter, OrFilter, type Filter } from 'ldapts';

/** A filter string as ldapts sends it, with equality values of `binaryAttributes` sent as raw bytes. */
export function parseFilterWithBinaryValues(filter: string, binaryAttributes: readonly string[]): Filter {
  const binary = new Set(binaryAttributes.map((a) => a.toLowerCase()));
  const parsed = FilterParser.parseString(filter);
  if (binary.size > 0) fixBinary(parsed, binary);
  return parsed;
}

function fixBinary(filter: Filter, binary: ReadonlySet<string>): void {
  if (filter instanceof AndFilter || filter instanceof OrFilter) {
    for (const f of filter.filters) fixBinary(f, binary);
  } else if (filter instanceof NotFilter) {
    fixBinary(filter.filter, binary);
  } else if (filter instanceof EqualityFilter && binary.has(filter.attribute.toLowerCase()) && typeof filter.value === 'string') {
    // Each character is one byte of an escape (0–255): latin1 gives those bytes back exactly.
    filter.value = Buffer.from(filter.value, 'latin1');
  }
}
