import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalGuid, guidFromNsUniqueId, guidFromObjectGuidBytes, nsUniqueIdFromGuid, objectGuidBytesFromGuid } from './object-guid.ts';

// Microsoft's documented example GUID and the bytes Windows stores for it (Data1–Data3 little-endian).
const GUID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const BYTES = Buffer.from([0xe0, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11, 0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c, 0x33, 0x01]);

const guidArb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => {
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
});

describe('canonicalGuid', () => {
  it('accepts a GUID in any case, with or without braces, and nothing else', () => {
    expect(canonicalGuid(GUID)).toBe(GUID);
    expect(canonicalGuid('{3F2504E0-4F89-11D3-9A0C-0305E82C3301}')).toBe(GUID);
    for (const other of ['alice', 'alice@riposte.test', `uid=alice,ou=people`, '3f2504e04f8911d39a0c0305e82c3301', `${GUID}x`, `{${GUID}`, `${GUID})(uid=*`, '3f2504e0-4f89-11d3-9a0c-0305e82c330g']) {
      expect(canonicalGuid(other), other).toBeUndefined();
    }
  });
});

describe('Active Directory objectGUID (16 bytes, Microsoft GUID layout)', () => {
  it('reads the first three fields little-endian and the last eight bytes in order', () => {
    expect(guidFromObjectGuidBytes(BYTES)).toBe(GUID);
    expect(objectGuidBytesFromGuid(GUID)).toEqual(BYTES);
    expect(objectGuidBytesFromGuid('{3F2504E0-4F89-11D3-9A0C-0305E82C3301}')).toEqual(BYTES);
  });

  it('refuses a value that is not 16 bytes or not a GUID', () => {
    expect(() => guidFromObjectGuidBytes(BYTES.subarray(0, 15))).toThrow(RangeError);
    expect(() => objectGuidBytesFromGuid('alice')).toThrow(RangeError);
  });

  it('round-trips any 16 bytes and any GUID', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const guid = guidFromObjectGuidBytes(bytes);
        expect(canonicalGuid(guid)).toBe(guid);
        expect(objectGuidBytesFromGuid(guid)).toEqual(Buffer.from(bytes));
      }),
    );
    fc.assert(
      fc.property(guidArb, fc.boolean(), (guid, upper) => {
        const written = upper ? `{${guid.toUpperCase()}}` : guid;
        expect(guidFromObjectGuidBytes(objectGuidBytesFromGuid(written))).toBe(guid);
      }),
    );
  });
});

describe('389 Directory Server nsUniqueId (four groups of eight hex digits)', () => {
  it('regroups the same digits as a GUID, and back', () => {
    expect(guidFromNsUniqueId('c8b0d801-1DD211b2-8039a8a6-ab0b2cc1')).toBe('c8b0d801-1dd2-11b2-8039-a8a6ab0b2cc1');
    expect(nsUniqueIdFromGuid('C8B0D801-1DD2-11B2-8039-A8A6AB0B2CC1')).toBe('c8b0d801-1dd211b2-8039a8a6-ab0b2cc1');
  });

  it('answers undefined for a value of another form', () => {
    for (const other of [GUID, 'c8b0d8011dd211b28039a8a6ab0b2cc1', 'c8b0d801-1dd211b2-8039a8a6', 'c8b0d801-1dd211b2-8039a8a6-ab0b2cz1']) {
      expect(guidFromNsUniqueId(other), other).toBeUndefined();
    }
  });

  it('round-trips any GUID', () => {
    fc.assert(
      fc.property(guidArb, (guid) => {
        const ns = nsUniqueIdFromGuid(guid);
        expect(ns).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{8}){3}$/);
        expect(guidFromNsUniqueId(ns)).toBe(guid);
      }),
    );
  });
});
