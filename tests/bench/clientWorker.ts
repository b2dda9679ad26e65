/**
 * Bench child: a pool of receiving clients. The parent asks it to connect clients to rooms,
 * to start recording, to wait until every receiver saw a room's last update, and to hand back
 * the latencies and the CPU this process used (to tell when the clients, not the server, are
 * the bottleneck).
 */
import { connectBenchClient, watchArrivals, type BenchClient, type ClientSpec } from './benchClient.js';
import { cpuMs, eventLoopProbe, serveCommands } from './childProcess.js';

const loop = eventLoopProbe();

interface Receiver {
  client: BenchClient;
  room: string;
  lastSeq: number;
  stop: () => void;
}

const receivers: Receiver[] = [];
let recording = false;
let latencies: number[] = [];
let arrivals = 0;
let cpuAtArm = 0;
let wallAtArm = 0;
const waiters = new Set<() => void>();

function connect(args: { specs: (ClientSpec & { count: number })[]; timeoutMs: number }): Promise<number> {
  const started: Promise<void>[] = [];
  for (const spec of args.specs) {
    for (let i = 0; i < spec.count; i++) {
      const client = connectBenchClient(spec);
      const r: Receiver = { client, room: spec.room, lastSeq: 0, stop: () => {} };
      r.stop = watchArrivals(client.doc, (seq, ms) => {
        r.lastSeq = Math.max(r.lastSeq, seq);
        if (recording) {
          latencies.push(ms);
          arrivals++;
        }
        for (const w of waiters) w();
      });
      receivers.push(r);
      started.push(client.synced);
    }
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`clients not synced within ${args.timeoutMs} ms`)), args.timeoutMs);
    void Promise.all(started).then(() => {
      clearTimeout(timer);
      resolve(receivers.length);
    });
  });
}

/** Resolve when every receiver of each room has seen that room's last sequence number. */
function drain(args: { lastSeq: Record<string, number>; timeoutMs: number }): Promise<{ complete: boolean; behind: number }> {
  const behind = () => receivers.filter((r) => r.lastSeq < (args.lastSeq[r.room] ?? 0)).length;
  return new Promise((resolve) => {
    const check = () => {
      if (behind() > 0) return;
      finish(true);
    };
    const timer = setTimeout(() => finish(false), args.timeoutMs);
    function finish(complete: boolean) {
      clearTimeout(timer);
      waiters.delete(check);
      resolve({ complete, behind: behind() });
    }
    waiters.add(check);
    check();
  });
}

serveCommands({
  connect,
  arm: () => {
    recording = true;
    latencies = [];
    arrivals = 0;
    cpuAtArm = cpuMs();
    wallAtArm = performance.now();
    loop.reset();
    return null;
  },
  drain,
  collect: () => {
    recording = false;
    const cpu = cpuMs() - cpuAtArm;
    const wall = performance.now() - wallAtArm;
    return { latencies, arrivals, cpuPercent: (100 * cpu) / wall, loop: loop.read() };
  },
  close: () => {
    for (const r of receivers.splice(0)) {
      r.stop();
      r.client.destroy();
    }
    return null;
  },
});
