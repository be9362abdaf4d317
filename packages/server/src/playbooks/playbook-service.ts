import { createHmac, timingSafeEqual } from 'node:crypto';
import { normalizeType, RunStoreError, walkActions, WorkflowRuntime, type ConnectorRegistry, type HttpClient, type RunHandle, type RunStore, type RunSummary } from '@riposte/engine';
import type { SecurityContext } from '../app/security-context.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { ConflictError, NotFoundError } from '../common/errors.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import { armName } from '../domain/sentinel-payloads/workspace.ts';
import type { ImportedPlaybook } from './playbook-import.ts';
import { keyRingBeside, ParameterSeal } from './parameter-seal.ts';
import { adoptLegacyRunLinks, linkOf, type PlaybookRunLink } from './playbook-runs.ts';
import { PlaybookStore, type Playbook, type PlaybookVersion } from './playbook-store.ts';
import { sealedRunJournal } from './sealed-run-journal.ts';
import { loadTriggerSigningKey } from './trigger-signing-key.ts';
import { openVersion } from './sealed-version.ts';
import type { SecretKeyRing } from '../connectors/secrets/secret-key.ts';
import type { RevealedSecrets } from '../connectors/secrets/revealed-secrets.ts';
import type Database from 'better-sqlite3';

export interface PlaybookServiceOptions {
  ctx: SecurityContext;
  db: Database.Database;
  runStore: RunStore;
  connectors: ConnectorRegistry;
  /** Outbound HTTP of Http actions (egress policy applied by the caller). */
  http?: HttpClient;
  /** Base URL of the server as callers reach it, for callback and trigger URLs. */
  publicBaseUrl?: string;
  /** Lease owner of this process's runs; one server per data folder, so a restart takes its runs over at once. */
  owner?: string;
  /**
   * Keys secure parameter values and the trigger signing key are sealed with, in riposte.db and in the run journal (default: the
   * installation's, RIPOSTE_SECRET_KEY or `secret.key` beside the database file; see parameter-seal.ts).
   */
  keys?: SecretKeyRing;
  /** Secret values connectors handed to runs (a key vault's "Get secret"): the run journal masks them for their run. */
  revealed?: RevealedSecrets;
}

export interface StartPlaybookInput {
  triggerBody?: unknown;
  triggerOutputs?: { headers?: Record<string, string>; body?: unknown; [k: string]: unknown };
  /** Who or what started it, recorded with the run. */
  startedBy: string;
  /** A deterministic run id (recurrence ticks), so starting twice is detected. */
  runId?: string;
  /** The caller flushes the journal before it acknowledges the run (WorkflowRuntime's deferCreate). */
  deferCreate?: boolean;
}

/** Playbooks: stored versions, enable/disable, and their runs on the durable engine. */
export class PlaybookService {
  readonly store: PlaybookStore;
  readonly runtime: WorkflowRuntime;
  private readonly signingKey: Buffer;
  private readonly runsTotal;
  private readonly runSeconds;
  private readonly listeners = new Set<(playbook: Playbook) => void>();
  /** What still starts a playbook (an automation rule, a workflow automation): each names its users of it, which refuse its deletion. */
  private readonly users: Array<(playbook: Playbook) => string[]> = [];

  private readonly seal: ParameterSeal;
  /** Opened versions by stored version object (the store keeps one per version), so each start does not open again. */
  private readonly opened = new WeakMap<PlaybookVersion, ReturnType<typeof openVersion>>();

