import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTelegramChannel } from '../src/channels/telegram/create-telegram-channel.js';
import { noLimits, telegramLimits, type SendLimits } from '../src/channels/telegram/rate-limiter.js';
import { parseConfig } from '../src/config.js';
import type { Digest } from '../src/digest/types.js';
import { silentLogger } from '../src/logger.js';
import { nextDeliveryAfter } from '../src/schedule/delivery-schedule.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { MemoryBenchResult } from './telegram-memory.js';

const digest: Digest = {
  generatedAt: '2025-12-01T05:00:00.000Z',
  coverage: { from: '2025-11-30T05:00:00.000Z', until: '2025-12-01T05:00:00.000Z', fallbackDay: null },
  problems: [],
  stories: [
    {
      id: 'florida-talks',
      headline: 'US and Ukrainian delegations meet in Florida on peace framework',
      summary: 'Secretary of State Marco Rubio and envoy Steve Witkoff met a Ukrainian delegation in Florida to refine a framework for ending the war. Both sides called the talks productive.',
      sources: [{ name: 'CRBC News', title: 'Florida talks', url: 'https://news.example/florida', publishedAt: null, file: 'florida.md' }],
      quotes: [{ text: 'There is more work to be done, but we are more optimistic than ever.', speaker: 'Marco Rubio', role: 'US Secretary of State', sources: ['CRBC News'] }],
      whatsNext: [{ text: 'Witkoff is expected to meet Vladimir Putin in Moscow.', date: '2025-12-02', dateText: 'on Tuesday' }],
    },
  ],
};

/** Twelve stories on distinct subjects, for readers who each follow three of their words. */
const subjects = ['ukraine', 'nato', 'climate', 'elections', 'markets', 'football', 'energy', 'health', 'china', 'space', 'farming', 'courts'];
const perReaderDigest: Digest = {
  ...digest,
  stories: subjects.map((subject, i) => ({
    id: `story-${subject}`,
    headline: `Officials meet on ${subject} as talks enter a second week (${i + 1})`,
    summary: `Delegations discussed ${subject} in a long session on Sunday. Both sides called the talks productive and said more work was needed.`,
    sources: Array.from({ length: 1 + (i % 3) }, (_, s) => ({ name: `Outlet ${s + 1}`, title: `${subject} talks`, url: `https://news.example/${subject}/${s}`, publishedAt: null, file: `${subject}-${s}.md` })),
    quotes: [{ text: `We are making progress on ${subject}, but there is more to do.`, speaker: 'A spokesperson', role: null, sources: ['Outlet 1'] }],
    whatsNext: [],
  })),
};

/** Reader `i`'s three followed words; a third of the readers got half the stories yesterday, with fewer reports. */
function readerTopics(i: number): string[] {
  return [subjects[i % 12], subjects[(i * 7 + 3) % 12], subjects[(i * 5 + 1) % 12]].filter((w, k, all): w is string => w !== undefined && all.indexOf(w) === k);
}

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

