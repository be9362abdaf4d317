import { MemoryRunStore } from './memory-run-store.ts';
import { runStoreConformance } from './run-store.conformance.ts';

runStoreConformance('memory', () => new MemoryRunStore());
