import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerLink, linkSignatureValid, signLink } from './approval-link.ts';
import { splitOptions } from './approval-operations.ts';
import { parseRuntimeCallbackUrl } from './callback-delivery.ts';

const secret = Buffer.alloc(32, 7);

describe('answer links and callback URLs', () => {
  it('a signature verifies only for the claims it was made for', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: 0 }), fc.string(), (id, option, other, exp, recipient) => {
        const sig = signLink(secret, { approvalId: id, option, exp, recipient });
        expect(linkSignatureValid(secret, { approvalId: id, option, exp, recipient }, sig)).toBe(true);
        if (other !== option) expect(linkSignatureValid(secret, { approvalId: id, option: other, exp, recipient }, sig)).toBe(false);
        expect(linkSignatureValid(secret, { approvalId: id, option, exp: exp + 1, recipient }, sig)).toBe(false);
        expect(linkSignatureValid(Buffer.alloc(32, 8), { approvalId: id, option, exp, recipient }, sig)).toBe(false);
      }),
    );
  });

  it('verifying any given signature text never throws', () => {
    fc.assert(fc.property(fc.string(), (sig) => {
        expect(linkSignatureValid(secret, { approvalId: 'a', option: 'Approve', exp: 1, recipient: 'r' }, sig)).toBe(false);
      }));
  });

  it('a link carries its claims through the query string', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string({ minLength: 1 }), fc.emailAddress(), (id, option, recipient) => {
        const u = new URL(answerLink('http://riposte.test/', secret, { approvalId: id, option, exp: 99, recipient }));
        const q = u.searchParams;
        expect(linkSignatureValid(secret, { approvalId: id, option: q.get('option')!, exp: Number(q.get('exp')), recipient: q.get('r')! }, q.get('sig')!)).toBe(true);
      }),
    );
  });

  it('callback URLs: the runtime form round-trips, anything else is undefined, nothing throws', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.array(fc.nat(), { maxLength: 3 }), (runId, path, iteration) => {
        const key = iteration.length ? `${path}#${iteration.join(',')}` : path;
        const url = `http://riposte.test/api/runs/${encodeURIComponent(runId)}/callbacks/${encodeURIComponent(key)}`;
        const parsed = parseRuntimeCallbackUrl(url);
        if (path.includes('#')) return;
        expect(parsed).toEqual({ runId, actionPath: path, iteration });
      }),
    );
    fc.assert(fc.property(fc.string(), (text) => void parseRuntimeCallbackUrl(text)));
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => void parseRuntimeCallbackUrl(`http://riposte.test/api/runs/${a}/callbacks/${b}`)));
    expect(parseRuntimeCallbackUrl('http://riposte.test/api/runs/%/callbacks/a')).toBeUndefined();
    expect(parseRuntimeCallbackUrl('http://riposte.test/api/runs/./callbacks/..')).toEqual({ runId: '.', actionPath: '..', iteration: [] });
  });

  it('options split on commas, trimmed, never empty strings', () => {
    fc.assert(fc.property(fc.string(), (text) => {
        expect(splitOptions(text).every((o) => o !== '' && o === o.trim())).toBe(true);
      }));
    expect(splitOptions('This was me, This was not me')).toEqual(['This was me', 'This was not me']);
  });
});
