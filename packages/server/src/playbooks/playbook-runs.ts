/**
 * Which playbook (and version) a run executes and who started it. Kept by the run journal with the
 * run itself (RunOrigin, written in the run's creation), so a run and its link are durable together
 * and listing a playbook's runs is one indexed query of the journal.
 *
 * Data folders from before kept the link in a `playbook_runs` table of the security database;
 * `adoptLegacyRunLinks` moves those rows into the journal once, at start.
 */
import type { RunStore, RunSummary } from '@riposte/engine';
import type Database from 'better-sqlite3';

export interface PlaybookRunLink {
  runId: string;
  playbookId: string;
  version: number;
  /** What started it: "manual:<actor>", "automation-rule:<name>", "workflow-automation:<name>", "alert.created", "request", "recurrence". */
  startedBy: string;
  startTime: string;
}

/** The link of a journaled run, or undefined for a run that belongs to no playbook. */
export function linkOf(run: Pick<RunSummary, 'id' | 'startTime' | 'origin'>): PlaybookRunLink | undefined {
  if (!run.origin) return undefined;
  return { runId: run.id, playbookId: run.origin.workflowId, version: run.origin.workflowVersion ?? 0, startedBy: run.origin.startedBy ?? 'unknown', startTime: run.startTime };
}

/** Moves links from the old `playbook_runs` table into the run journal, then drops the table. Returns how many moved. */
export async function adoptLegacyRunLinks(db: Database.Database, runs: RunStore): Promise<number> {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'playbook_runs'").get();
  if (!table) return 0;
  const rows = db.prepare('SELECT run_id, playbook_id, version, started_by FROM playbook_runs').all() as Array<{ run_id: string; playbook_id: string; version: number; started_by: string }>;
  let moved = 0;
  for (const r of rows) {
    if (await runs.setOrigin(r.run_id, { workflowId: r.playbook_id, workflowVersion: Number(r.version), startedBy: r.started_by })) moved++;
  }
  // Only once every row is in the journal: a crash before this line repeats the (idempotent) copy.
  db.exec('DROP TABLE playbook_runs');
  return moved;
}
