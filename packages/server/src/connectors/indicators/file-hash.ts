/**
 * The normalized text of a file hash, by its Graph `fileHashType`. Hexadecimal digests compare
 * case-insensitively, so they are stored in lower case; a ctph (ssdeep) hash is base64 text where
 * case is part of the value, so it is kept as sent, and so is any hash whose form is not known.
 */

// Fixed-length hexadecimal digests.
const HEX_LENGTHS: Readonly<Record<string, number>> = { md5: 32, sha1: 40, sha256: 64, authenticodeHash256: 64 };

// TLSH, the locality-sensitive hash Graph's lsHash names in practice, is hexadecimal (70 digits by
// default), since TLSH 4 after a "T1" version prefix that the reference implementation recognizes
// only in upper case. Any other hexadecimal lsHash is normalized the same way.
const HEX_LSHASH = /^(T1)?([0-9a-f]+)$/i;

// ssdeep: "<blocksize>:<hash>:<hash>", blocksize 3·2ⁿ, each hash base64 characters (at most 64).
const CTPH = /^([1-9][0-9]{0,9}):([A-Za-z0-9+/]{1,64}):([A-Za-z0-9+/]{1,64})$/;

const CTPH_SHAPE = '<blocksize>:<hash>:<hash> (ssdeep), the hashes in base64 characters A-Z a-z 0-9 + /';

/** Hash types whose values are hexadecimal and compare without case. */

/**
 * The value to store and compare for a trimmed hash of `hashType`, or why it is not one (a phrase
 * for an error message). Whitespace and control characters are refused before this.
 */
export function normalizeFileHash(hashType: string, raw: string): { value: string } | { problem: string } {
  const length = HEX_LENGTHS[hashType];
  if (length !== undefined) {
    const value = raw.toLowerCase();
    return new RegExp(`^[0-9a-f]{${length}}$`).test(value) ? { value } : { problem: `expected ${length} hexadecimal digits for a ${hashType} hash` };
  }
  switch (hashType) {
    case 'ctph': {
      const match = CTPH.exec(raw);
      if (!match) return { problem: `expected a ctph hash shaped ${CTPH_SHAPE}` };
      if (!Number.isInteger(Math.log2(Number(match[1]) / 3))) return { problem: `'${match[1]}' is not a ctph block size (3 times a power of two: 3, 6, 12, 24, …)` };
      return { value: raw };
    }
    case 'lsHash': {
      // Hex (TLSH): normalized like the other hex digests, its version prefix as TLSH writes it.
      const match = HEX_LSHASH.exec(raw);
      if (match) return { value: `${match[1] ? 'T1' : ''}${match[2]!.toLowerCase()}` };
      // Another locality-sensitive hash: its form is unknown, so its case may matter.
      return { value: raw };
    }
    default:
      return { value: raw };
  }
}
