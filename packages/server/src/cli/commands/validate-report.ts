import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isNotRunnableHere, loadWorkflowFile, type ConnectorRegistry, type Problem } from '@riposte/engine';

export type FileVerdict = 'valid' | 'invalid' | 'not runnable here';

export interface FileReport {
  file: string;
  verdict: FileVerdict;
  workflows: number;
  /** Problems that make the file wrong. */
  errors: Problem[];
  /** "api method path" of connector operations this installation lacks. */
  missingOperations: string[];
  /** Action/trigger types recognised but not runnable here. */
  missingTypes: string[];
  /** Expression functions this installation lacks. */
  missingFunctions: string[];
  /** Other not-runnable findings (e.g. connection names built at run time). */
  otherNotRunnable: Problem[];
}

const unique = (values: string[]): string[] => [...new Set(values)].sort();

/** Validates every .json file directly inside a folder. */
export async function reportFolder(folder: string, connectors: ConnectorRegistry, params?: Record<string, string>): Promise<FileReport[]> {
  const names = (await readdir(folder, { withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json'))
    .map((e) => e.name)
    .sort();
  const reports: FileReport[] = [];
  for (const file of names) {
    const loaded = await loadWorkflowFile(join(folder, file), { connectors, params });
    const errors = loaded.problems.filter((p) => !isNotRunnableHere(p));
    const notRunnable = loaded.problems.filter(isNotRunnableHere);
    const missingOperations = unique(notRunnable.filter((p) => p.code === 'ConnectorNotAvailable').map((p) => p.message.replace(/^connector not available: /, '')));
    const missingTypes = unique(notRunnable.filter((p) => p.code === 'ActionTypeNotAvailable').map((p) => p.message.replace(/^action type not available: /, '')));
    const missingFunctions = unique(notRunnable.filter((p) => p.code === 'FunctionNotAvailable').map((p) => p.message.replace(/^expression function not available: /, '')));
    const listed = new Set(['ConnectorNotAvailable', 'ActionTypeNotAvailable', 'FunctionNotAvailable']);
    const otherNotRunnable = notRunnable.filter((p) => !listed.has(p.code));
    const verdict: FileVerdict = errors.length > 0 ? 'invalid' : notRunnable.length > 0 ? 'not runnable here' : 'valid';
    reports.push({ file, verdict, workflows: loaded.workflows.length, errors, missingOperations, missingTypes, missingFunctions, otherNotRunnable });
  }
  return reports;
}

/** The human-readable table: one row per file, its findings indented under it, then totals. */
export function renderReport(reports: FileReport[]): string {
  const width = Math.min(70, Math.max(4, ...reports.map((r) => r.file.length)));
  const lines: string[] = [`${'FILE'.padEnd(width)}  STATUS`];
  for (const r of reports) {
    lines.push(`${r.file.padEnd(width)}  ${r.verdict}`);
    for (const p of r.errors) lines.push(`    ${p.pointer}: ${p.message}`);
    if (r.missingOperations.length > 0) lines.push(`    missing connector operations: ${r.missingOperations.join('; ')}`);
    if (r.missingTypes.length > 0) lines.push(`    action types not available: ${r.missingTypes.join(', ')}`);
    if (r.missingFunctions.length > 0) lines.push(`    expression functions not available: ${r.missingFunctions.join(', ')}`);
    for (const p of r.otherNotRunnable) lines.push(`    ${p.pointer}: ${p.message}`);
  }
  const count = (v: FileVerdict): number => reports.filter((r) => r.verdict === v).length;
  lines.push('');
  lines.push(`Totals: ${reports.length} files: ${count('valid')} valid, ${count('invalid')} invalid, ${count('not runnable here')} not runnable here`);
  const operations = tally(reports.flatMap((r) => unique(r.missingOperations.map((op) => op.split(' ')[0]!))));
  if (operations.length > 0) lines.push(`Missing connectors (files): ${operations.map(([k, n]) => `${k} (${n})`).join(', ')}`);
  const types = tally(reports.flatMap((r) => r.missingTypes));
  if (types.length > 0) lines.push(`Action types not available (files): ${types.map(([k, n]) => `${k} (${n})`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Distinct values counted once per file, most frequent first. */
function tally(values: string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
