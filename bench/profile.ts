/**
 * RIPOSTE_BENCH_PROFILE=<dir>: the measured phase of a bench is CPU-profiled (the V8 inspector, in
 * this process) and written to <dir>/<label>.cpuprofile — only that phase, not start-up or the
 * ceiling, so a profile shows where the measured work goes. Unset: the phase just runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

export async function profiled<T>(label: string, phase: () => Promise<T>): Promise<T> {
  const dir = process.env.RIPOSTE_BENCH_PROFILE;
  if (!dir) return phase();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${label}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`  (profile of ${label}: ${file})`);
  }
}
