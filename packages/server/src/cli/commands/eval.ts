import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { evaluateLine } from '@riposte/expressions';

/** `riposte eval`: one JSON string per stdin line in, one `{"value"}`/`{"error"}` line out. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'Evaluate workflow expressions: each stdin line is a JSON string (e.g. "@add(1, 2)"); ' +
        'each output line is {"value": ...} or {"error": {"code", "message"}}. No workflow is available.',
    )
    .action(async () => {
      await evaluateStream(process.stdin, process.stdout);
    });
}

/** Streams lines through evaluateLine, respecting backpressure; blank lines are skipped. */
export async function evaluateStream(input: Readable, output: Writable): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (!output.write(`${evaluateLine(line)}\n`)) await once(output, 'drain');
  }
}
