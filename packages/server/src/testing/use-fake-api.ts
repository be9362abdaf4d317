/**
 * One fake API (fake-api.ts) for a whole test file: started before its tests, stopped after them,
 * its recorded requests cleared before each test. The handle reads through to the running server,
 * so it can be declared at the top of the file.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeApi, type FakeApi } from './fake-api.ts';

export function useFakeApi(): FakeApi {
  let running: FakeApi | undefined;
  const live = (): FakeApi => {
    if (!running) throw new Error('the fake API runs only while the tests of its file run');
    return running;
  };
  beforeAll(async () => {
    running = await startFakeApi();
  });
  afterAll(async () => {
    await running?.stop();
  });
  beforeEach(() => {
    if (running) running.requests.length = 0;
  });
  return {
    get url() {
      return live().url;
    },
    get requests() {
      return live().requests;
    },
    on: (method, path, answer) => live().on(method, path, answer),
    stop: () => live().stop(),
  };
}
