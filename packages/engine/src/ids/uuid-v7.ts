import { randomFillSync } from 'node:crypto';

// Random bytes drawn in blocks: one randomFillSync per 256 ids instead of one per id.
const pool = Buffer.alloc(256 * 10);
let poolOffset = pool.length;

function randomBytes10(): Buffer {
  if (poolOffset + 10 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 10);
  poolOffset += 10;
  return bytes;
}

/** Makes a UUIDv7 generator (RFC 9562) whose ids increase strictly, as strings too, in the order they are made. */
export function uuidV7Generator(now: () => number = Date.now): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    const bytes = randomBytes10();
    const ms = now();
    if (ms > lastMs) {
      // A new millisecond: the 12-bit counter (rand_a) starts at a random value in its lower half,
      // leaving room for at least 2048 more ids within the same millisecond.
      lastMs = ms;
      counter = ((bytes[0]! << 8) | bytes[1]!) & 0x7ff;
    } else {
      // Same millisecond, or the clock went back: stay on the last timestamp and count up, so
      // ids keep increasing (RFC 9562 §6.2, fixed-length dedicated counter). On overflow, borrow
      // the next millisecond.
      counter++;
      if (counter > 0xfff) {
        lastMs++;
        counter = 0;
      }
    }
    const hex = lastMs.toString(16).padStart(12, '0').slice(-12);
    const randA = (0x7000 | counter).toString(16);
    const variant = (0x80 | (bytes[2]! & 0x3f)).toString(16);
    const rest = bytes.toString('hex', 3, 10);
    return `${hex.slice(0, 8)}-${hex.slice(8)}-${randA}-${variant}${rest.slice(0, 2)}-${rest.slice(2)}`;
  };
}

/**
 * A time-ordered UUID (version 7): 48-bit Unix milliseconds, then a counter and random bits. Rows keyed
 * by these land at the end of their B-tree indexes instead of at random pages, so a commit writes
 * fewer pages than with random (version 4) UUIDs.
 */
export const uuidV7: () => string = uuidV7Generator();
