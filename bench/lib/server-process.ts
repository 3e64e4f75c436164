// A server as its own process, started the way production starts it, for the benchmarks and for
// the tests that must not share the test runner's event loop (an in-process app hides lock-ups
// that a real process shows). Also reads the process's memory from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export type ServerProcess = {
  child: ChildProcess;
  pid: number;
  port: number;
  baseUrl: string;
  /** What the process has written lately (stdout and stderr), for a failure message. */
  output(): string;
  /** Each distinct line the process wrote to stderr, stack-trace lines left out, with how often. */
  errorLines(): Map<string, number>;
  /** The highest resident set sampled so far and the kernel's own high-water mark, in MiB. */
  memory(): { peakRssMiB: number; sampledRssMiB: number };
  stop(): Promise<void>;
};

export type StartOptions = {
  script: string;
  env: Record<string, string | undefined>;
  /** A line the server prints once it listens. */
  readyText: string;
  port?: number;
  startTimeoutMs?: number;
  /** Copy the server's stderr to ours (benchmarks do; tests keep it for the failure message). */
  echoErrors?: boolean;
};

const OUTPUT_KEPT = 20_000;
const RSS_SAMPLE_MS = 200;

/** A port nobody listens on now (the kernel picks it; the tiny race until the server binds is harmless here). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const env = { PATH: process.env.PATH, ...options.env, PORT: String(port) };
  const child = spawn(process.execPath, [options.script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  const errorLines = new Map<string, number>();
  const countErrors = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim() || /^\s/.test(line)) continue;
      const key = line.slice(0, 200);
      errorLines.set(key, (errorLines.get(key) ?? 0) + 1);
    }
  };
  child.stderr!.on('data', (chunk: Buffer) => {
    keep(chunk);
    countErrors(chunk);
    if (options.echoErrors) process.stderr.write(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${output}`)),
      options.startTimeoutMs ?? 60_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
    child.stdout!.on('data', () => {
      if (output.includes(options.readyText)) {
        clearTimeout(timer);
        resolve();
      }
    });
  }).catch(async (error) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });

  const pid = child.pid!;
  let sampled = 0;
  const sample = () => {
    sampled = Math.max(sampled, memoryOf(pid)?.rssKiB ?? 0);
  };
  const sampler = setInterval(sample, RSS_SAMPLE_MS);
  sample();

  return {
    child,
    pid,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    errorLines: () => errorLines,
    memory: () => {
      sample();
      return { peakRssMiB: (memoryOf(pid)?.hwmKiB ?? sampled) / 1024, sampledRssMiB: sampled / 1024 };
    },
    stop: async () => {
      clearInterval(sampler);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000); // the server's own shutdown gives up after 10 s
      await exited;
      clearTimeout(killer);
    },
  };
}

/** VmHWM (the kernel's peak resident set for the process) and VmRSS, in KiB; null once it has gone. */
export function memoryOf(pid: number): { hwmKiB: number; rssKiB: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { hwmKiB: field('VmHWM'), rssKiB: field('VmRSS') };
  } catch {
    return null;
  }
}
