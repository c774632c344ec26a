import { parentPort, Worker } from 'node:worker_threads';

/** A job that failed inside its worker thread, ran past its time limit, or lost its thread. */
export class WorkerJobError extends Error {
  override readonly name = 'WorkerJobError';
  readonly code: 'failed' | 'timeout' | 'thread-died' | 'closed';

  constructor(code: WorkerJobError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

interface JobMessage<Job> {
  id: number;
  job: Job;
}

type ResultMessage<Result> = { id: number; ok: true; result: Result } | { id: number; ok: false; message: string } | { ready: true };

/**
 * The module URL of a worker entry named `name` beside `base` (the caller's import.meta.url): the .ts file when the
 * caller runs as TypeScript (under tsx: npm start, tests), the compiled .js file otherwise.
 */
export function workerEntry(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/**
 * Starts a worker thread on `entry`. A TypeScript entry registers tsx's loader in the thread first, then imports the
 * module (Node 20 does not carry the parent's loader into a worker, nor apply --import hooks in time).
 */
export function startModuleWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const script = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(script, { eval: true });
}

/** The thread side of a pool: answers every job posted to this thread with `handle`'s result, or its error's message. */
export function serveWorkerJobs<Job, Result>(handle: (job: Job) => Result): void {
  // Said once the module has loaded: a job's time limit counts from here, not from the thread's start-up.
  parentPort?.postMessage({ ready: true } satisfies ResultMessage<Result>);
  parentPort?.on('message', ({ id, job }: JobMessage<Job>) => {
    let answer: ResultMessage<Result>;
    try {
      answer = { id, ok: true, result: handle(job) };
    } catch (error) {
      answer = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage(answer);
  });
}

export interface WorkerPoolOptions {
  /** The worker module (see workerEntry); it calls serveWorkerJobs. */
  entry: URL;
  /** At most this many threads, started as jobs arrive and kept while the pool lives. */
  threads: number;
  /**
   * Jobs a thread is given at once (default 1): the first runs, the rest wait in the thread, so it starts the next
   * the moment it finishes one instead of idling until this thread's event loop, busy with other work, hears of it.
   */
  jobsPerThread?: number;
}

/** How one job runs: its time limit, what it is called in errors, and buffers handed over rather than copied. */
export interface RunOptions {
  /** The job fails, and its thread is stopped and replaced, when it runs longer than this. */
  timeoutMs: number;
  /** Names the work in errors: "reading the feed". */
  label: string;
  transfer?: readonly ArrayBuffer[];
}

export interface WorkerPool<Job, Result> {
  /** Runs `job` on the next free thread. */
  run(job: Job, options: RunOptions): Promise<Result>;
  /** Stops every thread; jobs queued or running are rejected. */
  close(): Promise<void>;
}

interface PendingJob<Job, Result> {
  id: number;
  job: Job;
  options: RunOptions;
  resolve: (result: Result) => void;
  reject: (error: WorkerJobError) => void;
}

interface Thread<Job, Result> {
  worker: Worker;
  /** The module has loaded and the thread takes jobs. */
  ready: boolean;
  /** Jobs posted to the thread, in the order it runs them: the first is running, the others wait in the thread. */
  given: PendingJob<Job, Result>[];
  /** The time limit of the running job. */
  timer: NodeJS.Timeout | null;
}

/**
 * Runs jobs on up to `threads` worker threads, so CPU-heavy reading of untrusted input leaves the event loop free and
 * can be stopped: a job past its time limit, or whose thread dies, fails alone and its thread is replaced; jobs that
 * were waiting in that thread go back to the front of the queue, untouched. Idle threads do not keep the process
 * alive.
 */
export function createWorkerPool<Job, Result>(options: WorkerPoolOptions): WorkerPool<Job, Result> {
  const threads: Thread<Job, Result>[] = [];
  const queue: PendingJob<Job, Result>[] = [];
  const jobsPerThread = Math.max(1, options.jobsPerThread ?? 1);
  let nextId = 1;
  let closed = false;

  /**
   * Starts the time limit of the job now running in `thread`. It counts from when this thread learns the job began:
   * for a job that waited in the thread, when the previous job's answer arrived, which errs on the lenient side.
   */
  function startTimer(thread: Thread<Job, Result>): void {
    const job = thread.given[0];
    if (!job) return;
    const { timeoutMs, label } = job.options;
    thread.timer = setTimeout(
      () => retire(thread, () => new WorkerJobError('timeout', `${label} took longer than ${timeoutMs / 1000} s and was stopped`)),
      timeoutMs,
    );
  }

  /**
   * Takes a thread out of the pool (its job, if any, failing with `error`) and gives the queue a fresh one. A thread
   * that died before it was ready would die again: the jobs waiting fail with its error instead.
   */
  function retire(thread: Thread<Job, Result>, error: (job: PendingJob<Job, Result>) => WorkerJobError): void {
    const index = threads.indexOf(thread);
    if (index < 0) return;
    threads.splice(index, 1);
    if (thread.timer) clearTimeout(thread.timer);
    const [job, ...waiting] = thread.given.splice(0);
    if (job) job.reject(error(job));
    // The jobs waiting behind it are not to blame: they run again from the start, next, on another thread. Jobs are
    // pure reads, and these were copied to this thread, not handed over, so they still hold their bytes.
    queue.unshift(...waiting);
    void thread.worker.terminate();
    if (!thread.ready && !threads.some((other) => other.ready)) {
      for (const waiting of queue.splice(0)) waiting.reject(error(waiting));
    }
    dispatch();
  }

  function settle(thread: Thread<Job, Result>, message: ResultMessage<Result>): void {
    if ('ready' in message) {
      thread.ready = true;
      thread.worker.unref();
      dispatch();
      return;
    }
    const job = thread.given[0];
    if (!job || job.id !== message.id) return;
    if (thread.timer) clearTimeout(thread.timer);
    thread.given.shift();
    thread.timer = null;
    if (thread.given.length > 0) startTimer(thread);
    else thread.worker.unref();
    if (message.ok) job.resolve(message.result);
    else job.reject(new WorkerJobError('failed', `${job.options.label} failed: ${message.message}`));
    dispatch();
  }

  function start(): Thread<Job, Result> {
    const thread: Thread<Job, Result> = { worker: startModuleWorker(options.entry), ready: false, given: [], timer: null };
    thread.worker.on('message', (message: ResultMessage<Result>) => settle(thread, message));
    thread.worker.on('error', (error) =>
      retire(thread, (job) => new WorkerJobError('thread-died', `${job.options.label} failed: its thread stopped (${error.message})`, { cause: error })),
    );
    thread.worker.on('exit', (code) => retire(thread, (job) => new WorkerJobError('thread-died', `${job.options.label} failed: its thread exited with code ${code}`)));
    // Kept referenced while it starts (a job is waiting for it); once ready, only while it runs a job.
    threads.push(thread);
    return thread;
  }

  function dispatch(): void {
    while (!closed && queue.length > 0) {
      // The least busy thread that has room; an idle one first.
      const thread = threads
        .filter((candidate) => candidate.ready && candidate.given.length < jobsPerThread)
        .sort((a, b) => a.given.length - b.given.length)[0];
      // Start as many threads as there are jobs waiting beyond the idle ones, up to the limit.
      const starting = threads.filter((candidate) => !candidate.ready).length;
      if ((!thread || thread.given.length > 0) && threads.length < options.threads && starting < queue.length) start();
      if (!thread) return;
      const job = queue.shift() as PendingJob<Job, Result>;
      // Only a job that runs at once is handed its buffers: one that waits in the thread is copied, so it can move
      // to another thread whole if this one is stopped first.
      const transfer = thread.given.length === 0 ? [...(job.options.transfer ?? [])] : [];
      thread.given.push(job);
      thread.worker.ref();
      if (thread.given.length === 1) startTimer(thread);
      thread.worker.postMessage({ id: job.id, job: job.job } satisfies JobMessage<Job>, transfer);
    }
  }

  return {
    run(job, runOptions) {
      if (closed) return Promise.reject(new WorkerJobError('closed', `${runOptions.label}: the reader is closed`));
      return new Promise<Result>((resolve, reject) => {
        queue.push({ id: nextId++, job, options: runOptions, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      const fail = (job: PendingJob<Job, Result>) => job.reject(new WorkerJobError('closed', `${job.options.label}: the reader is closed`));
      for (const job of queue.splice(0)) fail(job);
      const stopping = threads.splice(0).map((thread) => {
        if (thread.timer) clearTimeout(thread.timer);
        for (const job of thread.given.splice(0)) fail(job);
        return thread.worker.terminate();
      });
      await Promise.all(stopping);
    },
  };
}
