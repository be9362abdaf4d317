import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stixBundle, stixPattern, stixString, TLP_MARKINGS, uuidV5 } from './stix.ts';
import { observableOf, indicatorInputSchema } from './indicator.ts';

/** Reads the string literal a STIX comparison ends with, by the patterning grammar (for the property). */
function readLiteral(pattern: string): string {
  const eq = pattern.indexOf(" = '");
  let i = eq + 4;
  let out = '';
  for (;;) {
    const c = pattern[i];
    if (c === undefined) throw new Error('unterminated literal');
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '\\' && next !== "'") throw new Error(`bad escape \\${next}`);
      out += next;
      i += 2;
    } else if (c === "'") {
      if (pattern.slice(i) !== "']") throw new Error(`literal ended early: ${pattern.slice(i)}`);
      return out;
    } else {
      out += c;
      i += 1;
    }
  }
}

describe('STIX pattern builder', () => {
  it('builds comparison expressions per observable type', () => {
    expect(stixPattern({ type: 'ipv4', value: '198.51.100.7' })).toBe("[ipv4-addr:value = '198.51.100.7']");
    expect(stixPattern({ type: 'domain', value: 'evil.example' })).toBe("[domain-name:value = 'evil.example']");
    expect(stixPattern({ type: 'fileHash', hashType: 'sha256', value: 'ab'.repeat(32) })).toBe(`[file:hashes.'SHA-256' = '${'ab'.repeat(32)}']`);
    expect(stixPattern({ type: 'url', value: "http://x.example/a'b\\c" })).toBe("[url:value = 'http://x.example/a\\'b\\\\c']");
  });

  it('keeps any URL inside one string literal that reads back unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[\\'a-z]*$/)), (url) => {
        const pattern = stixPattern({ type: 'url', value: url });
        expect(pattern.startsWith("[url:value = '")).toBe(true);
        expect(readLiteral(pattern)).toBe(url);
        expect(stixString(url).length).toBeGreaterThanOrEqual(url.length + 2);
      }),
    );
  });
});

describe('uuidV5', () => {
  it('matches the RFC 4122 name-based algorithm (known vector: DNS namespace, "python.org")', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});

describe('stixBundle', () => {
  it('gives the same indicator id for the same value and carries the TLP marking definition', () => {
    const input = indicatorInputSchema.parse({ action: 'block', networkIPv4: '198.51.100.7', expirationDateTime: '2030-01-01T00:00:00Z', tlpLevel: 'Green' });
    const indicator = { ...input, id: 'x', ingestedDateTime: '2026-11-29T03:00:00.0000000Z', lastReportedDateTime: '2026-11-29T03:00:00.0000000Z' };
    const a = stixBundle([{ indicator, observable: observableOf(input) }]);
    const b = stixBundle([{ indicator: { ...indicator, id: 'y' }, observable: observableOf(input) }]);
    expect(a.objects[1]).toMatchObject({
      type: 'indicator',
      spec_version: '2.1',
      pattern: "[ipv4-addr:value = '198.51.100.7']",
      pattern_type: 'stix',
      valid_from: '2026-11-29T03:00:00.000Z',
      valid_until: '2030-01-01T00:00:00.000Z',
      labels: ['block', 'WatchList'],
      object_marking_refs: [TLP_MARKINGS.green.id],
    });
    expect(a.objects[0]).toMatchObject({ type: 'marking-definition', id: TLP_MARKINGS.green.id, definition: { tlp: 'green' } });
    expect((a.objects[1] as { id: string }).id).toBe((b.objects[1] as { id: string }).id);
    expect(a.id).toBe(b.id);
    expect((a.objects[1] as { id: string }).id).toMatch(/^indicator--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
