/**
 * Graph's user `id` is a GUID; each directory keeps its own stable unique id of an entry in its own
 * form. These convert between those forms and the canonical GUID string (8-4-4-4-12 lower-case hex).
 */

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The canonical form of a GUID as a caller may write it (any case, optionally in braces, as
 * Windows tools print it), or undefined when the value is not a GUID.
 */
export function canonicalGuid(value: string): string | undefined {
  const bare = /^\{.*\}$/.test(value) ? value.slice(1, -1) : value;
  const lower = bare.toLowerCase();
  return CANONICAL.test(lower) ? lower : undefined;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function reversed(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes).reverse();
}

/**
 * Active Directory's objectGUID (16 bytes, Microsoft's GUID layout: the first three fields
 * little-endian, the last eight bytes in order) as the canonical string Graph and AD tools show.
 */
export function guidFromObjectGuidBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`an objectGUID has 16 bytes, not ${bytes.length}`);
  return [hex(reversed(bytes.subarray(0, 4))), hex(reversed(bytes.subarray(4, 6))), hex(reversed(bytes.subarray(6, 8))), hex(bytes.subarray(8, 10)), hex(bytes.subarray(10, 16))].join('-');
}

/** The 16 objectGUID bytes of a canonical GUID (inverse of guidFromObjectGuidBytes). */
export function objectGuidBytesFromGuid(guid: string): Buffer {
  const canonical = canonicalGuid(guid);
  if (!canonical) throw new RangeError(`'${guid}' is not a GUID`);
  const [a, b, c, d, e] = canonical.split('-') as [string, string, string, string, string];
  const be = (h: string) => Buffer.from(h, 'hex');
  return Buffer.concat([be(a).reverse(), be(b).reverse(), be(c).reverse(), be(d), be(e)]);
}

const NS_UNIQUE_ID = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

/**
 * 389 Directory Server's nsUniqueId, four groups of eight hex digits ("c8b0d801-1dd211b2-…"), as a
 * canonical GUID: the same 32 digits in the same order, regrouped 8-4-4-4-12 (389 prints its UUID
 * fields in RFC 4122 order, only grouped differently). Undefined when the value has another form.
 */
export function guidFromNsUniqueId(value: string): string | undefined {
  const lower = value.toLowerCase();
  if (!NS_UNIQUE_ID.test(lower)) return undefined;
  const digits = lower.replaceAll('-', '');
  return [digits.slice(0, 8), digits.slice(8, 12), digits.slice(12, 16), digits.slice(16, 20), digits.slice(20)].join('-');
}

/** The nsUniqueId form of a canonical GUID (inverse of guidFromNsUniqueId). */
export function nsUniqueIdFromGuid(guid: string): string {
  const canonical = canonicalGuid(guid);
  if (!canonical) throw new RangeError(`'${guid}' is not a GUID`);
  const digits = canonical.replaceAll('-', '');
  return [0, 8, 16, 24].map((i) => digits.slice(i, i + 8)).join('-');
}
