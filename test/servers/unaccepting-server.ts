import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/**
 * A listening socket on 127.0.0.1 that never accepts, so a connect to it never completes: the stand-in for a host
 * that drops packets, without leaving the machine. It listens with a backlog of 1 (Node reads 0 as its default, 511) in a worker thread whose event
 * loop then blocks, so nothing ever calls accept(); the kernel queues connections until the queue is full (filled
 * here), and from then on drops each new connection's SYN, leaving the client's connect pending, as it is on the
 * network when a firewall drops packets.
 */
export interface UnacceptingServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

// Plain JavaScript, run with eval: the worker only listens, reports its port, and blocks until released.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const server = net.createServer((socket) => socket.destroy());
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(workerData), 0, 0);
  server.close();
});
`;

/** Resolves true when a connect to `port` completes within `ms`, false when it is still pending (the socket stays open). */
function connects(port: number, ms: number, sockets: Socket[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    sockets.push(socket);
    socket.on('error', () => {});
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts the server and fills its accept queue; every connect from then on hangs until close(). */
export async function startUnacceptingServer(): Promise<UnacceptingServer> {
  const release = new SharedArrayBuffer(4);
  const worker = new Worker(workerSource, { eval: true, workerData: release });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const fillers: Socket[] = [];
  // The queue holds backlog + 1 connections on Linux; a few more allow for kernels that round it up.
  let filled = false;
  // A loopback connect that has not completed in a second was dropped, not merely slow on a busy machine.
  for (let i = 0; i < 16 && !filled; i += 1) filled = !(await connects(port, 1000, fillers));
  if (!filled) throw new Error('could not fill the accept queue of the unaccepting server');
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      for (const socket of fillers) socket.destroy();
      const flag = new Int32Array(release);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      await worker.terminate();
    },
  };
}
