/**
 * The output helper: a generator feeding it is pulled at the reader's pace,
 * a JSON document arrives whole or not at all, and a reader that goes away
 * ends regsim at once — exit 0, nothing on stderr, memory bounded.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { Output, WholeDocument } from '../src/cli/stream.ts';
import { ROOT, regsim, regsimPiped } from './regsimProcess.ts';

const TMP = mkdtempSync(join(tmpdir(), 'regsim-stream-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** A stream with a small buffer whose reader takes one chunk each time `take()` is called. */
function slowReader() {
  const got: string[] = [];
  let release: (() => void) | null = null;
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, done) { got.push(chunk.toString()); release = done; },
  });
  return { stream, got, take: () => { const r = release; release = null; r?.(); } };
}

describe('Output', () => {
  it('holds the writer back while the reader is behind, and lets it go on once the reader catches up', async () => {
    const reader = slowReader();
    const out = Output.toStream(reader.stream);
    out.write('x'.repeat(70 * 1024));
    out.write('y'.repeat(70 * 1024));
    expect(out.blocked).toBe(true);
    let drained = false;
    const waiting = out.drained().then(() => { drained = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(drained).toBe(false);
    while (!drained) { reader.take(); await new Promise((r) => setTimeout(r, 1)); }
    await waiting;
    expect(out.blocked).toBe(false);
    const ending = out.end();
    reader.take();
    await ending;
    expect(reader.got.join('')).toBe('x'.repeat(70 * 1024) + 'y'.repeat(70 * 1024));
  });
});

describe('WholeDocument', () => {
  it('moves a complete file into place, and leaves nothing of an abandoned one', async () => {
    const done = new WholeDocument(join(TMP, 'done.json'));
    done.out.write('{"a": 1}\n');
    await done.commit();
    expect(readFileSync(join(TMP, 'done.json'), 'utf8')).toBe('{"a": 1}\n');
    const failed = new WholeDocument(join(TMP, 'failed.json'));
    failed.out.write('{"scenarios": [');
    await failed.abandon();
    expect(readdirSync(TMP).sort()).toEqual(['done.json']);
  });

  it('sends stdout the whole document only once it is complete', async () => {
    const sent: string[] = [];
    const sink = new Writable({ write(c: Buffer, _e, cb) { sent.push(c.toString()); cb(); } });
    const doc = new WholeDocument(null);
    doc.out.write('{"x": [');
    expect(sent).toEqual([]);
    doc.out.write('1]}\n');
    await doc.commit(sink);
    expect(sent.join('')).toBe('{"x": [1]}\n');
    const abandoned = new WholeDocument(null);
    abandoned.out.write('{"half":');
    await abandoned.abandon();
    expect(sent.join('')).toBe('{"x": [1]}\n');
  });
});

describe.concurrent('regsim piped into a reader', () => {
  // Millions of simple paths: far more than any buffer holds. Concurrent, so
  // the slow reader's pause is not time the other two wait through.
  const HUGE = ['paths', 'scenarios/mng07-cannot-add-method-not-propagated.yaml', '--cover', 'simple', '--format', 'jsonl', '--limit', '100000000'];

  it('ends at once, exit 0 and nothing on stderr, when the reader stops after one line (`| head -1`)', async () => {
    const r = await regsimPiped(HUGE, { heapMb: 128 });
    expect(JSON.parse(r.firstLine)).toMatchObject({ type: 'path', id: 'P001' });
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
  }, 120_000);

  it('waits for a slow reader instead of buffering: with its heap capped at 128 MB it never runs out', async () => {
    const r = await regsimPiped(HUGE, { heapMb: 128, pauseMs: 2000, readBytes: 16 * 1024 * 1024 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdoutBytes).toBeGreaterThanOrEqual(16 * 1024 * 1024);
    if (r.peakRssMb !== null) expect(r.peakRssMb).toBeLessThan(400);
  }, 120_000);

  it('goes on to its own exit code when stderr\'s reader went away (`2>&1 | head`): the notes are dropped, the output is whole', async () => {
    const args = ['paths', 'scenarios/str04-strip-the-url.yaml', '--format', 'json'];
    const child = spawn(process.execPath, ['bin/regsim.js', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before regsim starts writing: its note on stderr (the coverage line) meets a closed pipe.
    child.stderr.destroy();
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    const whole = await regsim(...args);
    expect(whole.stderr).toMatch(/paths for 1 scenario/);
    expect(code).toBe(0);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(whole.stdout);
  }, 120_000);

  it('leaves no half-written JSON: a scenario that cannot be explored is an entry of a whole document, exit 2', async () => {
    const r = await regsim('paths', 'scenarios/walk-manage-add-phone-success.yaml', 'scenarios/walk-passkey-browser-cancel.yaml', '--format', 'json', '--max-states', '10');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/walk-manage-add-phone-success\.yaml: scenario ".*" not explored: .*raise --max-states/);
    const doc = JSON.parse(r.stdout) as { scenarios: Array<{ file: string; error?: string; paths?: unknown[] }> };
    expect(doc.scenarios.map((s) => [s.file, s.error === undefined])).toEqual([
      ['scenarios/walk-manage-add-phone-success.yaml', false],
      ['scenarios/walk-passkey-browser-cancel.yaml', true],
    ]);
  }, 120_000);
});
