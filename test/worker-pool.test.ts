import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerPool, workerEntry, WorkerJobError, type WorkerPool } from '../src/worker-pool.js';
import type { PoolTestJob } from './fixtures/pool-worker.js';

const entry = workerEntry(import.meta.url, 'fixtures/pool-worker');
const run = { timeoutMs: 20_000, label: 'doubling' };

describe('the worker pool', () => {
  let pool: WorkerPool<PoolTestJob, number>;
  afterEach(async () => {
    await pool.close();
  });

  it('answers each job from a thread, and names the work when a job throws', async () => {
    pool = createWorkerPool({ entry, threads: 2 });
    expect(await Promise.all([1, 2, 3].map((value) => pool.run({ value }, run)))).toEqual([2, 4, 6]);
    const error = await pool.run({ fail: 'not a number' }, run).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerJobError);
    expect(error).toMatchObject({ code: 'failed', message: 'doubling failed: not a number' });
    expect(await pool.run({ value: 5 }, run)).toBe(10);
  });

  it('stops a job past its time limit, and the next job runs on a fresh thread', async () => {
    pool = createWorkerPool({ entry, threads: 1 });
    const started = Date.now();
    const stuck = pool.run({ spinMs: 60_000 }, { ...run, timeoutMs: 500 });
    // Queued behind the stuck job on the only thread: it waits for the replacement, then runs.
    const next = pool.run({ value: 21 }, run);
    await expect(stuck).rejects.toMatchObject({ code: 'timeout', message: 'doubling took longer than 0.5 s and was stopped' });
    expect(await next).toBe(42);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('with jobs waiting inside a thread, stops only the one past its limit: the others run on a fresh thread, bytes and all', async () => {
    pool = createWorkerPool({ entry, threads: 1, jobsPerThread: 3 });
    await pool.run({ value: 0 }, run);
    const stuck = pool.run({ spinMs: 60_000 }, { ...run, timeoutMs: 500 });
    // Both wait in the busy thread. The bytes are copied there, not handed over, so when that thread is stopped the
    // job still has them for the fresh one (handed over to the stopped thread, they would be gone: a result of 0).
    const bytes = new Uint8Array(1000);
    const behind = [pool.run({ bytes }, { ...run, transfer: [bytes.buffer] }), pool.run({ value: 21 }, run)];
    await expect(stuck).rejects.toMatchObject({ code: 'timeout' });
    expect(await Promise.all(behind)).toEqual([2000, 42]);
  });

  it('with jobs waiting inside a thread, fails only the job that killed it', async () => {
    pool = createWorkerPool({ entry, threads: 1, jobsPerThread: 2 });
    await pool.run({ value: 0 }, run);
    const dying = pool.run({ exitCode: 3 }, run);
    const behind = pool.run({ value: 4 }, run);
    await expect(dying).rejects.toMatchObject({ code: 'thread-died' });
    expect(await behind).toBe(8);
  });

  it('hands a job that runs at once its buffers rather than copying them', async () => {
    pool = createWorkerPool({ entry, threads: 1, jobsPerThread: 2 });
    await pool.run({ value: 0 }, run);
    const bytes = new Uint8Array(64);
    expect(await pool.run({ bytes }, { ...run, transfer: [bytes.buffer] })).toBe(128);
    expect(bytes.byteLength).toBe(0);
  });

  it('keeps the event loop free while a thread is busy', async () => {
    pool = createWorkerPool({ entry, threads: 1 });
    await pool.run({ value: 0 }, run);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    try {
      await pool.run({ spinMs: 1_000 }, run);
    } finally {
      clearInterval(timer);
    }
    // A second of work in this thread would have let no tick through.
    expect(ticks).toBeGreaterThan(10);
  });

  it('fails only the job whose thread died, and carries on', async () => {
    pool = createWorkerPool({ entry, threads: 1 });
    await expect(pool.run({ exitCode: 3 }, run)).rejects.toMatchObject({ code: 'thread-died', message: 'doubling failed: its thread exited with code 3' });
    expect(await pool.run({ value: 4 }, run)).toBe(8);
  });

  it('fails the jobs waiting at once when its threads cannot start, rather than starting them forever', async () => {
    pool = createWorkerPool({ entry: workerEntry(import.meta.url, 'fixtures/no-such-worker'), threads: 1 });
    const error = await pool.run({ value: 1 }, run).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'thread-died' });
    expect((error as Error).message).toMatch(/^doubling failed: its thread /);
  });

  it('rejects what is running and waiting when closed', async () => {
    pool = createWorkerPool({ entry, threads: 1 });
    const running = pool.run({ spinMs: 60_000 }, run).catch((error: unknown) => error);
    const waiting = pool.run({ value: 1 }, run).catch((error: unknown) => error);
    // Let the first job reach its thread.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await pool.close();
    expect(await running).toMatchObject({ code: 'closed' });
    expect(await waiting).toMatchObject({ code: 'closed' });
    await expect(pool.run({ value: 1 }, run)).rejects.toMatchObject({ code: 'closed', message: 'doubling: the reader is closed' });
  });
});
