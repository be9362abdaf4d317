import { normalizeType } from './types.ts';
import { childPointer } from './problem.ts';
import type { CheckInput } from './validation-context.ts';
import { isJsonObject } from './json-object.ts';

/** Foreach concurrency, Until iteration count and action nesting depth stay within the limits. */
export function checkLimits(input: CheckInput): void {
  const { limits } = input;
  for (const site of input.sites) {
    const type = typeof site.action.type === 'string' ? normalizeType(site.action.type) : '';
    if (site.depth >= limits.maxNestingDepth) {
      input.report({
        pointer: site.pointer,
        code: 'Limit',
        message: `action '${site.name}' is nested ${site.depth + 1} levels deep; the limit is ${limits.maxNestingDepth}`,
      });
    }
    if (type === 'foreach') {
      if (!('foreach' in site.action)) {
        input.report({ pointer: site.pointer, code: 'Structure', message: `Foreach '${site.name}' needs a "foreach" value` });
      }
      const rc = site.action.runtimeConfiguration;
      const repetitions = isJsonObject(rc) && isJsonObject(rc.concurrency) ? rc.concurrency.repetitions : undefined;
      if (repetitions !== undefined && (typeof repetitions !== 'number' || !Number.isInteger(repetitions) || repetitions < 1 || repetitions > limits.maxForeachRepetitions)) {
        input.report({
          pointer: childPointer(childPointer(childPointer(site.pointer, 'runtimeConfiguration'), 'concurrency'), 'repetitions'),
          code: 'Limit',
          message: `Foreach concurrency repetitions must be an integer from 1 to ${limits.maxForeachRepetitions}, got ${JSON.stringify(repetitions)}`,
        });
      }
    }
    if (type === 'until') {
      if (!('expression' in site.action)) {
        input.report({ pointer: site.pointer, code: 'Structure', message: `Until '${site.name}' needs an "expression"` });
      }
      const count = isJsonObject(site.action.limit) ? site.action.limit.count : undefined;
      // A count may also be an expression, evaluated when the loop starts.
      const isExpression = typeof count === 'string' && count.startsWith('@');
      const n = typeof count === 'string' && !isExpression ? Number(count) : count;
      if (count !== undefined && !isExpression && (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > limits.maxUntilCount)) {
        input.report({
          pointer: childPointer(childPointer(site.pointer, 'limit'), 'count'),
          code: 'Limit',
          message: `Until limit count must be an integer from 1 to ${limits.maxUntilCount}, got ${JSON.stringify(count)}`,
        });
      }
    }
  }
}
