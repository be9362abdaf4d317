import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics-registry.ts';

describe('MetricsRegistry', () => {
  it('renders counters with labels in Prometheus text format', () => {
    const m = new MetricsRegistry();
    const c = m.counter('riposte_rule_runs_total', 'Rule runs.');
    c.inc({ rule: 'a"b' });
    c.inc({ rule: 'a"b' }, 2);
    expect(m.render()).toBe('# HELP riposte_rule_runs_total Rule runs.\n# TYPE riposte_rule_runs_total counter\nriposte_rule_runs_total{rule="a\\"b"} 3\n');
  });

  it('counts one series per label set, whatever order the labels are given in', () => {
    const m = new MetricsRegistry();
    const c = m.counter('riposte_calls_total', 'Calls.');
    c.inc({ method: 'POST', route: '/a' });
    c.inc({ route: '/a', method: 'POST' });
    c.inc({ method: 'POST', route: '/a\u0000b' });
    expect(c.get({ route: '/a', method: 'POST' })).toBe(2);
    expect(c.get({ method: 'POST', route: '/a\u0000b' })).toBe(1);
    expect(m.render().split('\n').filter((l) => l.startsWith('riposte_calls_total{'))).toEqual([
      'riposte_calls_total{method="POST",route="/a"} 2',
      'riposte_calls_total{method="POST",route="/a\u0000b"} 1',
    ]);
  });

  it('renders cumulative histogram buckets, sum and count', () => {
    const m = new MetricsRegistry();
    const h = m.histogram('riposte_run_seconds', 'Run time.', [0.1, 1]);
    h.observe(0.05);
    h.observe(0.5);
    h.observe(5);
    const text = m.render();
    expect(text).toContain('riposte_run_seconds_bucket{le="0.1"} 1');
    expect(text).toContain('riposte_run_seconds_bucket{le="1"} 2');
    expect(text).toContain('riposte_run_seconds_bucket{le="+Inf"} 3');
    expect(text).toContain('riposte_run_seconds_sum 5.55');
    expect(text).toContain('riposte_run_seconds_count 3');
  });

  it('returns the same metric for the same name and refuses a type clash or a bad name', () => {
    const m = new MetricsRegistry();
    expect(m.counter('x_total', 'x')).toBe(m.counter('x_total', 'x'));
    expect(() => m.histogram('x_total', 'x')).toThrow(/another type/);
    expect(() => m.counter('bad-name', 'x')).toThrow(/invalid metric name/);
  });
});
