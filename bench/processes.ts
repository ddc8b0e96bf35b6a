/**
 * Processes the benchmark times as a user would: wall time from spawn to
 * exit, and peak resident memory, sampled from /proc (Linux) or `ps`
 * while the process runs — the process tree's main process, which is
 * where regsim's work happens.
 */
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Peak (or, without /proc, current) resident set of `pid`, in MB; 0 once it is gone. */
function residentMB(pid: number): number {
  const status = `/proc/${pid}/status`;
  try {
    if (existsSync(status)) {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    }
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024 || 0;
  } catch {
    return 0;
  }
}

export interface Measured { code: number | null; ms: number; peakMB: number; stdout: string; stderr: string }

export interface MeasureOptions extends SpawnOptions {
  /** Read stdout yourself (a slow or a quick reader); otherwise it is collected. */
  reader?: (child: ChildProcess) => void;
  /** Keep stdout (default: true without a reader). */
  collect?: boolean;
}

/** Runs `command args`, sampling its memory every 25 ms. */
export function measure(command: string, args: readonly string[], o: MeasureOptions = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...o, stdio: ['ignore', 'pipe', 'pipe'] });
    let peakMB = 0;
    const sample = () => { if (child.pid) peakMB = Math.max(peakMB, residentMB(child.pid)); };
    const timer = setInterval(sample, 25);
    let stdout = '';
    let stderr = '';
    if (o.reader) o.reader(child);
    else if (o.collect !== false) child.stdout!.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    else child.stdout!.resume();
    child.stderr!.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    child.on('error', reject);
    child.on('exit', () => sample());
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, ms: performance.now() - started, peakMB, stdout, stderr });
    });
  });
}

/**
 * CPU seconds (user and system) of every process this one has waited for,
 * and theirs in turn (`cutime` and `cstime` of /proc/self/stat); null
 * without /proc. Taken before and after a command, it says how much work the
 * command's whole process tree did, which its wall time alone does not: on a
 * host shared with busy machines the same work takes more of both. The
 * fields count in USER_HZ, which Linux fixes at 100 on the usual architectures (x86, ARM).
 */
export function waitedForCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5); `fields` starts at field 3.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
