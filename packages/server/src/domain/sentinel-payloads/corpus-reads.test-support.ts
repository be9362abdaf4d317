import { readdirSync, readFileSync } from 'node:fs';
import { corpusDir as sharedCorpus } from '../../../../../test-support/corpus.ts';
import { pathToFileURL } from 'node:url';

/** Test support: what the corpus playbooks read from their trigger and from entity lists. */
export const corpusDir = pathToFileURL(`${sharedCorpus}/`);

export function corpusText(folder: string, suffix: string): Array<{ file: string; text: string }> {
  const dir = new URL(`${folder}/`, corpusDir);
  return readdirSync(dir)
    .filter((file) => file.endsWith(suffix))
    .map((file) => ({ file, text: readFileSync(new URL(file, dir), 'utf8').replace(/\\"/g, '"') }));
}

/** Every `triggerBody()?['a']?['b']…` chain in a text, as key paths. */
export function triggerBodyPaths(text: string): string[][] {
  const paths: string[][] = [];
  for (const match of text.matchAll(/triggerBody\(\)((?:\??\[\s*'[^']+'\s*\])+)/g)) {
    paths.push([...match[1].matchAll(/'([^']+)'/g)].map((m) => m[1]));
  }
  return paths;
}

/** Keys read from the items of a Foreach over `body('Entities_-_Get_X')?['X']`, by list name. */
export function entityItemReads(text: string): Map<string, Set<string>> {
  const loops: Array<[string, string]> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [name, value] of Object.entries(node)) {
      const foreach = (value as { foreach?: unknown } | null)?.foreach;
      const match = typeof foreach === 'string' ? /^@body\('Entities_-_Get_[A-Za-z]+'\)\?\['([A-Za-z]+)'\]$/.exec(foreach) : null;
      if (match) loops.push([name, match[1]]);
      visit(value);
    }
  };
  try {
    visit(JSON.parse(text));
  } catch {
    return new Map();
  }
  const reads = new Map<string, Set<string>>();
  for (const [loopName, list] of loops) {
    const escaped = loopName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const read of text.matchAll(new RegExp(`items\\('${escaped}'\\)\\?\\['([A-Za-z]+)'\\]`, 'g'))) {
      if (!reads.has(list)) reads.set(list, new Set());
      reads.get(list)!.add(read[1]);
    }
  }
  return reads;
}

/** Reads a key path the way Logic Apps does: property names match case-insensitively. */
export function readPath(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    const record = current as Record<string, unknown>;
    const found = Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
    if (found === undefined) return undefined;
    current = record[found];
  }
  return current;
}
