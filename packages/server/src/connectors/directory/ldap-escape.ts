/**
 * Escaping of values placed into LDAP search filters (RFC 4515) and distinguished names (RFC 4514).
 * A user name taken from an alert is attacker-influenced: without escaping, "*" or ")(uid=*" in it
 * would widen a search to other accounts.
 */

const FILTER_SPECIALS = /[\0*()\\]/g;

/** A value safe inside a filter assertion such as `(uid=<value>)`: NUL, `*`, `(`, `)`, `\` become `\XX`. */
export function escapeFilterValue(value: string): string {
  return value.replace(FILTER_SPECIALS, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * A binary value as a filter assertion: every byte as `\XX` (RFC 4515), e.g. an AD objectGUID,
 * which has no string form a filter could match.
 */
export function escapeFilterBytes(bytes: Uint8Array): string {
  return [...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}

/** The value a filter-escaped string stands for (inverse of escapeFilterValue, for tests and logs). */
export function unescapeFilterValue(escaped: string): string {
  return decodeEscapes(escaped, false);
}

const DN_SPECIALS = new Set(['"', '+', ',', ';', '<', '>', '\\', '=']);

/**
 * A value safe as the right-hand side of one RDN, e.g. `cn=<value>`: the RFC 4514 specials are
 * backslash-escaped, NUL becomes `\00`, and a leading space or `#` and a trailing space are escaped.
 */
export function escapeDnValue(value: string): string {
  let out = '';
  const chars = [...value];
  chars.forEach((c, i) => {
    if (c === '\0') out += '\\00';
    else if (DN_SPECIALS.has(c)) out += `\\${c}`;
    else if (i === 0 && (c === ' ' || c === '#')) out += `\\${c}`;
    else if (i === chars.length - 1 && c === ' ') out += '\\ ';
    else out += c;
  });
  return out;
}

/** The value an escaped RDN value stands for (inverse of escapeDnValue; accepts `\XX` hex pairs too). */
export function unescapeDnValue(escaped: string): string {
  return decodeEscapes(escaped, true);
}

/**
 * `\XX` hex pairs are bytes, any other character its UTF-8 bytes; the bytes read as UTF-8. In a DN
 * (`backslashQuotes`), a backslash before any other character quotes it; in a filter it is itself.
 */
function decodeEscapes(escaped: string, backslashQuotes: boolean): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < escaped.length; ) {
    if (escaped[i] === '\\') {
      const hex = escaped.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 3;
        continue;
      }
      if (backslashQuotes && i + 1 < escaped.length) {
        i += 1;
      }
    }
    const cp = escaped.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    bytes.push(...encoder.encode(ch));
    i += ch.length;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Whether a string reads as a distinguished name (`attr=value,...`) rather than a user name. */
export function looksLikeDn(value: string): boolean {
  // An OID-or-name attribute type, then "=": "uid=alice,ou=people,..." but not "alice@example.org".
  return /^\s*(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)\s*=/.test(value);
}

/** A DN for comparisons: attribute types lower-cased, spaces around separators removed. */
export function normalizeDn(dn: string): string {
  return splitDn(dn)
    .map((rdn) => {
      const eq = rdn.indexOf('=');
      return `${rdn.slice(0, eq).trim().toLowerCase()}=${rdn.slice(eq + 1).trim().toLowerCase()}`;
    })
    .join(',');
}

/** The RDNs of a DN, split at unescaped commas (escapes kept). */
export function splitDn(dn: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i]!;
    if (c === '\\' && i + 1 < dn.length) {
      current += c + dn[i + 1];
      i++;
    } else if (c === ',' || c === ';') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}