  constructor(readonly options: PlaybookServiceOptions) {
    this.seal = new ParameterSeal(options.keys ?? keyRingBeside(options.db));
    this.store = new PlaybookStore(options.db, this.seal);
    // The Request-trigger signing key, sealed at rest with the parameters' key ring (trigger-signing-key.ts).
    this.signingKey = loadTriggerSigningKey(this.options.db, this.seal);
    const base = (options.publicBaseUrl ?? 'http://localhost').replace(/\/$/, '');
    this.runtime = new WorkflowRuntime({
      // Secure parameter values are sealed in the journal and opened when a run is read back.
      store: sealedRunJournal(options.runStore, this.seal, options.revealed),
      connectors: options.connectors,
      ...(options.http ? { http: options.http } : {}),
      owner: options.owner ?? 'riposte-server',
      callbackBaseUrl: `${base}/api`,
      resolveWorkflow: async (id) => {
        const playbook = this.find(id);
        const version = playbook && this.store.getVersion(playbook.id, playbook.version);
        return version ? { name: playbook.name, definition: this.openedVersion(version).definition } : undefined;
      },
    });
    this.runsTotal = options.ctx.metrics.counter('riposte_playbook_runs_total', 'Playbook runs by trigger kind and final status.');
    this.runSeconds = options.ctx.metrics.histogram('riposte_playbook_run_duration_seconds', 'Playbook run duration, start to end.');
  }

  private get ctx(): SecurityContext {
    return this.options.ctx;
  }

