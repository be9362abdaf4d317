/**
 * Where tests find the shared corpus of real playbooks, rules and payloads (it is not part of the
 * repository): $RIPOSTE_CORPUS, else `shared/corpus` beside the repository (as CI lays it out),
 * else this workplace's copy.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const candidates = [
  process.env.RIPOSTE_CORPUS,
  fileURLToPath(new URL('../../shared/corpus', import.meta.url)),
  '/work/shared/corpus',
].filter((p): p is string => Boolean(p));

/** The corpus folder. */
export const corpusDir: string = candidates.find((p) => existsSync(p)) ?? candidates[0]!;
