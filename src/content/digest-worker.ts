/**
 * The worker-thread side of buildDigestInWorker: builds each digest it is sent and posts it back. Runs the pure
 * core only, so the bot's event loop keeps answering while a large or hostile set of articles is read.
 */
import { parentPort } from 'node:worker_threads';
import { buildDigest } from '../digest/build-digest.js';
import type { DigestJob, DigestJobResult } from './build-digest-in-worker.js';

parentPort?.on('message', (job: DigestJob) => {
  let result: DigestJobResult;
  try {
    result = { id: job.id, ok: true, digest: buildDigest(job.articles, job.options) };
  } catch (error) {
    result = { id: job.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort?.postMessage(result);
});
