import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadWorkflowFile } from '@riposte/engine';
import { productConnectorCatalogue } from '../../connectors/catalogue.ts';
import { CliUsageError } from '../errors.ts';
import { renderReport, reportFolder } from './validate-report.ts';

interface ValidateOptions {
  param: string[];
  report?: string;
}

/** `riposte validate <file>` and `riposte validate --report <folder>`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'Validate a workflow definition, a { "definition": ... } file or an ARM template. Prints "valid" ' +
        '(exit 0) or one "/json/pointer: message" line per problem (exit 2). With --report, validates ' +
        'every .json file of a folder and prints a summary (exit 2 only if some file is invalid).',
    )
    .argument('[file]', 'workflow file to validate')
    .option('--param <name=value>', 'value for a template (or definition) parameter; repeatable', collectParam, [])
    .option('--report <folder>', 'validate every .json file in a folder and print a summary table')
    .action(async (file: string | undefined, options: ValidateOptions) => {
      process.exitCode = await runValidate(file, options);
    });
}

function collectParam(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses repeated name=value options; the value may contain "=". */
export function parseParams(assignments: string[]): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  for (const assignment of assignments) {
    const at = assignment.indexOf('=');
    if (at <= 0) throw new CliUsageError(`--param expects name=value, got '${assignment}'`);
    params[assignment.slice(0, at)] = assignment.slice(at + 1);
  }
  return params;
}

async function runValidate(file: string | undefined, options: ValidateOptions): Promise<number> {
  const params = parseParams(options.param);
  const connectors = productConnectorCatalogue();
  if (options.report !== undefined) {
    if (file !== undefined) throw new CliUsageError('give either a file or --report <folder>, not both');
    if (!(await isDirectory(options.report))) throw new CliUsageError(`--report expects a folder: ${options.report}`);
    const reports = await reportFolder(options.report, connectors, params);
    process.stdout.write(renderReport(reports));
    return reports.some((r) => r.verdict === 'invalid') ? 2 : 0;
  }
  if (file === undefined) throw new CliUsageError('validate needs a file (or --report <folder>)');
  if (!(await isFile(file))) throw new CliUsageError(`no such file: ${file}`);
  const { problems, workflows } = await loadWorkflowFile(file, { params, connectors });
  // stdout stays the contract ("valid" or pointer lines); hints go to stderr.
  const unset = [...new Set(workflows.flatMap((w) => w.unsetTemplateParameters))];
  if (unset.length > 0) {
    process.stderr.write(`riposte: note: no value for template parameter(s) ${unset.join(', ')}; used placeholders (pass --param name=value)\n`);
  }
  if (problems.length === 0) {
    process.stdout.write('valid\n');
    return 0;
  }
  process.stdout.write(problems.map((p) => `${p.pointer}: ${p.message}\n`).join(''));
  return 2;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
