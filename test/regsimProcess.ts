/**
 * The real `regsim` command, spawned as a user runs it
 * (`node --import tsx src/cli.ts …`, cwd the repo, NO_COLOR=1). Output is
 * decoded as one UTF-8 stream: decoding each chunk on its own splits
 * multi-byte characters (→, ⇒, ✓) that straddle a pipe boundary.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Result { code: number | null; stdout: string; stderr: string }

function spawnRegsim(args: readonly string[]): ChildProcessWithoutNullStreams {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env });
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
