import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorStore } from '../connectors/indicators/index.ts';
import { fileHashTypes, indicatorActions, indicatorInputSchema, openSqliteIndicatorStore, presentIndicator, submitIndicator, threatTypes, tlpLevels } from '../connectors/indicators/index.ts';
import { matchesFilter, parseFilter } from '../domain/odata/index.ts';
import { compileQuery } from './entity-set.ts';
import { tiIndicatorsSetAt } from './ti-indicator-set.ts';

// The SQL a tiIndicators $filter compiles to selects exactly the indicators that evaluating the same
// filter over each indicator as Graph shows it selects (how the route answered before it used SQL).

const now = new Date('2026-06-01T12:00:00Z');
const observables = [
  { networkIPv4: '198.51.100.7' }, { networkIPv4: '203.0.113.9' }, { domainName: 'evil.example' }, { domainName: 'bad-cdn.example' },
  { url: 'https://evil.example/login' }, { url: 'http://203.0.113.9/x' }, { networkIPv6: '2001:db8::1' }, { networkSourceIPv4: '192.0.2.1' },
  { fileHashType: 'sha256', fileHashValue: 'ab'.repeat(32) }, { fileHashType: 'md5', fileHashValue: 'cd'.repeat(16) },
  { domainName: 'mail.example' }, { networkDestinationIPv4: '192.0.2.77' },
];
const descriptions = ['', 'command and control', 'landing page', 'seen in a campaign'];
const products = ['Riposte', 'Azure Sentinel', 'Microsoft Defender ATP'];
const expirations = ['2099-01-01T00:00:00Z', '2026-06-01T12:00:00Z', '2026-06-01T12:00:01Z', '2020-01-01T00:00:00Z'];
const tagSets = [undefined, ['apt'], ['apt', 'c2'], []];

const inputs = observables.map((observable, n) => ({
  ...observable,
  action: indicatorActions[n % indicatorActions.length],
  threatType: threatTypes[(n * 5) % threatTypes.length],
  tlpLevel: tlpLevels[n % tlpLevels.length],
  targetProduct: products[n % products.length],
  description: descriptions[n % descriptions.length],
  expirationDateTime: expirations[n % expirations.length],
  ...(n % 3 === 0 ? {} : { severity: n % 6 }),
  ...(n % 4 === 1 ? {} : { confidence: (n * 17) % 101 }),
  ...(n % 5 === 2 ? { isActive: false } : {}),
  ...(tagSets[n % tagSets.length] ? { tags: tagSets[n % tagSets.length] } : {}),
  ...(n % 6 === 4 ? { externalId: `ext-${n}` } : {}),
}));

const stringProperties = ['action', 'threatType', 'tlpLevel', 'targetProduct', 'description', 'externalId', 'domainName', 'url', 'networkIPv4', 'fileHashType', 'fileHashValue'];
const enumSpellings = [...indicatorActions, ...threatTypes, ...tlpLevels, ...fileHashTypes];
// Enumerations are matched case-insensitively in SQL (as Graph does) and exactly in memory; a word that
// differs from a member only in case would tell the two apart for that reason alone.
const words = [
  ...new Set(inputs.flatMap((input) => stringProperties.map((p) => (input as Record<string, unknown>)[p]).filter((v): v is string => typeof v === 'string'))),
  '', 'a', 'e', 'evil', 'example', 'http', '.example', 'zzz', 'apt', 'c2', "it's",
].filter((w) => !enumSpellings.some((member) => member !== w && member.toLowerCase() === w.toLowerCase()));
const instants = ['2020-01-01T00:00:00Z', '2026-06-01T12:00:00Z', '2026-06-01T12:00:00.5Z', '2026-06-01T12:00:03Z', '2099-01-01T00:00:00Z'];

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
const op = fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le');
const word = fc.constantFrom(...words);
const stringProperty = fc.constantFrom(...stringProperties);

const atom: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(stringProperty, op, word).map(([p, o, w]) => `${p} ${o} ${quote(w)}`),
  fc.tuple(fc.constantFrom('severity', 'confidence'), op, fc.integer({ min: -1, max: 101 })).map(([p, o, n]) => `${p} ${o} ${n}`),
  fc.tuple(fc.constantFrom('expirationDateTime', 'ingestedDateTime', 'lastReportedDateTime'), op, fc.constantFrom(...instants)).map(([p, o, t]) => `${p} ${o} ${t}`),
  fc.tuple(stringProperty, fc.array(word, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([p, ws, withNull]) => `${p} in (${[...ws.map(quote), ...(withNull ? ['null'] : [])].join(', ')})`),
  fc.tuple(fc.constantFrom('startswith', 'endswith', 'contains'), stringProperty, word).map(([f, p, w]) => `${f}(${p}, ${quote(w)})`),
  fc.tuple(fc.constantFrom(...stringProperties, 'severity', 'confidence'), fc.constantFrom('eq', 'ne')).map(([p, o]) => `${p} ${o} null`),
  fc.tuple(fc.constantFrom('eq', 'ne'), fc.boolean()).map(([o, b]) => `isActive ${o} ${b}`),
  fc.tuple(fc.constantFrom('any', 'all'), word).map(([quantifier, w]) => `tags/${quantifier}(t: t eq ${quote(w)})`),
);

const { filter } = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('filter'), tie('filter')).map(([a, b]) => `(${a}) and (${b})`),
    fc.tuple(tie('filter'), tie('filter')).map(([a, b]) => `(${a}) or (${b})`),
    tie('filter').map((a) => `not (${a})`),
  ),
}));

describe('tiIndicators: SQL and in-memory evaluation of a $filter agree', () => {
  let store: IndicatorStore;
  beforeAll(async () => {
    store = openSqliteIndicatorStore({ path: ':memory:' });
    for (const [n, input] of inputs.entries()) {
      // Ingested a second apart, so ingestedDateTime comparisons split them.
      await submitIndicator(store, indicatorInputSchema.parse(input), new Date(now.getTime() + (n - 6) * 1000), 'test', '');
    }
  });
  afterAll(() => store.close());

  it('selects the same indicators for any filter of every operator', async () => {
    const shown = (await store.list()).map((i) => presentIndicator(i, now));
    expect(shown).toHaveLength(inputs.length);
    await fc.assert(
      fc.asyncProperty(filter, async (text) => {
        const compiled = compileQuery(tiIndicatorsSetAt(now), { $filter: text });
        const { where, params, orderBy = '' } = compiled.filter;
        const bySql = (await store.query({ where, params, orderBy, top: 1000, skip: 0 })).items.map((i) => i.id).sort();
        const inMemory = shown.filter((item) => matchesFilter(parseFilter(text), item)).map((item) => item.id as string).sort();
        expect(bySql, text).toEqual(inMemory);
      }),
      { numRuns: 400 },
    );
  });
});
