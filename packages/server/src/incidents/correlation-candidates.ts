import type { SecurityReads } from '../store/security-store.ts';
import type { CorrelationCandidate } from './correlation.ts';

/**
 * The correlation candidates one ingest transaction sees, read from the store once per key and kept
 * current in memory as the batch correlates alerts (new incidents, refreshed last-seen times), so a
 * batch of alerts costs a candidate query per correlation rule it needs instead of one per alert.
 * Answers exactly what `findCorrelationCandidates` would answer had every `touch` been written to the
 * store already, whenever its key is read.
 */
export class CandidateIndex {
  // key → incidentId → candidate; a key is present once it has been read from the store.
  private readonly byKey = new Map<string, Map<string, CorrelationCandidate>>();
  // The earliest `since` each key was read with: rows seen before it were not read.
  private readonly readSince = new Map<string, string>();
  // What `touch` recorded and `flush` has yet to write: incidentId → its number and key → last seen.
  private readonly pending = new Map<string, { number: number; keys: Map<string, string> }>();

  constructor(private readonly reads: Pick<SecurityReads, 'findCorrelationCandidates'>) {}

  /** Reads the candidates of many keys at once (the keys of a whole batch), seen at or after `since`. */
  async prefetch(keys: Iterable<string>, since: string): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.covers(k, since));
    if (missing.length === 0) return;
    const rows = await this.reads.findCorrelationCandidates(missing, since);
    for (const key of missing) {
      const known = this.byKey.get(key);
      this.byKey.set(key, new Map());
      this.readSince.set(key, since);
      // Touches made in this transaction since the earlier read are not in the store yet.
      if (known) for (const c of known.values()) this.merge(c);
    }
    for (const row of rows) this.merge(row);
    // Sightings touched in this transaction are not in the store yet, whether or not their key had
    // been read when they were touched.
    const wanted = new Set(missing);
    for (const [incidentId, { number, keys }] of this.pending) {
      for (const [key, lastSeen] of keys) if (wanted.has(key)) this.merge({ incidentId, incidentNumber: number, key, lastSeen });
    }
  }

  /** Open incidents carrying any of `keys` seen at or after `since` (as findCorrelationCandidates). */
  async find(keys: readonly string[], since: string): Promise<CorrelationCandidate[]> {
    await this.prefetch(keys, since);
    const out: CorrelationCandidate[] = [];
    for (const key of new Set(keys)) {
      for (const c of this.byKey.get(key)!.values()) if (c.lastSeen >= since) out.push({ ...c });
    }
    return out;
  }

  /** Records that an incident carries `keys`, seen at `seenAt` (written by `flush`). */
  touch(incident: { id: string; number: number }, keys: readonly string[], seenAt: string): void {
    let entry = this.pending.get(incident.id);
    if (!entry) this.pending.set(incident.id, (entry = { number: incident.number, keys: new Map() }));
    const mine = entry.keys;
    for (const key of keys) {
      const before = mine.get(key);
      if (before === undefined || seenAt > before) mine.set(key, seenAt);
      if (this.byKey.has(key)) this.merge({ incidentId: incident.id, incidentNumber: incident.number, key, lastSeen: seenAt });
    }
  }

  /** Writes every touched key, once per incident and key (the latest time). */
  async flush(write: (incidentId: string, keys: readonly string[], seenAt: string) => Promise<void>): Promise<void> {
    for (const [incidentId, { keys }] of this.pending) {
      const bySeen = new Map<string, string[]>();
      for (const [key, seen] of keys) {
        const group = bySeen.get(seen);
        if (group) group.push(key);
        else bySeen.set(seen, [key]);
      }
      for (const [seen, group] of bySeen) await write(incidentId, group, seen);
    }
    this.pending.clear();
  }

  private covers(key: string, since: string): boolean {
    const read = this.readSince.get(key);
    return read !== undefined && read <= since;
  }

  private merge(c: CorrelationCandidate): void {
    const forKey = this.byKey.get(c.key)!;
    const known = forKey.get(c.incidentId);
    if (!known || c.lastSeen > known.lastSeen) forKey.set(c.incidentId, { ...c });
  }
}
