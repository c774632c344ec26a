import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { createSlackChannel } from '../src/channels/slack/create-slack-channel.js';
import type { Digest } from '../src/digest/types.js';
import { silentLogger } from '../src/logger.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { morningDigest } from '../test/fixtures/slack-digests.js';
import { median } from './digest-bench.js';
import type { ReplyMode } from './slack-load-worker.js';

/**
 * `/brief` latency on loopback: 50 concurrent signed slash commands, 2,000 in all, against Brief in HTTP mode
 * and against a bare Bolt app whose handler only acks. Two load shapes:
 *   A. 50 always in flight: each client sends its next /brief as soon as the HTTP answer arrives (what bare Bolt
 *      gets too), so Brief's acks are timed while its replies pile up behind them: the fair HTTP comparison.
 *   B. 50 readers: each sends its next /brief once the digest reached its response_url, which times respond().
 * Targets: Brief's HTTP p99 within 1.5× of bare Bolt's under A; Brief's HTTP p99 and respond() p99 under 100 ms.
 * The load generator and the fake Slack run in a worker thread (bench/slack-load-worker.ts) so the app under test
 * has its event loop to itself, and bare and Brief take turns for several rounds, reporting the median round,
 * because a shared machine makes single runs noisy.
 */

const botToken = 'xoxb-1234-5678-benchtoken';
const signingSecret = 'bench-signing-secret';
const total = 2000;
const concurrency = 50;
const warmup = 500;
/** Bare and Brief take turns this many times; the median round is reported, so a noisy neighbour skews one round, not the result. */
const rounds = 5;

const quietBolt: BoltLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

interface Timings {
  http: number[];
  respond: number[];
}

type WorkerReply = { kind: 'ready'; slackUrl: string } | { kind: 'timings'; timings: Timings } | { kind: 'error'; message: string };

/** The load worker, driven by request/reply messages. */
interface LoadWorker {
  slackUrl: string;
  load(appPort: number, label: string, count: number, replies: ReplyMode): Promise<Timings>;
  close(): Promise<void>;
}

