/**
 * `riposte run <file>`: runs a workflow to completion, durably in --data <dir> (default: a
 * temporary store removed afterwards), and prints the run. Exit 0 Succeeded, 1 any other end,
 * 2 bad input (file, definition, trigger, parameters).
 */
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { isNotRunnableHere, loadWorkflowFile, WorkflowError, WorkflowRuntime, type ImportedWorkflow, type WorkflowResolver } from '@riposte/engine';
import { defaultConnectorRegistry } from '../../connectors/index.ts';
import { createEgressHttpClient } from '../../connectors/http-egress/index.ts';
import { SqliteRunStore } from '../../store/run-store-sqlite.ts';
import { CliUsageError } from '../errors.ts';
import { runJson, runSummary } from './run-output.ts';
import { parseParams } from './validate.ts';

interface RunOptions {
  trigger?: string;
  param: string[];
  json?: boolean;
  data?: string;
}

/** Lease owner of CLI processes: a data folder is used by one CLI process at a time, so a resume may take over at once. */
export const CLI_OWNER = 'riposte-cli';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Run a workflow to completion and print the run (exit 0 Succeeded, 1 not succeeded, 2 invalid input).')
    .argument('<file>', 'workflow definition, { "definition": ... } file or ARM template')
    .option('--trigger <file>', "JSON file with the trigger's body (what triggerBody() returns)")
    .option('--param <name=value>', 'value for a workflow (or template) parameter; repeatable', (v: string, prev: string[]) => [...prev, v], [])
    .option('--json', 'print one JSON object: {status, outputs, actions, error}')
    .option('--data <dir>', 'keep the run journal in this folder (resume with `riposte resume --data <dir>`)')
    .action(async (file: string, options: RunOptions) => {
      process.exitCode = await runCommand(file, options);
    });
}

async function readTrigger(path: string | undefined): Promise<unknown> {
  if (path === undefined) return null;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliUsageError(`--trigger: no such file: ${path}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CliUsageError(`--trigger: ${path} is not JSON: ${(err as Error).message}`);
  }
}

/** Workflow actions may call the other workflows of the same file, by name or by an id ending in /<name>. */
function siblingResolver(workflows: ImportedWorkflow[]): WorkflowResolver {
  return async (id) => {
    const name = id.split('/').pop()!.toLowerCase();
    const w = workflows.find((x) => x.name.toLowerCase() === name || x.name.toLowerCase() === id.toLowerCase());
    return w ? { name: w.name, definition: w.definition } : undefined;
  };
}

async function runCommand(file: string, options: RunOptions): Promise<number> {
  const params = parseParams(options.param);
  if (!(await stat(file).catch(() => undefined))?.isFile()) throw new CliUsageError(`no such file: ${file}`);
  const connectors = defaultConnectorRegistry();
  const loaded = await loadWorkflowFile(file, { params, connectors });
  const fatal = loaded.problems.filter((p) => !isNotRunnableHere(p));
  if (fatal.length > 0 || loaded.workflows.length === 0) {
    process.stdout.write(fatal.map((p) => `${p.pointer}: ${p.message}\n`).join(''));
    return 2;
  }
  for (const p of loaded.problems) process.stderr.write(`warning: ${p.pointer}: ${p.message}\n`);
  const triggerBody = await readTrigger(options.trigger);
  const workflow = loaded.workflows[0];
  const dir = options.data ?? (await mkdtemp(join(tmpdir(), 'riposte-run-')));
  await mkdir(dir, { recursive: true });
  const store = new SqliteRunStore({ path: join(dir, 'runs.db') });
  // The Http action goes through the egress policy (no link-local / cloud metadata addresses).
  const http = createEgressHttpClient();
  try {
    const runtime = new WorkflowRuntime({ store, connectors, http, owner: CLI_OWNER, resolveWorkflow: siblingResolver(loaded.workflows) });
    let runId: string;
    try {
      runId = (await runtime.run({ definition: workflow.definition, workflowName: workflow.name, triggerBody, parameters: workflow.parameters })).runId;
    } catch (err) {
      if (err instanceof WorkflowError && err.code === 'InvalidParameters') {
        process.stdout.write(`${err.message}\n`);
        return 2;
      }
      throw err;
    }
    const history = await runtime.history(runId);
    process.stdout.write(options.json ? `${JSON.stringify(runJson(history))}\n` : runSummary(history));
    return history.run.status === 'Succeeded' ? 0 : 1;
  } finally {
    await http.close();
    await store.close();
    if (options.data === undefined) await rm(dir, { recursive: true, force: true });
  }
}
