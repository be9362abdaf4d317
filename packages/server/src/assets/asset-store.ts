/** Assets on SQLite, unique per (kind, normalized key). */
import type Database from 'better-sqlite3';
import { ConflictError } from '../common/errors.ts';
import type { Asset, AssetKind } from './asset.ts';

export class AssetStore {
  constructor(private readonly db: Database.Database) {}

  get(id: string): Asset | undefined {
    const row = this.db.prepare('SELECT doc FROM assets WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Asset) : undefined;
  }

  byKey(kind: AssetKind, key: string): Asset | undefined {
    const row = this.db.prepare('SELECT doc FROM assets WHERE kind = ? AND key = ?').get(kind, key) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Asset) : undefined;
  }

  /** Assets of a kind whose key is one of `keys`. */
  byKeys(kind: AssetKind, keys: readonly string[]): Asset[] {
    if (keys.length === 0) return [];
    const rows = this.db.prepare(`SELECT doc FROM assets WHERE kind = ? AND key IN (${keys.map(() => '?').join(',')})`).all(kind, ...keys) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as Asset);
  }

  list(filter: { kind?: AssetKind; businessCritical?: boolean; top: number; skip: number }): Asset[] {
    const rows = this.db.prepare('SELECT doc FROM assets ORDER BY kind, key').all() as { doc: string }[];
    return rows
      .map((r) => JSON.parse(r.doc) as Asset)
      .filter((a) => (filter.kind === undefined || a.kind === filter.kind) && (filter.businessCritical === undefined || a.businessCritical === filter.businessCritical))
      .slice(filter.skip, filter.skip + filter.top);
  }

  insert(asset: Asset): void {
    const r = this.db.prepare('INSERT OR IGNORE INTO assets (id, kind, key, doc) VALUES (?, ?, ?, ?)').run(asset.id, asset.kind, asset.key, JSON.stringify(asset));
    if (r.changes === 0) throw new ConflictError(`an asset ${asset.kind} '${asset.key}' exists already`, '/key');
  }

  update(asset: Asset): void {
    this.db.prepare('UPDATE assets SET doc = ? WHERE id = ?').run(JSON.stringify(asset), asset.id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM assets WHERE id = ?').run(id).changes === 1;
  }
}
