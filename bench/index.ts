/** `npm run bench`: every benchmark, in order. Add new ones to this list. */
import { benchExpressions } from './expressions.ts';
import { benchRuns } from './runs.ts';

const benches: Array<() => Promise<void>> = [benchExpressions, benchRuns];

for (const bench of benches) await bench();
