/**
 * `riposte resume --data <dir>`: finishes every unfinished run of a run journal (after a crash or
 * a kill) and prints each as `riposte run` does. Exit 0 when every resumed run Succeeded.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { WorkflowRuntime } from '@riposte/engine';
import { defaultConnectorRegistry } from '../../connectors/index.ts';
import { createEgressHttpClient } from '../../connectors/http-egress/index.ts';
import { SqliteRunStore } from '../../store/run-store-sqlite.ts';
import { CliUsageError } from '../errors.ts';
import { CLI_OWNER } from './run.ts';
import { runJson, runSummary } from './run-output.ts';

interface ResumeOptions {
  data?: string;
  json?: boolean;
}

export function registerResume(program: Command): void {
  program
    .command('resume')
    .description('Finish every unfinished run in a run journal folder and print each (exit 0 when all Succeeded).')
    .requiredOption('--data <dir>', 'the folder given to `riposte run --data`')
    .option('--json', 'print one JSON object per run, one per line')
    .action(async (options: ResumeOptions) => {
      process.exitCode = await resumeCommand(options);
    });
}

async function resumeCommand(options: ResumeOptions): Promise<number> {
  const dir = options.data!;
  if (!(await stat(join(dir, 'runs.db')).catch(() => undefined))?.isFile()) throw new CliUsageError(`--data: no run journal in ${dir}`);
  const store = new SqliteRunStore({ path: join(dir, 'runs.db') });
  // The Http action goes through the egress policy (no link-local / cloud metadata addresses).
  const http = createEgressHttpClient();
  try {
    const runtime = new WorkflowRuntime({ store, connectors: defaultConnectorRegistry(), http, owner: CLI_OWNER });
    const ids = await store.listUnfinished(100_000);
    const parents = new Set<string>();
    for (const id of ids) {
      const run = await store.getRun(id);
      if (!run?.parentRunId) parents.add(id);
    }
    // Child runs are finished by their parents; resumeAll would do the same work once more.
    const results = await Promise.all([...parents].map((id) => runtime.resume(id)));
    await Promise.all(ids.filter((id) => !parents.has(id)).map((id) => runtime.resume(id)));
    if (results.length === 0 && !options.json) process.stdout.write('no unfinished runs\n');
    for (const r of results) {
      const history = await runtime.history(r.runId);
      process.stdout.write(options.json ? `${JSON.stringify(runJson(history))}\n` : runSummary(history));
    }
    return results.every((r) => r.status === 'Succeeded') ? 0 : 1;
  } finally {
    await http.close();
    await store.close();
  }
}
