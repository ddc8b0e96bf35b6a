/**
 * The real `regsim` command, spawned as a user runs it (`bin/regsim.js …`,
 * which runs the build in dist/ that the suite's global setup keeps current;
 * cwd the repo, NO_COLOR=1). Output is
 * decoded as one UTF-8 stream: decoding each chunk on its own splits
 * multi-byte characters (→, ⇒, ✓) that straddle a pipe boundary.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Result { code: number | null; stdout: string; stderr: string }

function spawnRegsim(args: readonly string[], nodeArgs: readonly string[] = []): ChildProcessWithoutNullStreams {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return spawn(process.execPath, [...nodeArgs, 'bin/regsim.js', ...args], { cwd: ROOT, env });
}

export interface PipedResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The first line the reader got. */
  firstLine: string;
  stdoutBytes: number;
  stderr: string;
  /** The child's peak resident memory (VmHWM), in MB, where /proc tells it (Linux); else null. */
  peakRssMb: number | null;
}

/**
 * `regsim ARGS | reader`, where the reader takes the first line, then stops
 * reading for `pauseMs` (a slow reader: the pipe fills up), then reads up to
 * `readBytes` more and goes away, as `head` does. The child runs with its
 * heap capped at `heapMb`, so a producer that ignores backpressure dies of
 * "heap out of memory" instead of only growing.
 */
export function regsimPiped(args: readonly string[], o: { heapMb: number; pauseMs?: number; readBytes?: number }): Promise<PipedResult> {
  return new Promise((resolve, reject) => {
    const child = spawnRegsim(args, [`--max-old-space-size=${o.heapMb}`]);
    let firstLine = '';
    let bytes = 0;
    let stderr = '';
    let peak: number | null = null;
    const sample = () => {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        if (kb) peak = Math.max(peak ?? 0, Number(kb) / 1024);
      } catch {
        // Not Linux, or the child has gone.
      }
    };
    const sampler = setInterval(sample, 50);
    let buffered = '';
    const stop = () => child.stdout.destroy();
    child.stdout.on('data', (c: Buffer) => {
      bytes += c.length;
      if (!firstLine) {
        buffered += c.toString('utf8');
        const nl = buffered.indexOf('\n');
        if (nl < 0) return;
        firstLine = buffered.slice(0, nl);
        if (o.pauseMs) {
          child.stdout.pause();
          setTimeout(() => { sample(); child.stdout.resume(); }, o.pauseMs);
        }
      }
      if (bytes >= (o.readBytes ?? 0)) stop();
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      resolve({ code, signal, firstLine, stdoutBytes: bytes, stderr, peakRssMb: peak === null ? null : Math.round(peak) });
    });
  });
}

/**
 * Runs `regsim ARGS` to the end. With `firstChunkOnly`, the reader goes away
 * after the first chunk of stdout, as `regsim … | head -1` does.
 */
export function regsim(...args: string[]): Promise<Result>;
export function regsim(options: { firstChunkOnly: true }, ...args: string[]): Promise<Result>;
export function regsim(...input: Array<string | { firstChunkOnly: true }>): Promise<Result> {
  const firstChunkOnly = typeof input[0] === 'object';
  const args = input.filter((a): a is string => typeof a === 'string');
  return new Promise((resolve, reject) => {
    const child = spawnRegsim(args);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      if (firstChunkOnly) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
