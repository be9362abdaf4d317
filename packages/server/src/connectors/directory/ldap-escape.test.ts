import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeDnValue, escapeFilterValue, looksLikeDn, normalizeDn, splitDn, unescapeDnValue, unescapeFilterValue } from './ldap-escape.ts';

describe('escapeFilterValue (RFC 4515)', () => {
  it('escapes the five characters that change a filter', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0')).toBe('a\\2ab\\28c\\29d\\5ce\\00');
    expect(escapeFilterValue('x)(uid=*')).toBe('x\\29\\28uid=\\2a');
    expect(escapeFilterValue('Zoë@example.org')).toBe('Zoë@example.org');
  });

  it('never leaves a bare special, and round-trips, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const escaped = escapeFilterValue(s);
        expect(escaped).not.toMatch(/[()*\0]/);
        // Every backslash starts a two-digit hex escape.
        expect(escaped.replace(/\\[0-9a-f]{2}/g, '')).not.toContain('\\');
        expect(unescapeFilterValue(escaped)).toBe(s);
      }),
    );
  });
});

describe('escapeDnValue (RFC 4514)', () => {
  it('escapes specials, leading space or #, trailing space', () => {
    expect(escapeDnValue('Doe, John')).toBe('Doe\\, John');
    expect(escapeDnValue('#admin ')).toBe('\\#admin\\ ');
    expect(escapeDnValue(' a+b=c<d>e;f"g\\')).toBe('\\ a\\+b\\=c\\<d\\>e\\;f\\"g\\\\');
  });

  it('keeps a value within one RDN and round-trips, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const escaped = escapeDnValue(s);
        const dn = `cn=${escaped},ou=groups,dc=example,dc=org`;
        expect(splitDn(dn)).toHaveLength(4);
        expect(escaped.startsWith(' ') || escaped.startsWith('#')).toBe(false);
        expect(escaped.endsWith(' ') && !escaped.endsWith('\\ ')).toBe(false);
        expect(unescapeDnValue(escaped)).toBe(s);
      }),
    );
  });
});

describe('DN helpers', () => {
  it('tells a DN from a user name', () => {
    expect(looksLikeDn('uid=alice,ou=people,dc=x')).toBe(true);
    expect(looksLikeDn('CN=Alice Doe,OU=Staff,DC=corp,DC=example')).toBe(true);
    expect(looksLikeDn('alice@riposte.test')).toBe(false);
    expect(looksLikeDn('alice')).toBe(false);
  });

  it('normalizes case and spacing for comparison, keeping escaped commas inside values', () => {
    expect(normalizeDn('CN=Finance , OU=Groups,DC=Corp')).toBe('cn=finance,ou=groups,dc=corp');
    expect(splitDn('cn=Doe\\, John,dc=x')).toEqual(['cn=Doe\\, John', 'dc=x']);
  });
});
