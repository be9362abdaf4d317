import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorCountSql, indicatorPageSql, openSqliteIndicatorStore } from '../connectors/indicators/index.ts';
import { compileQuery } from './entity-set.ts';
import { tiIndicatorsSetAt } from './ti-indicator-set.ts';

describe('tiIndicators OData filters run on the indicator store indexes', () => {
  let db: Database.Database;
  beforeAll(() => {
    db = new Database(':memory:');
    openSqliteIndicatorStore({ db });
  });
  afterAll(() => db.close());

  // The plan of the very statements the store runs for a request's query options.
  const plan = (query: Record<string, string>, sql = indicatorPageSql) => {
    const { filter, top, skip } = compileQuery(tiIndicatorsSetAt(new Date('2026-06-01T00:00:00Z')), query);
    const statement = sql({ where: filter.where, orderBy: filter.orderBy! });
    const params = sql === indicatorPageSql ? [...filter.params, top + 1, skip] : filter.params;
    return (db.prepare(`EXPLAIN QUERY PLAN ${statement}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
  };

  it.each([
    ["action eq 'block'", 'ti_indicators_action_ingested', /action=\?/],
    ["threatType eq 'C2'", 'ti_indicators_threat_type_ingested', /threat_type=\?/],
    ["targetProduct eq 'Riposte'", 'ti_indicators_target_product_ingested', /target_product=\?/],
    ["tlpLevel eq 'red'", 'ti_indicators_tlp_level_ingested', /tlp_level=\?/],
  ])('%s, oldest first: one search of %s, no sort', (filter, index, search) => {
    const detail = plan({ $filter: filter });
    expect(detail).toMatch(new RegExp(`SEARCH ti_indicators USING (COVERING )?INDEX ${index} \\(${search.source}`));
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it.each([
    ["networkIPv4 eq '198.51.100.7'", 'ti_indicators_network_ipv4'],
    ["networkDestinationIPv6 eq '2001:db8::1'", 'ti_indicators_network_destination_ipv6'],
    ["domainName eq 'evil.example'", 'ti_indicators_domain_name'],
    ["url eq 'https://evil.example/x'", 'ti_indicators_url'],
    [`fileHashValue eq '${'a'.repeat(64)}'`, 'ti_indicators_file_hash_value'],
    ["externalId eq 'x-1'", 'ti_indicators_external_id'],
    ["tlpLevel in ('red', 'amber')", 'ti_indicators_tlp_level_ingested'],
    ["id eq '7d5c3f7e-0000-5000-8000-000000000000'", 'sqlite_autoindex_ti_indicators_1'],
  ])('%s finds the indicator through %s', (filter, index) => {
    expect(plan({ $filter: filter })).toMatch(new RegExp(`SEARCH ti_indicators USING (COVERING )?INDEX ${index} `));
  });

  it('the default order and $orderby on an indexed property need no sort', () => {
    expect(plan({})).toMatch(/SCAN ti_indicators USING INDEX ti_indicators_ingested_date_time/);
    expect(plan({})).not.toMatch(/TEMP B-TREE/);
    for (const [property, index] of [['severity desc', 'severity'], ['lastReportedDateTime', 'last_reported_date_time'], ['expirationDateTime desc', 'expiration']]) {
      const detail = plan({ $orderby: property });
      expect(detail, property).toMatch(new RegExp(`SCAN ti_indicators USING INDEX ti_indicators_${index}\\b`));
      expect(detail, property).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('$count searches the same index, reading only the matches', () => {
    expect(plan({ $filter: "action eq 'block'" }, indicatorCountSql)).toMatch(/SEARCH ti_indicators USING COVERING INDEX ti_indicators_action_ingested/);
    expect(plan({ $filter: "action eq 'block' and threatType eq 'C2'" }, indicatorCountSql)).toMatch(/SEARCH ti_indicators USING (COVERING )?INDEX ti_indicators_(action|threat_type)_ingested/);
    expect(plan({ $filter: "domainName eq 'evil.example'" }, indicatorCountSql)).toMatch(/SEARCH ti_indicators USING (COVERING )?INDEX ti_indicators_domain_name/);
  });
});
