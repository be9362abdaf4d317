/**
 * Content addresses of workflow definitions for the run journals: runs store a definition once
 * per content, and a runtime starts many runs of the same definition object, so its hash is
 * remembered per object instead of serialized and hashed again.
 */
import { createHash } from 'node:crypto';
import type { WorkflowDefinition } from '@riposte/engine';

export class DefinitionHashes {
  private readonly hashes = new WeakMap<object, string>();

  /** The definition's SHA-256 content hash; `body` (its JSON) only when it was serialized now. */
  of(definition: WorkflowDefinition): { hash: string; body?: string } {
    const known = this.hashes.get(definition);
    if (known) return { hash: known };
    const body = JSON.stringify(definition);
    const hash = createHash('sha256').update(body).digest('hex');
    this.hashes.set(definition, hash);
    return { hash, body };
  }
}
