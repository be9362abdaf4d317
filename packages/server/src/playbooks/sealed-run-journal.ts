/**
 * The run journal as playbook runs write it: secure parameter values never reach it in clear.
 * Wraps any RunStore (SQLite, PostgreSQL):
 * - a new run's SecureString/SecureObject parameter values are sealed (key ring of parameter-seal.ts,
 *   bound to the run id and parameter name) and opened again when an unfinished run is read back, so
 *   a run resumed after a crash evaluates `parameters('x')` to the real value (a finished run reads
 *   back with them sealed: nothing needs them, and history shows them redacted);
 * - the definition snapshot keeps `{ "$redacted": true }` as the `defaultValue` of a secure parameter
 *   (the resolved value is in the parameters; the snapshot stays one row per definition);
 * - every text the run journals afterwards (action inputs, outputs, errors, tracked properties, variables,
 *   response, run outputs) has the run's secure values masked as "***", in their encoded forms too.
 *   Durable action `state` is kept as it is (a resumed action needs it exactly);
 * - the secret values a connector handed the run on purpose (`revealed`: a key vault's "Get secret")
 *   are masked the same way in everything journaled for the run from the answer on;
 * - an action whose outputs the masking changed (a secure value, a revealed one) also keeps its clear
 *   outputs sealed in its entry's `state` (`$sealedOutputs`, bound to the run and the entry): a run
 *   resumed after a crash gets them back (listActionsToResume) and goes on masking the values;
 *   history and every other reader see the masked outputs and no seal. Variables set from such a
 *   value come back too: the runtime replays variable actions from their outputs.
 * Runs journaled before this wrapper (values in clear) still read back.
 */
import { entryKey, REDACTED, type ActionEntry, type NewRun, type RunChanges, type RunEntry, type RunStore, type WorkflowDefinition } from '@riposte/engine';
import { SecretRedactor } from '../connectors/secrets/redactor.ts';
import type { RevealedSecrets } from '../connectors/secrets/revealed-secrets.ts';
import { secureParameterNames, type ParameterSeal } from './parameter-seal.ts';
import { withSecureDefaults } from './sealed-version.ts';

const record = (runId: string, name: string) => `run ${runId} /parameters/${name}`;
const outputsRecord = (runId: string, entry: ActionEntry) => `run ${runId} /actions/${entryKey(entry.path, entry.iteration)}/outputs`;

/** Where an entry's `state` keeps the sealed clear outputs (see the header), and the state it wraps when that is not an object. */
const SEALED_OUTPUTS = '$sealedOutputs';
const WRAPPED_STATE = '$state';

/** A RunStore whose stored runs hold secure parameter values sealed and mask them everywhere else. */
export function sealedRunJournal(inner: RunStore, seal: ParameterSeal, revealed?: RevealedSecrets): RunStore {
  const journal = new SealedRunJournal(inner, seal, revealed);
  // Methods this wrapper does not change (listing, leases, those added to the port later) go to the
  // wrapped store as they are.
  const own = {
    createRun: journal.createRun.bind(journal),
    commit: journal.commit.bind(journal),
    getRun: journal.getRun.bind(journal),
    listActions: journal.listActions.bind(journal),
    listActionsToResume: journal.listActionsToResume.bind(journal),
  };
  // Bound once per method, not on every access (the journal commits on every event-loop turn).
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(inner, {
    get(target, property) {
      if (Object.hasOwn(own, property)) return own[property as keyof typeof own];
      let value = bound.get(property);
      if (value === undefined) {
        value = Reflect.get(target, property, target) as unknown;
        if (typeof value === 'function') {
          value = (value as (...args: unknown[]) => unknown).bind(target);
          bound.set(property, value);
        }
      }
      return value;
    },
  });
}

class SealedRunJournal {
  /** Per run in progress: a redactor of its secure values, or null when it has none. */
  private readonly masks = new Map<string, SecretRedactor | null>();
  /** Definition snapshots without secure defaults, one object per definition (its content hash is kept per object). */
  private readonly snapshots = new WeakMap<WorkflowDefinition, WorkflowDefinition>();

  constructor(
    private readonly inner: RunStore,
    private readonly seal: ParameterSeal,
    private readonly revealed: RevealedSecrets | undefined,
  ) {}

  async createRun(run: NewRun): Promise<void> {
    try {
      await this.inner.createRun(this.sealed(run));
    } catch (err) {
      this.masks.delete(run.id);
      throw err;
    }
  }

  async commit(changes: RunChanges[]): Promise<void> {
    const out: RunChanges[] = [];
    for (const change of changes) {
      const create = change.create ? this.sealed(change.create) : undefined;
      const mask = this.masks.has(change.runId) ? this.masks.get(change.runId)! : await this.maskOf(change.runId);
      const clear = { ...change, ...(create ? { create } : {}) };
      const revealed = this.revealed?.of(change.runId);
      const journaled = masked(masked(clear, mask), revealed ?? null);
      out.push(mask || revealed ? this.withClearOutputsSealed(clear, journaled) : journaled);
    }
    await this.inner.commit(out);
    for (const change of changes) {
      if (!change.finish) continue;
      this.masks.delete(change.runId);
      this.revealed?.forget(change.runId);
    }
  }

