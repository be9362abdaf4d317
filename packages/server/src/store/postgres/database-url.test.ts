import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postgresTarget } from './database-url.ts';
import { PostgresStoreError } from './postgres-connection.ts';

describe('choosing the store', () => {
  it('keeps the embedded SQLite store unless a postgres URL is given', () => {
    expect(postgresTarget(undefined, {})).toBeUndefined();
    expect(postgresTarget('sqlite', { RIPOSTE_DATABASE_URL: 'postgres://h/db' })).toBeUndefined();
    expect(postgresTarget(undefined, { RIPOSTE_DATABASE_URL: '' })).toBeUndefined();
  });

  it('takes --store before RIPOSTE_DATABASE_URL, and the schema from ?schema=', () => {
    expect(postgresTarget('postgres://u@db:5432/riposte?schema=soc', { RIPOSTE_DATABASE_URL: 'postgres://other/x' })).toEqual({ connection: 'postgres://u@db:5432/riposte', schema: 'soc' });
    expect(postgresTarget(undefined, { RIPOSTE_DATABASE_URL: 'postgresql://u@db/riposte?sslmode=require' })).toEqual({ connection: 'postgresql://u@db/riposte?sslmode=require', schema: 'public' });
  });

  it('refuses other URLs and bad schema names, naming the option and never the password', () => {
    expect(() => postgresTarget('mysql://u:secret@h/db', {})).toThrow(/--store must be a postgres:\/\/ URL.*u:\*\*\*@h/);
    expect(() => postgresTarget(undefined, { RIPOSTE_DATABASE_URL: 'postgres://h/db?schema=Drop;Table' })).toThrow(/RIPOSTE_DATABASE_URL: schema must match/);
    try {
      postgresTarget('mysql://u:secret@h/db', {});
    } catch (err) {
      expect((err as Error).message).not.toContain('secret');
    }
  });

  it('never throws anything but its typed error', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          postgresTarget(text, {});
        } catch (err) {
          expect(err).toBeInstanceOf(PostgresStoreError);
        }
      }),
    );
    fc.assert(
      fc.property(fc.webUrl(), fc.string(), (url, schema) => {
        try {
          postgresTarget(`${url.replace(/^https?/, 'postgres')}?schema=${encodeURIComponent(schema)}`, {});
        } catch (err) {
          expect(err).toBeInstanceOf(PostgresStoreError);
        }
      }),
    );
  });
});
