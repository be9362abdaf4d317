import { describe, expect, it } from 'vitest';
import { evaluateLine } from './evaluate-line.ts';
import { fixedHost } from './testing/fake-workflow.ts';

const line = (text: string) => JSON.parse(evaluateLine(text, fixedHost)) as Record<string, any>;

describe('evaluateLine', () => {
  it('evaluates the template in a JSON string line', () => {
    expect(line(JSON.stringify("@equals(1, 1.0)"))).toEqual({ value: true });
    expect(line(JSON.stringify("Answer: @{if(true, 'yes', 'no')}"))).toEqual({ value: 'Answer: yes' });
    expect(line('"plain"')).toEqual({ value: 'plain' });
    expect(line(JSON.stringify('@null'))).toEqual({ value: null });
  });

  it('reports expression errors as {error: {code, message}}', () => {
    expect(line('"@equals(1"')).toMatchObject({ error: { code: 'InvalidTemplate' } });
    expect(line('"@noSuchFunction()"')).toMatchObject({ error: { code: 'UnknownFunction' } });
    expect(line(JSON.stringify('@triggerBody()'))).toMatchObject({ error: { code: 'WorkflowReference' } });
  });

  it('rejects a line that is not a JSON string', () => {
    for (const bad of ['@equals(1, 1)', '42', '{"a":1}', '["@x()"]', 'null', '']) {
      const result = line(bad);
      expect(result.error.code).toBe('InvalidInput');
      expect(result.error.message).toMatch(/expected a JSON string/);
    }
  });
});
