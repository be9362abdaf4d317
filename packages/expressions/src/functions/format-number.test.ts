import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.ts';
import { fixedHost } from '../testing/fake-workflow.ts';
import { registerFormatNumberFunctions } from './format-number.ts';
import { FunctionRegistry } from './registry.ts';

const registry = new FunctionRegistry();
registerFormatNumberFunctions(registry);
const formatNumber = (...args: unknown[]): unknown => registry.require('formatNumber').fn(args, { host: fixedHost });

describe('formatNumber', () => {
  it('gives the documented results', () => {
    expect(formatNumber(1234567890, '0,0.00', 'en-us')).toBe('1,234,567,890.00');
    expect(formatNumber(1234567890, '0,0.00', 'is-is')).toBe('1.234.567.890,00');
    expect(formatNumber(1234567890, '#,##0.00', 'is-IS')).toBe('1.234.567.890,00');
    expect(formatNumber(17.35, 'C2')).toBe('$17.35');
    expect(formatNumber(17.35, 'C2', 'is-is')).toBe('17,35 kr.');
  });

  it('defaults to en-US and accepts a null locale', () => {
    expect(formatNumber(1234.5, 'N1', null)).toBe('1,234.5');
  });

  it('rejects non-numbers, bad formats and unknown locales', () => {
    expect(() => formatNumber('12', 'N')).toThrow(ExpressionError);
    expect(() => formatNumber(12, 3)).toThrow(ExpressionError);
    expect(() => formatNumber(1.5, 'D')).toThrow(ExpressionError);
    expect(() => formatNumber(1, 'N', 'no such locale')).toThrow(/no such locale/);
  });
});
