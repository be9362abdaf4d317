// Threat-intelligence indicators: the `indicators` connector, the Graph tiIndicators operation, the
// store port and its SQLite adapter, plain-text and STIX 2.1 exports, and the HTTP routes.
export {
  graphSecurityIndicatorsConnector,
  graphSecurityTiIndicatorOperations,
  indicatorsConnector,
  presentIndicator,
  restoreIndicator,
  submitIndicator,
  type IndicatorServices,
} from './indicators-connector.ts';
export { fileHashTypes, indicatorActions, indicatorInputSchema, isActive, observableOf, threatTypes, tlpLevels, withNormalizedObservable, type IndicatorInput, type Observable, type ObservableType, type TiIndicator } from './indicator.ts';
export type { IndicatorQuery, IndicatorStore, StoredIndicator } from './indicator-store.ts';
export { indicatorPropertyNames, indicatorSqlSchema } from './indicator-sql-schema.ts';
export { indicatorMigrations, migrateIndicatorTables } from './indicator-migrations.ts';
export type { NormalizationReport } from './stored-normalization.ts';
export { indicatorCountSql, indicatorPageSql, openSqliteIndicatorStore } from './sqlite-indicator-store.ts';
export { blockBundle, blockList, listTypes, type ListType } from './block-lists.ts';
export { stixBundle, stixPattern, stixString, toStixIndicator, TLP_MARKINGS, uuidV5, type StixBundle, type StixIndicator } from './stix.ts';
export { indicatorRoutes, type IndicatorRoutesOptions } from './routes.ts';
