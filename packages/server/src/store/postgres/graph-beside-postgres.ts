import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RiposteModule } from '../../app/build-app.ts';
import { openSqliteIndicatorStore } from '../../connectors/indicators/index.ts';
import { graphModule } from '../../graph/graph-module.ts';

/**
 * The Graph module for a server whose security store is on PostgreSQL. Its subscriptions (with their
 * delivery outbox) and threat-intelligence indicators have no PostgreSQL adapter yet; without this
 * they would fall back to memory (there is no SQLite file to sit beside), so they go to SQLite files
 * in `dataDir`: durable, but private to this process.
 */
export function graphModuleBesidePostgres(dataDir: string): RiposteModule {
  return async (app, services) => {
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    const indicators = openSqliteIndicatorStore({ path: join(dir, 'ti-indicators.db') });
    app.addHook('onClose', async () => indicators.close());
    await graphModule({ indicators, subscriptions: { databasePath: join(dir, 'graph-subscriptions.db') } })(app, services);
  };
}
