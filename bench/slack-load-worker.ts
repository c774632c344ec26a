import { createHmac } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * The load side of the Slack bench, in its own thread so the app under test has an event loop to itself:
 * a fake Slack (auth.test, response_urls) and the signed /brief load generator. Times are taken here.
 */

const { signingSecret, concurrency } = workerData as { signingSecret: string; concurrency: number };

type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

/** Answers auth.test and records when each response_url message arrives. */
async function startFakeSlack(): Promise<{ url: string; arrived: Map<string, number>; waitFor(id: string): Promise<number>; close(): Promise<void> }> {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.now();
      if (req.url?.startsWith('/response/')) {
        const id = req.url.slice('/response/'.length);
        // Only the first message of a response counts: that is when the reader sees the digest.
        if (!arrived.has(id)) {
          arrived.set(id, at);
          waiting.get(id)?.(at);
          waiting.delete(id);
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ ok: true, user_id: 'U0BENCH', bot_id: 'B0BENCH', team_id: 'T0BENCH' }),
      );
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrived,
    waitFor(id) {
      const at = arrived.get(id);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Timings {
  http: number[];
  respond: number[];
}

/** Sends `count` signed /brief posts, `concurrency` at a time, and times the HTTP answer and the respond() arrival. */
/**
 * How replies are treated: `none` (bare Bolt sends none); `await` (each of the 50 is a reader who sends the next
 * /brief once the digest has arrived); `drain` (the next /brief goes out at the ack, so 50 HTTP requests are always
 * in flight, as for bare Bolt; replies are awaited only at the end).
 */
export type ReplyMode = 'none' | 'await' | 'drain';

async function load(appPort: number, slack: FakeSlack, label: string, count: number, replies: ReplyMode): Promise<Timings> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const timings: Timings = { http: [], respond: [] };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const id = `${label}-${n}`;
      const body = new URLSearchParams({
        team_id: 'T0BENCH',
        channel_id: 'C0BENCH',
        user_id: 'U0READER',
        command: '/brief',
        text: '',
        api_app_id: 'A0BENCH',
        response_url: `${slack.url}/response/${id}`,
        trigger_id: `t${n}`,
      }).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const started = performance.now();
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: appPort,
            path: '/slack/events',
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'content-length': Buffer.byteLength(body),
              'x-slack-signature': signature,
              'x-slack-request-timestamp': String(timestamp),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      timings.http.push(performance.now() - started);
      if (status !== 200) throw new Error(`${label}: /slack/events answered ${status}`);
      if (replies === 'await') timings.respond.push((await slack.waitFor(id)) - started);
      if (replies === 'drain') pending.push(slack.waitFor(id).then((at) => void timings.respond.push(at - started)));
    }
  };
  const pending: Promise<void>[] = [];
  await Promise.all(Array.from({ length: concurrency }, worker));
  await Promise.all(pending);
  agent.destroy();
  return timings;
}


/** A request from the main thread: run one load, or stop. */
type Command = { kind: 'load'; appPort: number; label: string; count: number; replies: ReplyMode } | { kind: 'close' };

const slack = await startFakeSlack();
parentPort!.postMessage({ kind: 'ready', slackUrl: slack.url });
parentPort!.on('message', (command: Command) => {
  if (command.kind === 'close') {
    void slack.close().then(() => parentPort!.close());
    return;
  }
  load(command.appPort, slack, command.label, command.count, command.replies).then(
    (timings) => parentPort!.postMessage({ kind: 'timings', timings }),
    (error: unknown) => parentPort!.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