/** Starts the local Bot API server in a child process; `stats` reads its counters over HTTP. */
export async function startServerProcess(limits: 'lifted' | 'telegram') {
  const child = spawn(tsx, [join(process.cwd(), 'bench', 'bot-api-server-process.ts'), limits], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  const { apiRoot, token } = JSON.parse(line) as { apiRoot: string; token: string };
  return {
    apiRoot,
    token,
    async stats(): Promise<{ messages: number; chats: number; rateLimited: number }> {
      return (await (await fetch(`${apiRoot}/__stats`)).json()) as { messages: number; chats: number; rateLimited: number };
    },
    async close(): Promise<void> {
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}

/** Fans one morning out to `count` subscribers through the real channel and a local server; returns timings. */
export async function fanOut(count: number, serverLimits: 'lifted' | 'telegram', clientLimits: SendLimits, concurrency: number, perReader = false) {
  const server = await startServerProcess(serverLimits);
  const dir = mkdtempSync(join(tmpdir(), 'brief-bench-'));
  const store = openSqliteStore(dir);
  try {
    const created = new Date('2025-11-30T20:00:00Z');
    const next = nextDeliveryAfter(created, '07:00', 'UTC');
    for (let i = 0; i < count; i += 1) {
      const chatId = String(5_000_000 + i);
      await store.upsertSubscription({ chatId, chatType: 'private', deliveryTime: '07:00', timeZone: 'UTC', nextDeliveryAt: next.at, nextEdition: next.edition });
      if (!perReader) continue;
      await store.setTopics(chatId, { follow: readerTopics(i), mute: [] });
      if (i % 3 === 0) {
        // Yesterday's morning: half the stories, each with one report, so some come back today as updates.
        const yesterday = { channel: 'telegram' as const, target: chatId, edition: '2025-11-30' };
        await store.beginDelivery(yesterday);
        await store.recordDeliveryStories(yesterday, subjects.slice(0, 6).map((subject) => ({ storyId: `story-${subject}`, reports: 1 })));
        await store.markDelivered(yesterday);
      }
    }
    const parsed = parseConfig({ TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot });
    if (!parsed.ok) throw new Error('bench config invalid');
    const channel = createTelegramChannel({
      config: parsed.config,
      store,
      digestSource: { getDigest: async () => (perReader ? perReaderDigest : digest) },
      logger: silentLogger,
      limits: clientLimits,
      concurrency,
      schedule: false,
    });
    const started = performance.now();
    const report = await channel.runSchedulerTick(new Date('2025-12-01T07:00:00Z'));
    const seconds = (performance.now() - started) / 1000;
    await channel.stop();
    const stats = await server.stats();
    return { report, seconds, sent: stats.messages, chats: stats.chats, rateLimited: stats.rateLimited };
  } finally {
    await store.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}

/** `npm run bench -- telegram`: bot overhead, paced rate under Telegram's limits, memory and due-query time. */
export async function runBench(): Promise<void> {
  // Every reader with three topics and "new for you" on: each morning is the reader's own selection of the digest.
  const bare = await fanOut(10_000, 'lifted', noLimits, 100);
  const lifted = await fanOut(10_000, 'lifted', noLimits, 100, true);
  const perSecond = lifted.sent / lifted.seconds;
  const barePerSecond = bare.sent / bare.seconds;
  console.log(
    `1) 10,000 subscribers with 3 topics each and new-for-you, limits lifted: ${lifted.sent} messages (${lifted.report.nothingNew} with nothing new) in ${lifted.seconds.toFixed(2)} s = ${Math.round(perSecond)} msg/s (target ≥ 1,000) ${verdict(perSecond >= 1000 && lifted.sent + lifted.report.nothingNew === 10_000)}; the same digest for everyone: ${Math.round(barePerSecond)} msg/s (per-reader ÷ same: ${(perSecond / barePerSecond).toFixed(2)}×)`,
  );

  const paced = await fanOut(1_000, 'telegram', telegramLimits, 50, true);
  const rate = paced.sent / paced.seconds;
  const share = rate / 30;
  console.log(
    `2) 1,000 subscribers with topics and new-for-you, Telegram limits enforced: ${paced.sent} messages in ${paced.seconds.toFixed(2)} s = ${rate.toFixed(2)} msg/s, ${(share * 100).toFixed(1)}% of 30/s (target ≥ 95%), 429s: ${paced.rateLimited} (target 0) ${verdict(share >= 0.95 && paced.rateLimited === 0)}`,
  );

  // Fresh child processes, so the peak RSS is the store's and not the setup's or the earlier sections'.
  const run = promisify(execFile);
  const memoryScript = join(process.cwd(), 'bench', 'telegram-memory.ts');
  const storeDir = mkdtempSync(join(tmpdir(), 'brief-bench-memory-'));
  const emptyDir = mkdtempSync(join(tmpdir(), 'brief-bench-empty-'));
  let memory: MemoryBenchResult;
  let baseline: MemoryBenchResult;
  try {
    await run(tsx, [memoryScript, 'populate', storeDir, '100000']);
    memory = JSON.parse((await run(tsx, [memoryScript, 'measure', storeDir])).stdout.trim()) as MemoryBenchResult;
    baseline = JSON.parse((await run(tsx, [memoryScript, 'measure', emptyDir])).stdout.trim()) as MemoryBenchResult;
  } finally {
    rmSync(storeDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
  }
  console.log(
    `3) ${memory.subscriptions.toLocaleString('en-US')} subscriptions stored: peak RSS ${memory.peakRssMb.toFixed(1)} MB (target < 200 MB; an empty store's process: ${baseline.peakRssMb.toFixed(1)} MB) ${verdict(memory.peakRssMb < 200 && memory.subscriptions === 100_000)}; due query: first page of 500 in ${memory.firstPageMs.toFixed(2)} ms, all ${memory.dueFound.toLocaleString('en-US')} due, paged, in ${memory.allDueMs.toFixed(1)} ms`,
  );
}