  async getRun(runId: string): Promise<RunEntry | undefined> {
    const run = await this.inner.getRun(runId);
    // A finished run needs no clear value (history redacts them): its values stay sealed, so it
    // reads even after the key it was sealed with is retired.
    if (!run || run.status !== 'Running') return run;
    const names = secureParameterNames(run.definition).filter((name) => run.parameters[name] !== undefined);
    if (names.length === 0) {
      this.masks.set(runId, null);
      return run;
    }
    const parameters = { ...run.parameters };
    for (const name of names) parameters[name] = this.seal.open(parameters[name], record(runId, name));
    const opened = { ...run, parameters };
    this.masks.set(runId, maskFor(opened));
    return opened;
  }

  /** Entries as every reader but a resume sees them: outputs masked, no seal in `state`. */
  async listActions(runId: string): Promise<ActionEntry[]> {
    return (await this.inner.listActions(runId)).map((entry) => (hasSealedOutputs(entry.state) ? { ...entry, state: unsealedState(entry.state) } : entry));
  }

  /** Entries a run resumed here continues from: outputs that held revealed values in clear again, and masked from now on. */
  async listActionsToResume(runId: string): Promise<ActionEntry[]> {
    return (await this.inner.listActions(runId)).map((entry) => {
      if (!hasSealedOutputs(entry.state)) return entry;
      const { outputs, secrets } = this.seal.open(entry.state[SEALED_OUTPUTS], outputsRecord(runId, entry)) as { outputs: unknown; secrets: string[] };
      this.revealed?.add(runId, secrets);
      return { ...entry, outputs, state: unsealedState(entry.state) };
    });
  }

  /**
   * `journaled` (masked) with the clear outputs of each entry the masking changed sealed into its
   * state, so that a resume can give the run what its actions really answered.
   */
  private withClearOutputsSealed(clear: RunChanges, journaled: RunChanges): RunChanges {
    if (!clear.actions || !journaled.actions) return journaled;
    const secrets = this.revealed?.valuesOf(clear.runId) ?? [];
    const actions = journaled.actions.map((entry, i) => {
      const outputs = clear.actions![i]!.outputs;
      if (outputs === undefined || JSON.stringify(outputs) === JSON.stringify(entry.outputs)) return entry;
      const sealed = this.seal.seal({ outputs, secrets }, outputsRecord(clear.runId, entry));
      return { ...entry, state: withSealedOutputs(unsealedState(entry.state), sealed) };
    });
    return { ...journaled, actions };
  }

  /** The mask of a run this process has not created nor read yet (a callback journaled for it). */
  private async maskOf(runId: string): Promise<SecretRedactor | null> {
    const run = await this.getRun(runId);
    return run ? maskFor(run) : null;
  }

  private sealed(run: NewRun): NewRun {
    const names = secureParameterNames(run.definition);
    if (names.length === 0) {
      this.masks.set(run.id, null);
      return run;
    }
    this.masks.set(run.id, maskFor(run));
    const parameters = { ...run.parameters };
    for (const name of names) if (parameters[name] !== undefined) parameters[name] = this.seal.seal(parameters[name], record(run.id, name));
    let definition = this.snapshots.get(run.definition);
    if (!definition) {
      definition = withSecureDefaults(run.definition, REDACTED);
      this.snapshots.set(run.definition, definition);
    }
    return { ...run, definition, parameters };
  }
}

function maskFor(run: NewRun): SecretRedactor | null {
  const redactor = new SecretRedactor();
  for (const name of secureParameterNames(run.definition)) redactor.add(run.parameters[name]);
  return redactor.size > 0 ? redactor : null;
}

function masked(change: RunChanges, mask: SecretRedactor | null): RunChanges {
  if (!mask) return change;
  const out: RunChanges = { ...change };
  if (change.actions) out.actions = change.actions.map((a) => maskedEntry(a, mask));
  if (change.variables !== undefined) out.variables = mask.redactJson(change.variables);
  if (change.response !== undefined) out.response = mask.redactJson(change.response);
  if (change.finish) out.finish = mask.redactJson(change.finish);
  return out;
}

function maskedEntry(entry: ActionEntry, mask: SecretRedactor): ActionEntry {
  const out: ActionEntry = { ...entry };
  if (entry.inputs !== undefined) out.inputs = mask.redactJson(entry.inputs);
  if (entry.outputs !== undefined) out.outputs = mask.redactJson(entry.outputs);
  if (entry.error) out.error = mask.redactJson(entry.error);
  if (entry.trackedProperties !== undefined) out.trackedProperties = mask.redactJson(entry.trackedProperties);
  return out;
}

function hasSealedOutputs(state: unknown): state is Record<string, unknown> {
  return typeof state === 'object' && state !== null && !Array.isArray(state) && Object.hasOwn(state, SEALED_OUTPUTS);
}

function withSealedOutputs(state: unknown, sealed: unknown): Record<string, unknown> {
  if (state === undefined) return { [SEALED_OUTPUTS]: sealed };
  if (typeof state === 'object' && state !== null && !Array.isArray(state)) return { ...(state as Record<string, unknown>), [SEALED_OUTPUTS]: sealed };
  return { [WRAPPED_STATE]: state, [SEALED_OUTPUTS]: sealed };
}

/** The state an entry had before its outputs were sealed into it. */
function unsealedState(state: unknown): unknown {
  if (!hasSealedOutputs(state)) return state;
  const { [SEALED_OUTPUTS]: _sealed, ...rest } = state;
  if (Object.hasOwn(rest, WRAPPED_STATE)) return rest[WRAPPED_STATE];
  return Object.keys(rest).length > 0 ? rest : undefined;
}
