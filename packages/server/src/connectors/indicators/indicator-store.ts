import type { TiIndicator } from './indicator.ts';

/**
 * One page of indicators by a compiled OData query: SQL over the store's columns and document
 * (indicator-sql-schema.ts), with its positional parameters.
 */
export interface IndicatorQuery {
  /** A SQL boolean expression, or '' for every indicator. */
  where: string;
  params: unknown[];
  /** The SQL order (without `ORDER BY`); it ends with a unique key so pages never overlap. */
  orderBy: string;
  top: number;
  skip: number;
  /** Also count every match, not only the page. */
  count?: boolean;
}

/** Where indicators live. One indicator per observable key: blocking a value again updates it. */
export interface IndicatorStore {
  /** Inserts or replaces by id (the key must stay unique). */
  put(indicator: TiIndicator & { key: string }): Promise<void>;
  get(id: string): Promise<(TiIndicator & { key: string }) | undefined>;
  findByKey(key: string): Promise<(TiIndicator & { key: string }) | undefined>;
  /** All indicators, oldest first; with `activeAt`, only those not expired then and not deactivated. */
  list(options?: { activeAt?: Date }): Promise<Array<TiIndicator & { key: string }>>;
  /** One page of the indicators a compiled query matches, and how many match when `count` is asked. */
  query(query: IndicatorQuery): Promise<{ items: Array<TiIndicator & { key: string }>; total?: number }>;
  /** Removes one indicator; false when there was none. */
  delete(id: string): Promise<boolean>;
  close(): Promise<void>;
}

export type StoredIndicator = TiIndicator & { key: string };
