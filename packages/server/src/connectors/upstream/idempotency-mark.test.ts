import { expect, it } from 'vitest';
import { idempotencyMark } from './idempotency-mark.ts';

it('is stable for one key, differs between keys, and fits a Jira label and a correlation_id', () => {
  const a = idempotencyMark('run-1/Create_a_new_issue');
  expect(idempotencyMark('run-1/Create_a_new_issue')).toBe(a);
  expect(idempotencyMark('run-1/For_each/Create_a_new_issue#2')).not.toBe(a);
  expect(a).toMatch(/^riposte-[0-9a-f]{32}$/);
  expect(a).not.toContain('run-1');
});