async function startLoadWorker(): Promise<LoadWorker> {
  const target = new URL('./slack-load-worker.ts', import.meta.url).href;
  // Workers do not inherit tsx's loader, so the worker registers it before importing the TypeScript module.
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(target)}); });`, {
    eval: true,
    workerData: { signingSecret, concurrency },
  });
  const next = () =>
    new Promise<WorkerReply>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      worker.once('error', onError);
      worker.once('message', (reply: WorkerReply) => {
        worker.off('error', onError);
        resolve(reply);
      });
    });
  const ready = await next();
  if (ready.kind !== 'ready') throw new Error('slack bench worker did not start');
  return {
    slackUrl: ready.slackUrl,
    async load(appPort, label, count, replies) {
      const reply = next();
      worker.postMessage({ kind: 'load', appPort, label, count, replies });
      const answer = await reply;
      if (answer.kind === 'error') throw new Error(answer.message);
      if (answer.kind !== 'timings') throw new Error('unexpected reply from the slack bench worker');
      return answer.timings;
    },
    async close() {
      worker.postMessage({ kind: 'close' });
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function benchBareBolt(loader: LoadWorker, round: number): Promise<Timings> {
  const app = new App({
    token: botToken,
    logger: quietBolt,
    clientOptions: { slackApiUrl: `${loader.slackUrl}/api/` },
    receiver: new HTTPReceiver({ signingSecret, logger: quietBolt }),
  });
  app.command('/brief', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const port = (server.address() as AddressInfo).port;
  await loader.load(port, `bare-warm-${round}`, warmup, 'none');
  const timings = await loader.load(port, `bare-${round}`, total, 'none');
  await app.stop();
  return timings;
}

async function benchBrief(loader: LoadWorker, digest: Digest, round: number): Promise<{ readers: Timings; pressure: Timings }> {
  const channel = createSlackChannel({
    config: {
      botToken,
      mode: { kind: 'http', signingSecret, port: 0 },
      apiUrl: `${loader.slackUrl}/api/`,
      digestChannels: [],
      digestCron: '0 7 * * 1-5',
      digestTimeZone: 'UTC',
      graceHours: 3,
    },
    store: new MemoryStore(),
    // A cached digest, as the lead's DigestSource serves it once built.
    digestSource: { getDigest: async () => digest },
    logger: silentLogger,
    maxStories: 8,
    host: '127.0.0.1',
  });
  await channel.start();
  // Labels name the response_urls, so each round gets its own.
  await loader.load(channel.port!, `brief-warm-${round}`, warmup, 'await');
  const readers = await loader.load(channel.port!, `brief-readers-${round}`, total, 'await');
  const pressure = await loader.load(channel.port!, `brief-pressure-${round}`, total, 'drain');
  await channel.stop();
  return { readers, pressure };
}

interface Summary {
  p50: number;
  p99: number;
}

function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;

/** Runs the Slack section of `npm run bench`. */
export async function runBench(): Promise<void> {
  const loader = await startLoadWorker();
  const digest = morningDigest();
  try {
    const results: { bare: Summary; pressure: Summary; readersHttp: Summary; readersRespond: Summary }[] = [];
    console.log(`/brief over loopback HTTP: ${total} signed requests, ${concurrency} concurrent, ${digest.stories.length}-story digest, ${rounds} rounds`);
    console.log('  A: 50 in flight, next at the ack (bare Bolt and Brief alike)  B: 50 readers, next once the digest arrived');
    console.log('round   bare HTTP (A)       Brief HTTP (A)      Brief HTTP (B)      Brief respond() (B)   p50/p99');
    for (let round = 1; round <= rounds; round += 1) {
      const bare = summarise((await benchBareBolt(loader, round)).http);
      const brief = await benchBrief(loader, digest, round);
      const result = {
        bare,
        pressure: summarise(brief.pressure.http),
        readersHttp: summarise(brief.readers.http),
        readersRespond: summarise(brief.readers.respond),
      };
      results.push(result);
      const pair = (s: Summary) => `${s.p50.toFixed(1)}/${s.p99.toFixed(1)} ms`.padEnd(20);
      console.log(`${String(round).padEnd(8)}${pair(result.bare)}${pair(result.pressure)}${pair(result.readersHttp)}${pair(result.readersRespond)}`);
    }
    const pick = (f: (r: (typeof results)[number]) => Summary): Summary => ({
      p50: median(results.map((r) => f(r).p50)),
      p99: median(results.map((r) => f(r).p99)),
    });
    const bare = pick((r) => r.bare);
    const pressure = pick((r) => r.pressure);
    const readersHttp = pick((r) => r.readersHttp);
    const readersRespond = pick((r) => r.readersRespond);
    const ratio = pressure.p99 / bare.p99;
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

    console.log('median of rounds                      p50        p99');
    console.log(`bare Bolt  HTTP answer (A)        ${ms(bare.p50)}  ${ms(bare.p99)}`);
    console.log(`Brief      HTTP answer (A)        ${ms(pressure.p50)}  ${ms(pressure.p99)}`);
    console.log(`Brief      HTTP answer (B)        ${ms(readersHttp.p50)}  ${ms(readersHttp.p99)}`);
    console.log(`Brief      respond() arrival (B)  ${ms(readersRespond.p50)}  ${ms(readersRespond.p99)}`);
    console.log(`Brief/bare HTTP p99 at equal load (A): ${ratio.toFixed(2)}× (target ≤ 1.5×) ${verdict(ratio <= 1.5)}`);
    console.log(`Brief HTTP p99 (A) ${pressure.p99.toFixed(1)} ms (target < 100 ms) ${verdict(pressure.p99 < 100)}`);
    console.log(`Brief respond() p99 (B) ${readersRespond.p99.toFixed(1)} ms (target < 100 ms) ${verdict(readersRespond.p99 < 100)}`);
  } finally {
    await loader.close();
  }
}
