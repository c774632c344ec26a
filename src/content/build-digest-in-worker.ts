import type { Worker } from 'node:worker_threads';
import { startModuleWorker, workerEntry } from '../worker-pool.js';
import type { BuildDigestOptions } from '../digest/build-digest.js';
import type { Article, Digest } from '../digest/types.js';

/** One build sent to the worker (articles and options cross by structured clone, dates included). */
export interface DigestJob {
  id: number;
  articles: Article[];
  options: BuildDigestOptions;
}

/** The worker's answer to one job. */
export type DigestJobResult = { id: number; ok: true; digest: Digest } | { id: number; ok: false; message: string };

/** A digest build that failed inside the worker, or the worker itself stopped. */
export class DigestWorkerError extends Error {
  override readonly name = 'DigestWorkerError';
}

/** Builds digests in a worker thread. */
export interface DigestWorker {
  build(articles: Article[], options: BuildDigestOptions): Promise<Digest>;
  /** Stops the thread; builds in flight are rejected. */
  close(): Promise<void>;
}

/**
 * Starts a digest worker: one thread, started on the first build and kept (its first build loads the sentence
 * splitter's model, ~0.3 s), builds queued one at a time. The thread keeps the process alive only while it builds. A thread that
 * dies fails the builds in flight and is started afresh on the next one.
 */
export function createDigestWorker(): DigestWorker {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (digest: Digest) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };

  function start(): Worker {
    const thread = startModuleWorker(workerEntry(import.meta.url, 'digest-worker'));
    thread.on('message', (result: DigestJobResult) => {
      const job = pending.get(result.id);
      if (!job) return;
      pending.delete(result.id);
      if (pending.size === 0) thread.unref();
      if (result.ok) job.resolve(result.digest);
      else job.reject(new DigestWorkerError(`digest build failed: ${result.message}`));
    });
    thread.on('error', (error) => {
      if (worker === thread) worker = null;
      failAll(new DigestWorkerError(`digest worker failed: ${error.message}`, { cause: error }));
    });
    thread.on('exit', (code) => {
      if (worker === thread) worker = null;
      if (pending.size > 0) failAll(new DigestWorkerError(`digest worker exited with code ${code}`));
    });
    // After the listeners: adding a 'message' listener refs the thread's port again. An idle thread must not keep
    // the process alive; a busy one must (the console run awaits its digest and nothing else).
    thread.unref();
    return thread;
  }

  return {
    build(articles, options) {
      worker ??= start();
      const thread = worker;
      const id = nextId++;
      return new Promise<Digest>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        thread.ref();
        const job: DigestJob = { id, articles, options };
        thread.postMessage(job);
      });
    },
    async close() {
      const thread = worker;
      worker = null;
      if (thread) await thread.terminate();
      failAll(new DigestWorkerError('digest worker closed'));
    },
  };
}

let shared: DigestWorker | null = null;

/** Builds the digest in the process's shared worker thread, so the event loop stays free meanwhile. */
export function buildDigestInWorker(articles: Article[], options: BuildDigestOptions): Promise<Digest> {
  shared ??= createDigestWorker();
  return shared.build(articles, options);
}