  /** Called after a playbook is created, replaced, enabled, disabled or deleted (schedulers re-read it). */
  onChange(listener: (playbook: Playbook) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(playbook: Playbook): void {
    for (const l of this.listeners) l(playbook);
  }

  /** A playbook by id, by name (any case), or by an ARM resource id whose last segment is its name or id. */
  find(idOrName: string): Playbook | undefined {
    const direct = this.store.get(idOrName) ?? this.store.getByName(idOrName);
    if (direct) return direct;
    const last = armName(idOrName);
    return last !== idOrName ? (this.store.get(last) ?? this.store.getByName(last)) : undefined;
  }

  require(idOrName: string): Playbook {
    const playbook = this.find(idOrName);
    if (!playbook) throw new NotFoundError('playbook', idOrName);
    return playbook;
  }

  currentVersion(playbook: Playbook): PlaybookVersion {
    const version = this.store.getVersion(playbook.id, playbook.version);
    if (!version) throw new NotFoundError('playbook version', `${playbook.id}/${playbook.version}`);
    return version;
  }

  /** The version's definition and parameters with secure values in clear: only for starting a run. */
  private openedVersion(version: PlaybookVersion): ReturnType<typeof openVersion> {
    let opened = this.opened.get(version);
    if (!opened) {
      opened = openVersion(version, this.seal);
      this.opened.set(version, opened);
    }
    return opened;
  }

  private versionOf(playbookId: string, version: number, imported: ImportedPlaybook, at: string, actor: string): PlaybookVersion {
    return {
      playbookId,
      version,
      definition: imported.workflow.definition,
      parameters: imported.workflow.parameters,
      connections: imported.workflow.connections,
      format: imported.workflow.format,
      triggerKind: imported.triggerKind,
      missingOperations: imported.missingOperations,
      notRunnable: imported.notRunnable,
      createdTimeUtc: at,
      createdBy: actor,
    };
  }

  /** Stores a new playbook (version 1). A name already taken is a 409. */
  async create(name: string | undefined, imported: ImportedPlaybook, actor: string, enabled = true): Promise<Playbook> {
    const at = formatTimestamp(this.ctx.clock());
    const playbookName = name ?? imported.workflow.name;
    const playbook: Playbook = {
      id: this.ctx.newId(),
      name: playbookName,
      enabled,
      version: 1,
      triggerKind: imported.triggerKind,
      createdTimeUtc: at,
      lastModifiedTimeUtc: at,
      createdBy: actor,
    };
    await this.ctx.store.transaction(async (tx) => {
      if (this.store.getByName(playbookName)) throw new ConflictError(`a playbook named '${playbookName}' exists`, '/name');
      this.store.insert(playbook, this.versionOf(playbook.id, 1, imported, at, actor));
      await tx.appendAudit([auditEntry({ newId: this.ctx.newId, at }, actor, 'playbook', playbook.id, 'create', null, playbook)]);
    });
    this.changed(playbook);
    return playbook;
  }

  /** Stores a new version and makes it current; earlier versions stay readable. */
  async replace(idOrName: string, name: string | undefined, imported: ImportedPlaybook, actor: string): Promise<Playbook> {
    const at = formatTimestamp(this.ctx.clock());
    const updated = await this.ctx.store.transaction(async (tx) => {
      const before = this.require(idOrName);
      const next: Playbook = { ...before, name: name ?? before.name, version: before.version + 1, triggerKind: imported.triggerKind, lastModifiedTimeUtc: at };
      const clash = this.store.getByName(next.name);
      if (clash && clash.id !== before.id) throw new ConflictError(`a playbook named '${next.name}' exists`, '/name');
      const latest = Math.max(...this.store.listVersions(before.id).map((v) => v.version), before.version);
      next.version = latest + 1;
      this.store.insertVersion(this.versionOf(before.id, next.version, imported, at, actor));
      this.store.update(next);
      await tx.appendAudit([auditEntry({ newId: this.ctx.newId, at }, actor, 'playbook', before.id, 'update', before, next)]);
      return next;
    });
    this.changed(updated);
    return updated;
  }

  async setEnabled(idOrName: string, enabled: boolean, actor: string): Promise<Playbook> {
    const at = formatTimestamp(this.ctx.clock());
    const updated = await this.ctx.store.transaction(async (tx) => {
      const before = this.require(idOrName);
      if (before.enabled === enabled) return before;
      const next = { ...before, enabled, lastModifiedTimeUtc: at };
      this.store.update(next);
      await tx.appendAudit([auditEntry({ newId: this.ctx.newId, at }, actor, 'playbook', before.id, enabled ? 'enable' : 'disable', before, next)]);
      return next;
    });
    this.changed(updated);
    return updated;
  }

  /** Registers what may still start playbooks; a playbook something names is not deleted (409 naming them). */
  addUsers(usersOf: (playbook: Playbook) => string[]): void {
    this.users.push(usersOf);
  }

  /** The other playbooks whose current version calls `playbook` through a Workflow action (its id a literal, not an expression). */
  private callersOf(playbook: Playbook): string[] {
    const out: string[] = [];
    for (const other of this.store.list()) {
      if (other.id === playbook.id) continue;
      const version = this.store.getVersion(other.id, other.version);
      if (!version) continue;
      for (const site of walkActions(version.definition, '').sites) {
        if (normalizeType(String(site.action.type ?? '')) !== 'workflow') continue;
        const target = (site.action.inputs as { host?: { workflow?: { id?: unknown } } } | undefined)?.host?.workflow?.id;
        if (typeof target === 'string' && !target.startsWith('@') && this.find(target)?.id === playbook.id) out.push(`playbook '${other.name}' (its Workflow action '${site.name}')`);
      }
    }
    return out;
  }

  async remove(idOrName: string, actor: string): Promise<void> {
    const at = formatTimestamp(this.ctx.clock());
    const removed = await this.ctx.store.transaction(async (tx) => {
      const before = this.require(idOrName);
      const users = [...this.callersOf(before), ...this.users.flatMap((usersOf) => usersOf(before))];
      if (users.length > 0) {
        throw new ConflictError(`playbook '${before.name}' is still started by ${users.join(', ')}: change or delete ${users.length === 1 ? 'it' : 'them'} first`);
      }
      this.store.delete(before.id);
      await tx.appendAudit([auditEntry({ newId: this.ctx.newId, at }, actor, 'playbook', before.id, 'delete', before, null)]);
      return before;
    });
    this.changed({ ...removed, enabled: false });
  }

  /** Starts a run of the playbook's current version; resolves once the run is durably created. */
  async start(playbook: Playbook, input: StartPlaybookInput): Promise<RunHandle> {
    const version = this.currentVersion(playbook);
    const opened = this.openedVersion(version);
    const started = Date.now();
    const handle = await this.runtime.start({
      definition: opened.definition,
      workflowName: playbook.name,
      parameters: opened.parameters,
      ...(input.triggerOutputs ? { triggerOutputs: input.triggerOutputs } : { triggerBody: input.triggerBody ?? null }),
      ...(input.runId ? { runId: input.runId } : {}),
      ...(input.deferCreate ? { deferCreate: true } : {}),
      origin: { workflowId: playbook.id, workflowVersion: version.version, startedBy: input.startedBy },
    });
    this.running.set(handle.runId, playbook.id);
    void handle.done.then(
      (result) => {
        this.running.delete(handle.runId);
        this.runsTotal.inc({ trigger: version.triggerKind, status: result.status });
        this.runSeconds.observe((Date.now() - started) / 1000, { trigger: version.triggerKind });
      },
      () => {
        this.running.delete(handle.runId);
        this.runsTotal.inc({ trigger: version.triggerKind, status: 'Error' });
      },
    );
    return handle;
  }

  /** Playbook id of each run this process started and that has not ended (actorOf reads no row for them). */
  private readonly running = new Map<string, string>();

  /** Runs of a playbook, newest first, from the run journal (each run carries its origin). */
  async listRuns(playbookId: string, top: number, skip: number): Promise<Array<PlaybookRunLink & { run: RunSummary }>> {
    const runs = await this.options.runStore.listRuns({ workflowId: playbookId, limit: top, skip });
    return runs.flatMap((run) => {
      const link = linkOf(run);
      return link ? [{ ...link, run }] : [];
    });
  }

  /** Who a run acts as: "playbook:<name>" (audit, timeline, comment author); the run journal names its workflow. */
  async actorOf(runId: string): Promise<string> {
    const playbookId = this.running.get(runId);
    if (playbookId) {
      const playbook = this.store.get(playbookId);
      if (playbook) return `playbook:${playbook.name}`;
    }
    const run = await this.options.runStore.getRun(runId);
    const playbook = run?.origin && this.store.get(run.origin.workflowId);
    if (playbook) return `playbook:${playbook.name}`;
    return run ? `playbook:${run.workflowName}` : `playbook-run:${runId}`;
  }

  /** Moves run links of an older data folder into the run journal (once; see playbook-runs.ts). */
  adoptLegacyRunLinks(): Promise<number> {
    return adoptLegacyRunLinks(this.options.db, this.options.runStore);
  }

  /** Like start, but a run id that already exists means "already started" (returns undefined). */
  async startOnce(playbook: Playbook, input: StartPlaybookInput & { runId: string }): Promise<RunHandle | undefined> {
    try {
      return await this.start(playbook, input);
    } catch (err) {
      if (err instanceof RunStoreError && err.code === 'Conflict') return undefined;
      if (err instanceof Error && /UNIQUE|exists|conflict/i.test(err.message) && (await this.options.runStore.getRun(input.runId))) return undefined;
      throw err;
    }
  }

  /** Resumes every run the previous process left unfinished (fire and forget; errors are logged by the caller). */
  resumeUnfinished(): Promise<unknown> {
    return this.runtime.resumeAll();
  }

  /** The HMAC signature of a playbook's Request trigger URL. */
  signature(playbookId: string): string {
    return createHmac('sha256', this.signingKey).update(`playbook-trigger:${playbookId}`).digest('base64url');
  }

  /** Each playbook's expected signature (fixed: the key is the installation's). */
  private readonly expectedSignatures = new Map<string, Buffer>();

  /** Checks a presented signature in constant time (its length, 43 characters for any playbook, is no secret). */
  verifySignature(playbookId: string, presented: string): boolean {
    let expected = this.expectedSignatures.get(playbookId);
    if (!expected) {
      expected = Buffer.from(this.signature(playbookId));
      // Only ids of stored playbooks get here (the trigger route looks the playbook up first).
      this.expectedSignatures.set(playbookId, expected);
    }
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** The URL a Request-trigger playbook is called at (what listCallbackUrl() returns for it). */
  callbackUrl(playbookId: string): string {
    const base = (this.options.publicBaseUrl ?? 'http://localhost').replace(/\/$/, '');
    return `${base}/api/triggers/${encodeURIComponent(playbookId)}/invoke?api-version=2016-10-01&sig=${this.signature(playbookId)}`;
  }

  /** Sets the base URL once the server listens (the port is known only then). */
  setPublicBaseUrl(url: string): void {
    this.options.publicBaseUrl = url;
  }
}
