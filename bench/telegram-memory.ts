import { pathToFileURL } from 'node:url';
import { nextDeliveryAfter } from '../src/schedule/delivery-schedule.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';

/** Result of the storage benchmark, printed as JSON by the child process. */
export interface MemoryBenchResult {
  subscriptions: number;
  peakRssMb: number;
  firstPageMs: number;
  allDueMs: number;
  dueFound: number;
}

const zones = ['Europe/Kyiv', 'America/New_York', 'Asia/Tokyo', 'UTC', 'Europe/London', 'Australia/Sydney'];

/** Fills a store in `dir` with `count` subscriptions spread over six zones and the morning hours. */
export async function populateStore(dir: string, count: number): Promise<void> {
  const store = openSqliteStore(dir);
  const created = new Date('2025-11-30T12:00:00Z');
  for (let i = 0; i < count; i += 1) {
    const zone = zones[i % zones.length] as string;
    // Half of everyone at 07:00 local, the rest spread over the morning.
    const time = i % 2 === 0 ? '07:00' : `0${6 + (i % 3)}:${String((i * 7) % 60).padStart(2, '0')}`;
    const next = nextDeliveryAfter(created, time, zone);
    await store.upsertSubscription({ chatId: String(10_000_000 + i), chatType: 'private', deliveryTime: time, timeZone: zone, nextDeliveryAt: next.at, nextEdition: next.edition });
  }
  await store.close();
}

/**
 * Opens the store in `dir` and times the due query at the busiest moment (everyone due at once): the first
 * page, then paging through all of them. Run in a fresh process so its peak RSS is the store's own.
 */
export async function measureStore(dir: string): Promise<MemoryBenchResult> {
  const store = openSqliteStore(dir);
  const count = await store.countActiveSubscriptions();
  const now = new Date('2025-12-02T12:00:00Z');
  let started = performance.now();
  const first = await store.listDueSubscriptions({ now, limit: 500 });
  const firstPageMs = performance.now() - started;
  started = performance.now();
  let dueFound = 0;
  let page = first;
  while (page.length > 0) {
    dueFound += page.length;
    const last = page[page.length - 1];
    if (!last?.nextDeliveryAt || page.length < 500) break;
    page = await store.listDueSubscriptions({ now, limit: 500, after: { nextDeliveryAt: last.nextDeliveryAt, chatId: last.chatId } });
  }
  const allDueMs = performance.now() - started + firstPageMs;
  await store.close();
  return { subscriptions: count, peakRssMb: process.resourceUsage().maxRSS / 1024, firstPageMs, allDueMs, dueFound };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [command, dir, count] = process.argv.slice(2);
  if (command === 'populate' && dir) await populateStore(dir, Number(count ?? 100_000));
  else if (command === 'measure' && dir) console.log(JSON.stringify(await measureStore(dir)));
  else {
    console.error('Usage: tsx bench/telegram-memory.ts populate DIR [COUNT] | measure DIR');
    process.exit(2);
  }
}
