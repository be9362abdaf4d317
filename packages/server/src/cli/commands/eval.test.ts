import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/riposte.js', import.meta.url));

function riposteEval(stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'eval'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('riposte eval', () => {
  it('answers each non-empty line with one JSON line, in order', async () => {
    const input = [
      JSON.stringify("@equals(1, 1.0)"),
      '',
      JSON.stringify("Severity: @{if(true, 'High', 'Low')}"),
      '"@equals(1"',
      'not json',
      JSON.stringify('@triggerBody()'),
      '   ',
      JSON.stringify('@@literal'),
    ].join('\r\n');
    const { code, stdout, stderr } = await riposteEval(input);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[0]).toEqual({ value: true });
    expect(lines[1]).toEqual({ value: 'Severity: High' });
    expect(lines[2].error.code).toBe('InvalidTemplate');
    expect(lines[3].error.code).toBe('InvalidInput');
    expect(lines[4].error.code).toBe('WorkflowReference');
    expect(lines[5]).toEqual({ value: '@literal' });
  });

  it('prints nothing for empty input', async () => {
    const { code, stdout } = await riposteEval('');
    expect(code).toBe(0);
    expect(stdout).toBe('');
  });
});
