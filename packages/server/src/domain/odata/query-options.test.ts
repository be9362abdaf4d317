import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ODataError } from './errors.ts';
import { parseOrderBy, parseQueryOptions } from './query-options.ts';

const optionError = (query: Record<string, string>): ODataError => {
  try {
    parseQueryOptions(query);
  } catch (error) {
    if (error instanceof ODataError) return error;
    throw error;
  }
  throw new Error('expected an error');
};

describe('parseQueryOptions', () => {
  it('reads every supported option, with option names in any case', () => {
    const options = parseQueryOptions({
      $filter: "severity eq 'high'",
      $OrderBy: 'createdDateTime desc,title',
      $top: '50',
      $skip: '100',
      $select: 'id,title',
      $count: 'true',
      $expand: 'alerts',
      $skiptoken: 'abc',
      'api-version': 'ignored',
    });
    expect(options).toMatchObject({
      filterText: "severity eq 'high'",
      orderBy: [
        { path: ['createdDateTime'], direction: 'desc' },
        { path: ['title'], direction: 'asc' },
      ],
      top: 50,
      skip: 100,
      select: ['id', 'title'],
      count: true,
      expand: ['alerts'],
      skipToken: 'abc',
    });
    expect(options.filter).toMatchObject({ kind: 'compare' });
  });

  it('defaults to no filter, no ordering and no count', () => {
    expect(parseQueryOptions({})).toEqual({ orderBy: [], count: false, expand: [] });
  });

  it.each([
    [{ $top: '-1' }, '$top'],
    [{ $top: 'ten' }, '$top'],
    [{ $top: '5000' }, '$top'],
    [{ $skip: '1.5' }, '$skip'],
    [{ $count: 'yes' }, '$count'],
    [{ $orderby: 'title sideways' }, '$orderby'],
    [{ $orderby: 'title,,id' }, '$orderby'],
    [{ $select: 'id,ti tle' }, '$select'],
    [{ $expand: 'alerts($select=id)' }, '$expand'],
    [{ $filter: '' }, '$filter'],
    [{ $filter: 'severity eq' }, '$filter'],
    [{ $apply: 'groupby((x))' }, '$apply'],
    [{ $search: 'phish' }, '$search'],
  ])('rejects %j naming %s', (query, option) => {
    const error = optionError(query as Record<string, string>);
    expect(error.option).toBe(option);
    expect(error.message).toContain(option === '$filter' ? 'filter' : option);
  });

  it('honours a caller-provided $top limit', () => {
    expect(() => parseQueryOptions({ $top: '11' }, { maxTop: 10 })).toThrow(/at most 10/);
  });

  it('never throws anything but ODataError for any option text', () => {
    const key = fc.constantFrom('$filter', '$orderby', '$top', '$skip', '$select', '$count', '$expand', '$skiptoken', '$x');
    fc.assert(
      fc.property(fc.dictionary(key, fc.string({ maxLength: 60 })), (query) => {
        try {
          parseQueryOptions(query);
        } catch (error) {
          expect(error).toBeInstanceOf(ODataError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseOrderBy', () => {
  it('accepts property paths with a slash', () => {
    expect(parseOrderBy('owner/name DESC')).toEqual([{ path: ['owner', 'name'], direction: 'desc' }]);
  });
});
