/** `npm run bench`: every benchmark, in order. Add new ones to this list. */
import { benchExpressions } from './expressions.ts';

const benches: Array<() => Promise<void>> = [benchExpressions];

for (const bench of benches) await bench();
