import { fileHashTypes, indicatorActions, indicatorPropertyNames, indicatorSqlSchema, threatTypes, tlpLevels } from '../connectors/indicators/index.ts';
import type { EntitySet } from './entity-set.ts';
import { sameSpelling } from './filter-rewrite.ts';

/**
 * GET /security/tiIndicators (beta) as of `now` (isActive depends on it): Graph property names over
 * the indicator store's columns. Pages of 100, `$top` up to 1000, oldest ingested first.
 */
export function tiIndicatorsSetAt(now: Date): EntitySet {
  return {
    path: 'security/tiIndicators',
    typeName: 'microsoft.graph.tiIndicator',
    sql: indicatorSqlSchema(now),
    vocabulary: {
      action: sameSpelling(indicatorActions),
      threattype: sameSpelling(threatTypes),
      tlplevel: sameSpelling(tlpLevels),
      filehashtype: sameSpelling(fileHashTypes),
    },
    properties: indicatorPropertyNames,
    defaultTop: 100,
    maxTop: 1000,
    // `(column, ingested_date_time)` indexes serve this order under a filter on an enumeration.
    defaultOrder: 'ingested_date_time ASC, {row} ASC',
    tieBreaker: '{row}',
  };
}
