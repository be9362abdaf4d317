import { z } from 'zod';

/** Paging parameters every list endpoint accepts. */
export const pagingQuery = {
  top: z.coerce.number().int().min(1).max(1000).default(100).describe('Page size (1–1000).'),
  skip: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('Items to skip.'),
  count: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Include the total number of matches.'),
};

/**
 * A page of results as list endpoints return it; `nextLink` (the request URL moved one page on)
 * is present while more items may follow.
 */
export function listResult<T>(items: T[], page: { top: number; skip: number }, requestUrl: string, total?: number) {
  const more = total !== undefined ? page.skip + items.length < total : items.length === page.top;
  let nextLink: string | undefined;
  if (more) {
    const url = new URL(requestUrl, 'http://local');
    url.searchParams.set('skip', String(page.skip + page.top));
    url.searchParams.set('top', String(page.top));
    nextLink = url.pathname + url.search;
  }
  return { value: items, ...(total !== undefined ? { count: total } : {}), ...(nextLink ? { nextLink } : {}) };
}

export const listResultSchema = <T extends z.ZodType>(item: T) =>
  z.object({ value: z.array(item), count: z.number().int().optional(), nextLink: z.string().optional() });
