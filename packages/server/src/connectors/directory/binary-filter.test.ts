import { describe, expect, it } from 'vitest';
import { BerWriter, EqualityFilter, FilterParser, type Filter } from 'ldapts';
import { parseFilterWithBinaryValues } from './binary-filter.ts';
import { escapeFilterBytes } from './ldap-escape.ts';

const BYTES = Buffer.from([0xe0, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11, 0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c, 0x33, 0x01]);
const wire = (filter: Filter) => {
  const writer = new BerWriter();
  filter.write(writer);
  return writer.buffer;
};

describe('parseFilterWithBinaryValues', () => {
  const text = `(&(objectClass=person)(|(sAMAccountName=x)(objectGUID=${escapeFilterBytes(BYTES)})))`;

  it('sends the escaped bytes of a binary attribute as exactly those bytes', () => {
    expect(escapeFilterBytes(BYTES)).toBe('\\e0\\04\\25\\3f\\89\\4f\\d3\\11\\9a\\0c\\03\\05\\e8\\2c\\33\\01');
    expect(wire(parseFilterWithBinaryValues(text, ['objectGUID'])).includes(BYTES)).toBe(true);
  });

  it('fixes what a plain parse gets wrong: bytes from 0x80 up would be sent as UTF-8', () => {
    expect(wire(FilterParser.parseString(text)).includes(BYTES)).toBe(false);
  });

  it('leaves other attributes as strings', () => {
    const parsed = parseFilterWithBinaryValues('(|(uid=Zo\\c3\\ab)(objectGUID=\\01))', ['objectguid']) as unknown as { filters: EqualityFilter[] };
    expect(typeof parsed.filters[0]!.value).toBe('string');
    expect(parsed.filters[1]!.value).toEqual(Buffer.from([1]));
  });
});
