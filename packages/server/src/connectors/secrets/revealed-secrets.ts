/**
 * Secret values operations handed to runs on purpose (a key vault's "Get secret"), kept per run in
 * memory only: the run journal masks them in everything it writes for that run afterwards, while
 * the run itself uses them in clear (an Http action's client_secret).
 */
import { SecretRedactor } from './redactor.ts';

export class RevealedSecrets {
  readonly #byRun = new Map<string, SecretRedactor>();

  /** Remembers secret values a run received (strings shorter than the redactor's minimum are not masked). */
  add(runId: string, values: Iterable<string>): void {
    let redactor = this.#byRun.get(runId);
    if (!redactor) this.#byRun.set(runId, (redactor = new SecretRedactor()));
    redactor.addAll(values);
  }

  /** The values a run received (those it masks), so that a journal can seal them for a resume in another process. */
  valuesOf(runId: string): string[] {
    return this.#byRun.get(runId)?.values() ?? [];
  }

  /** The redactor of a run's revealed values, or undefined when it received none. */
  of(runId: string): SecretRedactor | undefined {
    const redactor = this.#byRun.get(runId);
    return redactor && redactor.size > 0 ? redactor : undefined;
  }

  /** Forgets a finished run's values. */
  forget(runId: string): void {
    this.#byRun.delete(runId);
  }
}

const revealedByRegistry = new WeakMap<object, RevealedSecrets>();

/**
 * Records that `registry` hands secret values to runs through `revealed`, so whoever runs playbooks
 * on that registry masks them without being told (a run journal that forgot would keep them in clear).
 */
export function markRevealing(registry: object, revealed: RevealedSecrets): void {
  revealedByRegistry.set(registry, revealed);
}

/** The RevealedSecrets a registry from markRevealing reports to; undefined for any other registry. */
export function revealedSecretsOf(registry: object): RevealedSecrets | undefined {
  return revealedByRegistry.get(registry);
}
