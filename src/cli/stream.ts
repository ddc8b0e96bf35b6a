/**
 * The one way out for everything large a command writes (`paths` in every
 * format, `run --json`, `check --json`). Text is gathered into chunks and
 * handed to the stream; when the stream's buffer is full, `drained()` waits
 * for it to empty, so a generator feeding an `Output` is pulled at the
 * reader's pace and memory stays bounded however slow the reader is.
 *
 * Files are written synchronously, chunk by chunk (as Node writes stdout to
 * a file): bounded, and nothing is left in flight when the command returns.
 * A JSON document is written whole or not at all: it goes to a `.partial`
 * file first and is moved into place (or copied to stdout) once complete.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHUNK = 64 * 1024;

/** Where chunks go: a stream that may push back, or a file written in place. */
interface Target {
  /** false when the caller should wait for `drain` before writing more. */
  put(data: string): boolean;
  drain(): Promise<void>;
  close(): void;
}

function streamTarget(stream: NodeJS.WritableStream): Target {
  return {
    put: (data) => stream.write(data),
    drain: () => new Promise<void>((resolve) => {
      // A closed pipe emits 'error' (EPIPE, handled by `endQuietlyOnClosedPipe`) or 'close', never 'drain'.
      const done = () => { stream.off('drain', done); stream.off('close', done); resolve(); };
      stream.on('drain', done);
      stream.on('close', done);
    }),
    close: () => {},
  };
}

function fileTarget(path: string): Target {
  const fd = openSync(path, 'w');
  return {
    put: (data) => { writeSync(fd, data); return true; },
    drain: () => Promise.resolve(),
    close: () => closeSync(fd),
  };
}

export class Output {
  private parts: string[] = [];
  private size = 0;
  private waiting: Promise<void> | null = null;

  private constructor(private target: Target) {}

  static toStream(stream: NodeJS.WritableStream): Output {
    return new Output(streamTarget(stream));
  }

  static toFile(path: string): Output {
    return new Output(fileTarget(path));
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) this.flush();
  }

  /** True when the reader is behind: the caller should `await drained()` before producing more. */
  get blocked(): boolean {
    return this.waiting !== null;
  }

  /** Resolves once the reader has caught up (at once when it has). */
  drained(): Promise<void> {
    return this.waiting ?? Promise.resolve();
  }

  /** Hands what is gathered to the target. */
  flush(): void {
    if (this.size === 0) return;
    const data = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.target.put(data) && !this.waiting) {
      this.waiting = this.target.drain().then(() => { this.waiting = null; });
    }
  }

  /** For a file target, which never pushes back: flush and close now. */
  endSync(): void {
    this.flush();
    this.target.close();
  }

  /** Flushes, waits for the reader, and closes a file target. */
  async end(): Promise<void> {
    this.flush();
    await this.drained();
    this.target.close();
  }
}

/** Writes one finished text through the helper: waits for a slow reader like every large output. */
export async function writeOut(text: string, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  const out = Output.toStream(stream);
  out.write(text);
  await out.end();
}

/**
 * A document that must arrive whole: written to a `.partial` file beside
 * `path` (or in a private temporary directory for stdout), then moved into
 * place, or streamed to stdout, by `commit()`. `abandon()` leaves nothing.
 */
export class WholeDocument {
  readonly out: Output;
  private readonly partial: string;
  private readonly tmpDir: string | null;

  constructor(private readonly path: string | null) {
    this.tmpDir = path === null ? mkdtempSync(join(tmpdir(), 'regsim-')) : null;
    this.partial = path === null ? join(this.tmpDir!, 'document') : `${path}.partial`;
    this.out = Output.toFile(this.partial);
  }

  async commit(stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
    await this.out.end();
    if (this.path !== null) {
      renameSync(this.partial, this.path);
      return;
    }
    try {
      const copy = Output.toStream(stdout);
      for await (const chunk of createReadStream(this.partial, { encoding: 'utf8', highWaterMark: CHUNK })) {
        copy.write(chunk as string);
        if (copy.blocked) await copy.drained();
      }
      await copy.end();
    } finally {
      this.cleanUp();
    }
  }

  async abandon(): Promise<void> {
    await this.out.end();
    this.cleanUp();
    if (this.path !== null) rmSync(this.partial, { force: true });
  }

  private cleanUp(): void {
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
  }
}

/**
 * A reader that goes away (`regsim … | head`) closes the pipe: end at once,
 * exit 0 and nothing on stderr, as Unix tools do.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (isClosedPipe(e)) process.exit(0);
    throw e;
  });
}

/**
 * Notes on stderr to a reader that went away (`regsim … 2>&1 | head`) are
 * dropped: there is no one left to tell, and an unhandled EPIPE would turn
 * the command's own exit code into 1, which means a failed expectation. The
 * output itself, when it shares that pipe, ends the run through stdout.
 */
export function dropNotesOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (!isClosedPipe(e)) throw e;
  });
}

const isClosedPipe = (e: NodeJS.ErrnoException): boolean => e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED';
