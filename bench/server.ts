// The server under test: the real app (buildApp over createServices, as main.ts builds it) on
// 127.0.0.1 and a random port. Run as a child process of the benchmark (IPC channel), so the load
// generator does not share its event loop; the benchmark asks it for its CPU time and peak memory
// around each phase.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/api/app.js';
import { readConfig } from '../src/config.js';
import { createServices } from '../src/createServices.js';
import { cpuSince, memorySampler, type CpuTime, type MemorySample } from './stats.js';

export type ToServer = { type: 'phase-start'; label: string } | { type: 'phase-end' } | { type: 'stop' };
export type FromServer = { type: 'ready'; port: number } | { type: 'phase-started' } | { type: 'phase-stats'; cpu: CpuTime; memory: MemorySample };

export interface RunningServer {
  app: FastifyInstance;
  port: number;
  close(): Promise<void>;
}

export async function startServer(connectionString: string): Promise<RunningServer> {
  const services = createServices(connectionString, readConfig());
  const app = await buildApp(services, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('server: no TCP address');
  }
  return {
    app,
    port: address.port,
    close: async () => {
      await app.close();
      await services.db.destroy();
    },
  };
}

/** Per-phase CPU and memory of this process. */
export function phaseMeter(): { start(): void; end(): { cpu: CpuTime; memory: MemorySample } } {
  let cpu = process.cpuUsage();
  let sampler = memorySampler();
  return {
    start() {
      sampler.stop();
      sampler = memorySampler();
      cpu = process.cpuUsage();
    },
    end() {
      return { cpu: cpuSince(cpu), memory: sampler.stop() };
    },
  };
}

/**
 * With a directory: a V8 CPU profile of each measured phase, written as <dir>/server-<label>.cpuprofile
 * (open it in Chrome DevTools, Performance tab). Samples are wall-clock: on a busy 2-core machine a
 * function that was preempted (often a socket write that woke PostgreSQL) looks more expensive.
 */
async function phaseProfiler(directory: string | undefined): Promise<{ start(label: string): Promise<void>; stop(): Promise<void> }> {
  if (directory === undefined) {
    return { start: async () => {}, stop: async () => {} };
  }
  const { Session } = await import('node:inspector/promises');
  const { mkdir, writeFile } = await import('node:fs/promises');
  const path = await import('node:path');
  await mkdir(directory, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  let label: string | null = null;
  return {
    async start(next) {
      label = next;
      await session.post('Profiler.start');
    },
    async stop() {
      if (label === null) {
        return;
      }
      const { profile } = await session.post('Profiler.stop');
      await writeFile(path.join(directory, `server-${label}.cpuprofile`), JSON.stringify(profile));
      label = null;
    },
  };
}

// As a child process: serve, and answer the parent's messages.
if (process.send !== undefined && process.argv[2] === '--child') {
  const connectionString = process.env['BENCH_CONNECTION_STRING'];
  if (connectionString === undefined) {
    throw new Error('server: BENCH_CONNECTION_STRING is not set');
  }
  const server = await startServer(connectionString);
  const meter = phaseMeter();
  const profiler = await phaseProfiler(process.env['BENCH_PROFILE_DIR']);
  const send = (message: FromServer): void => {
    process.send?.(message);
  };
  process.on('message', (message: ToServer) => {
    switch (message.type) {
      case 'phase-start':
        void profiler.start(message.label).then(() => {
          meter.start();
          send({ type: 'phase-started' });
        });
        break;
      case 'phase-end': {
        const stats = meter.end();
        void profiler.stop().then(() => {
          send({ type: 'phase-stats', ...stats });
        });
        break;
      }
      case 'stop':
        void server.close().finally(() => process.exit(0));
        break;
    }
  });
  process.on('disconnect', () => {
    void server.close().finally(() => process.exit(0));
  });
  send({ type: 'ready', port: server.port });
}
