import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../auth/api-keys.ts';
import { roleNames } from '../auth/permissions.ts';
import type { Role } from '../store/security-store.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import type { BuildAppOptions } from './build-app.ts';
import { buildApp } from './build-app.ts';

/** An app on an in-memory store with one API key per role, for tests (others' too). */
export interface TestApp {
  app: FastifyInstance;
  keys: Record<Role, string>;
  /** Authorization headers for a role. */
  as(role: Role): { authorization: string };
  close(): Promise<void>;
}

export async function buildTestApp(options: Partial<BuildAppOptions> = {}): Promise<TestApp> {
  const store = options.store ?? openSqliteSecurityStore({ path: ':memory:', durability: 'normal' });
  const app = await buildApp({ ...options, store });
  await app.ready();
  const keys = {} as Record<Role, string>;
  for (const role of roleNames) keys[role] = (await createApiKey(store, role, `test-${role}`, app.riposte.clock, 'test')).key;
  return {
    app,
    keys,
    as: (role) => ({ authorization: `Bearer ${keys[role]}` }),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
