import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilter } from '../../domain/odata/index.ts';
import { GraphError } from '../graph-error.ts';
import { parseSubscribedResource } from './subscribed-resource.ts';

describe('parseSubscribedResource', () => {
  it('reads the collection and its $filter, in any case, with or without a leading slash', () => {
    expect(parseSubscribedResource('/Security/Alerts_V2')).toEqual({ kind: 'alerts_v2', path: 'security/alerts_v2' });
    const filtered = parseSubscribedResource("security/incidents?$filter=severity eq 'HIGH'");
    expect(filtered.kind).toBe('incidents');
    expect(matchesFilter(filtered.filter!, { severity: 'high' })).toBe(true);
    expect(matchesFilter(filtered.filter!, { severity: 'low' })).toBe(false);
  });

  it('matches date-times in the stored form', () => {
    const r = parseSubscribedResource('security/alerts_v2?$filter=createdDateTime ge 2026-01-01T00:00:00Z');
    expect(matchesFilter(r.filter!, { createdDateTime: '2026-01-01T00:00:00.0000000Z' })).toBe(true);
    expect(matchesFilter(r.filter!, { createdDateTime: '2025-12-31T23:59:59.0000000Z' })).toBe(false);
  });

  it('never throws anything but a GraphError, whatever the text', () => {
    const prefixes = fc.constantFrom('', 'security/alerts_v2?', 'security/incidents?$filter=', 'security/alerts?$filter=', '/security/alerts_v2?$top=');
    fc.assert(
      fc.property(prefixes, fc.string({ maxLength: 60 }), (prefix, rest) => {
        try {
          parseSubscribedResource(prefix + rest);
        } catch (err) {
          expect(err).toBeInstanceOf(GraphError);
          expect((err as GraphError).status).toBe(400);
        }
      }),
      { numRuns: 500 },
    );
  });
});
