import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretRedactor } from './redactor.ts';

const CANARY = 'canary-S3cr3t/+=&? é';

describe('SecretRedactor', () => {
  const redactor = new SecretRedactor().add(CANARY).add('x').add(42);

  it('masks the raw value in text', () => {
    expect(redactor.redact(`login failed for password ${CANARY}!`)).toBe('login failed for password ***!');
  });

  it('masks URL-encoded forms (upper and lower hex, form encoding)', () => {
    const enc = encodeURIComponent(CANARY);
    for (const t of [enc, enc.toLowerCase().replace(/canary-s3cr3t/, 'canary-S3cr3t'), enc.replace(/%20/g, '+')]) {
      expect(redactor.redact(`https://h/cb?token=${t}&a=1`)).not.toContain(t);
    }
    expect(redactor.redact(`https://h/cb?token=${enc}&a=1`)).toBe('https://h/cb?token=***&a=1');
  });

  it('masks base64 forms, also inside a Basic authorization header at any offset', () => {
    expect(redactor.redact(Buffer.from(CANARY).toString('base64'))).toBe('***');
    for (const user of ['u', 'us', 'usr', 'admin']) {
      const header = 'Basic ' + Buffer.from(`${user}:${CANARY}`).toString('base64');
      const out = redactor.redact(header);
      expect(out).toContain('***');
      // No run of the secret's own base64 groups is left to decode back.
      expect(Buffer.from(out.slice(6).replace(/\*+/g, ''), 'base64').toString('latin1')).not.toContain('S3cr3t');
    }
  });

  it('masks secrets inside nested JSON, keys and stringified JSON included', () => {
    const nested = {
      run: { inputs: { headers: { authorization: `Bearer ${CANARY}` }, list: [1, CANARY, { [CANARY]: true }] } },
      body: JSON.stringify({ password: CANARY, deeper: JSON.stringify({ p: CANARY }) }),
    };
    const out = redactor.redactJson(nested);
    const text = JSON.stringify(out);
    expect(text).not.toContain('S3cr3t');
    expect(out.run.inputs.list[0]).toBe(1);
    expect(out.run.inputs.headers.authorization).toBe('Bearer ***');
  });

  it('masks error messages and leaves the input untouched', () => {
    const err = Object.assign(new Error(`bind failed: ${CANARY}`), { code: 'EAUTH' });
    expect(redactor.redactError(err)).toEqual({ name: 'Error', code: 'EAUTH', message: 'bind failed: ***' });
    const input = { a: CANARY };
    redactor.redactJson(input);
    expect(input.a).toBe(CANARY);
  });

  it('learns the strings inside a map of secrets', () => {
    const r = new SecretRedactor().add({ soc: 'https://hooks.example/T1/abcdef', nested: ['tok-998877'] });
    expect(r.redact('posting to https://hooks.example/T1/abcdef with tok-998877')).toBe('posting to *** with ***');
  });

  it('ignores values too short to be credentials', () => {
    expect(redactor.redact('x marks 42')).toBe('x marks 42');
  });

  it('never lets a registered secret through, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 30 }), fc.string(), fc.string(), (secret, before, after) => {
        const r = new SecretRedactor().add(secret);
        const out = r.redact(before + secret + after);
        // Masking may overlap neighbouring text but the secret itself is gone.
        expect(out.includes(secret) && !(before + '***' + after).includes(secret)).toBe(false);
        expect(JSON.stringify(r.redactJson({ v: [before, secret, after] }))).not.toContain(JSON.stringify(secret).slice(1, -1));
      }),
      { numRuns: 300 },
    );
  });
});
