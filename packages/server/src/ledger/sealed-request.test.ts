import { describe, expect, it } from 'vitest';
import { newSecretKey } from '../connectors/secrets/secret-key.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { LedgerRequestSeal, SealedRequestError, shownEntry } from './sealed-request.ts';

const secret = { queries: { ticket: 'canary-ticket-71c2' }, body: { networkIPv4: '203.0.113.9', description: 'canary-body-5e0a' } };

function entryWith(seal: LedgerRequestSeal, id = 'entry-1'): LedgerEntry {
  return {
    id,
    incidentId: 'inc-1',
    idempotencyKey: 'run-1/Block_IP',
    resource: { kind: 'indicator', id: 'ipv4:203.0.113.9' },
    api: 'indicators',
    operationId: 'indicators.submit',
    request: { connection: { name: 'indicators', api: 'indicators' }, method: 'post', path: '/indicators', pathParams: {}, queries: { $redacted: true }, body: { $redacted: true } },
    sealedRequest: seal.seal(id, secret),
    beforeState: null,
    intendedAfter: { $redacted: true },
    actor: { kind: 'run', runId: 'run-1', actionPath: 'Block_IP' },
    changeRequestId: null,
    status: 'applied',
    createdAt: '2026-11-29T06:00:00.000Z',
    appliedAt: '2026-11-29T06:00:00.000Z',
    afterState: null,
    error: null,
    attempts: 1,
  };
}

describe('the sealed request of a ledger entry', () => {
  it('opens to the queries and body that were sealed, and the sealed copy holds neither in clear', () => {
    const seal = new LedgerRequestSeal({ key: newSecretKey(), previousKeys: [] });
    const entry = entryWith(seal);
    const stored = JSON.stringify(entry);
    expect(stored).not.toContain('canary-ticket-71c2');
    expect(stored).not.toContain('canary-body-5e0a');
    expect(entry.sealedRequest!.$sealed).toMatch(new RegExp(`^v1\\.${seal.keyId}\\.`));
    expect(seal.open(entry)).toEqual({ ...entry.request, queries: secret.queries, body: secret.body });
  });

  it('is shown as the redaction marker, without the sealed copy', () => {
    const entry = entryWith(new LedgerRequestSeal({ key: newSecretKey(), previousKeys: [] }));
    const shown = shownEntry(entry);
    expect(shown).not.toHaveProperty('sealedRequest');
    expect(shown.request).toMatchObject({ queries: { $redacted: true }, body: { $redacted: true } });
  });

  it('opens after a key rotation while the old key is loaded as a previous key', () => {
    const old = newSecretKey();
    const entry = entryWith(new LedgerRequestSeal({ key: old, previousKeys: [] }));
    const rotated = new LedgerRequestSeal({ key: newSecretKey(), previousKeys: [old] });
    expect(rotated.open(entry).body).toEqual(secret.body);
  });

  it('without its key fails with an error naming the entry and the key id, never the value', () => {
    const old = newSecretKey();
    const entry = entryWith(new LedgerRequestSeal({ key: old, previousKeys: [] }), 'entry-7');
    const other = new LedgerRequestSeal({ key: newSecretKey(), previousKeys: [] });
    let caught: unknown;
    try {
      other.open(entry);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SealedRequestError);
    const err = caught as SealedRequestError;
    expect(err).toMatchObject({ code: 'SealedRequestKeyNotLoaded', entryId: 'entry-7' });
    expect(err.message).toContain("ledger entry 'entry-7'");
    expect(err.message).toContain(old.id);
    expect(err.message).not.toContain('canary');
    expect(err.message).not.toContain('203.0.113.9');
  });

  it('does not open on another entry (the sealed copy is bound to its entry)', () => {
    const seal = new LedgerRequestSeal({ key: newSecretKey(), previousKeys: [] });
    const moved = { ...entryWith(seal, 'entry-2'), sealedRequest: entryWith(seal, 'entry-1').sealedRequest };
    expect(() => seal.open(moved)).toThrow(expect.objectContaining({ code: 'SealedRequestUnreadable', entryId: 'entry-2' }));
  });

  it('leaves an entry without a sealed copy as it was recorded', () => {
    const seal = new LedgerRequestSeal({ key: newSecretKey(), previousKeys: [] });
    const { sealedRequest: _s, ...plain } = entryWith(seal);
    expect(seal.open(plain)).toBe(plain.request);
  });
});
