import type { TiIndicator } from './indicator.ts';

/** Where indicators live. One indicator per observable key: blocking a value again updates it. */
export interface IndicatorStore {
  /** Inserts or replaces by id (the key must stay unique). */
  put(indicator: TiIndicator & { key: string }): Promise<void>;
  get(id: string): Promise<(TiIndicator & { key: string }) | undefined>;
  findByKey(key: string): Promise<(TiIndicator & { key: string }) | undefined>;
  /** All indicators, oldest first; with `activeAt`, only those not expired then and not deactivated. */
  list(options?: { activeAt?: Date }): Promise<Array<TiIndicator & { key: string }>>;
  /** Removes one indicator; false when there was none. */
  delete(id: string): Promise<boolean>;
  close(): Promise<void>;
}

export type StoredIndicator = TiIndicator & { key: string };
