/**
 * The inspector's web server: node:http on 127.0.0.1 only, no dependency.
 *
 *   GET  /             the page (page.html, page.css, page.js beside this file)
 *   GET  /state        the session as JSON (see `SessionState`)
 *   GET  /events       Server-Sent Events: `event: state` with the session on connect and after every change
 *   GET  /diagram.svg  the flow's statechart: visited path, current state and the transitions possible now
 *   GET  /scenarios    the scenarios of the directory the file is in, with their variants
 *   GET  /paths?criterion=walk|transitions|states|rules|simple   the shown scenario's generated paths
 *   POST /send         `{ "event": { "type": "SELECT_METHOD", "method": "email" } }` (or `"SELECT_METHOD(email)"`);
 *                      400 with `{ error }` when the current state does not accept it; sent from a past
 *                      step it forks the history there
 *   POST /goto         `{ "step": k }`: show step k of the history (time travel; 0 is the initial state)
 *   POST /undo /redo   one step back / forward along the history (400 at either end)
 *   POST /reset        a new actor, back to the initial state, no history
 *   POST /play         `{ "criterion": "transitions", "id": "T003" }`: a path's events as the history, at its start
 *   POST /load         `{ "file": "scenarios/x.yaml", "variant": 2 }`: another listed scenario or variant
 *
 * With a Stately relay (`--stately`, see stately.ts):
 *   GET  /stately         a page embedding the Stately Inspector, fed with the session's actor
 *   GET  /stately/events  Server-Sent Events: `event: inspection`, one converted inspection event each
 *
 * Requests must name this server in `Host` (127.0.0.1 or localhost), and a
 * POST from a browser must come from its own page (`Origin`), so another
 * site cannot drive the session through the user's browser.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sessionDiagram } from './diagram.ts';
import type { LoadLimits } from '../scenario/limits.ts';
import type { InspectionObserver } from './inspection.ts';
import { Library, PATH_CRITERIA, type PathCriterion } from './library.ts';
import { InspectError, loadInspectScenario, type InspectScenario } from './load.ts';
import { ActorFailed, EventNotPossible, InspectorSession, parseEvent, type SessionState } from './session.ts';
import type { StatelyEntry, StatelyRelay } from './stately.ts';

export const HOST = '127.0.0.1';
const MAX_BODY = 64 * 1024;

export interface InspectorOptions {
  /** The scenario file. */
  file: string;
  /** 1-based matrix variant; default the first. */
  variant?: number;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** More observers of the actor's inspection events. */
  inspectors?: readonly InspectionObserver[];
  /** Serve `/stately`, fed by this relay. */
  stately?: StatelyRelay;
  limits?: LoadLimits;
}

export interface Inspector {
  /** `http://127.0.0.1:PORT/`. */
  url: string;
  /** `http://127.0.0.1:PORT/stately` when a Stately relay is attached. */
  statelyUrl?: string;
  port: number;
  server: Server;
  session: InspectorSession;
  loaded: InspectScenario;
  /** Ends the event streams, closes every connection and frees the port. */
  close(): Promise<void>;
}

const asset = (name: string): string => readFileSync(new URL(name, import.meta.url), 'utf8');

interface Asset { type: string; body: string }

let assets: Record<string, Asset> | undefined;
function pageAssets(): Record<string, Asset> {
  assets ??= {
    '/': { type: 'text/html; charset=utf-8', body: asset('./page.html') },
    '/page.css': { type: 'text/css; charset=utf-8', body: asset('./page.css') },
    '/page.js': { type: 'text/javascript; charset=utf-8', body: asset('./page.js') },
    '/stately.css': { type: 'text/css; charset=utf-8', body: asset('./stately.css') },
    '/stately.js': { type: 'text/javascript; charset=utf-8', body: asset('./stately.js') },
  };
  return assets;
}

const PAGE_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

/** The Stately page may frame the Stately Inspector and nothing else. */
const statelyPolicy = (inspectorUrl: string): string => PAGE_POLICY.replace("default-src 'none'", `default-src 'none'; frame-src ${new URL(inspectorUrl).origin}`);

const escapeAttribute = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The main page's link to /stately, shown only when there is a relay. */
const STATELY_LINK_HIDDEN = '<p id="stately-link" hidden>';
const STATELY_LINK = '<p id="stately-link">';

const statelyPage = (inspectorUrl: string): string => asset('./stately.html').replace('{{INSPECTOR_URL}}', escapeAttribute(inspectorUrl));

/** What answers GET (besides the page assets): a POST there is 405, not 404. */
const GET_PATHS = ['/state', '/events', '/diagram.svg', '/scenarios', '/paths', '/stately', '/stately/events'];

const BASE_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown): void =>
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);

const fail = (res: ServerResponse, status: number, error: string): void => json(res, status, { error });

class BodyTooLarge extends Error {}

/**
 * The request body, up to MAX_BODY bytes. A larger one is refused with 413
 * (not a reset connection): by its Content-Length before reading, else as
 * soon as it passes the limit; the rest is read and dropped so the client
 * can read the answer before the connection closes.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new BodyTooLarge(`the request body is over ${MAX_BODY / 1024} KB; an event is a few dozen bytes`);
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
      req.resume();
      reject(tooLarge());
      return;
    }
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
      else if (chunks.length) {
        chunks.length = 0;
        reject(tooLarge());
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** An SSE message: `event: state`, the revision as its id, the session as one line of JSON. */
const sseMessage = (revision: number, state: SessionState): string =>
  `id: ${revision}\nevent: state\ndata: ${JSON.stringify(state)}\n\n`;

const statelyMessage = (entry: StatelyEntry): string => `id: ${entry.seq}\nevent: inspection\ndata: ${entry.data}\n\n`;

/** Starts a session for `options.file` and serves it on 127.0.0.1. */
export async function startInspector(options: InspectorOptions): Promise<Inspector> {
  const loaded = loadInspectScenario(options.file, options.variant, options.limits);
  const { stately } = options;
  const inspectors = [...(options.inspectors ?? []), ...(stately ? [stately.observer] : [])];
  const session = new InspectorSession(loaded.file, loaded.scenario, { inspectors });
  const library = new Library(loaded.file, options.limits);
  const clients = new Set<ServerResponse>();
  const statelyClients = new Set<ServerResponse>();
  const unsubscribeStately = stately?.subscribe((entry) => {
    const message = statelyMessage(entry);
    for (const res of statelyClients) res.write(message);
  });
  let revision = 0;
  let port = options.port ?? 0;

  session.subscribe((state) => {
    revision += 1;
    const message = sseMessage(revision, state);
    for (const res of clients) res.write(message);
  });

  const allowedHosts = (): string[] => [`${HOST}:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().includes(req.headers.host ?? '')) return fail(res, 403, `this inspector answers only on http://${HOST}:${port}/`);
    const path = new URL(req.url ?? '/', `http://${HOST}`).pathname;
    const method = req.method ?? 'GET';
    if (method === 'POST') {
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins().includes(origin)) return fail(res, 403, `requests from ${origin} are not accepted`);
      switch (path) {
        case '/send': return handleSend(req, res);
        case '/reset': return json(res, 200, session.reset());
        case '/undo':
          return session.undo() ? json(res, 200, session.state()) : fail(res, 400, 'nothing to undo: this is the initial state');
        case '/redo':
          return session.redo() ? json(res, 200, session.state()) : fail(res, 400, 'nothing to redo: this is the last step of the history');
        case '/goto': return withBody(req, res, (body) => {
          const step = (body as { step?: unknown } | null)?.step;
          if (typeof step !== 'number' || !session.goto(step)) return fail(res, 400, `step must be a whole number 0..${session.state().trace.length - 1} (got ${JSON.stringify(step ?? null)})`);
          return json(res, 200, session.state());
        });
        case '/play': return withBody(req, res, (body) => {
          const { criterion, id } = (body ?? {}) as { criterion?: unknown; id?: unknown };
          if (typeof criterion !== 'string' || !(PATH_CRITERIA as readonly string[]).includes(criterion)) return fail(res, 400, `criterion must be one of ${PATH_CRITERIA.join(', ')}`);
          const found = library.pathsOf(session.scenario, criterion as PathCriterion).paths.find((p) => p.id === id);
          if (!found) return fail(res, 400, `no ${criterion} path ${JSON.stringify(id ?? null)} in this scenario; GET /paths?criterion=${criterion} lists them`);
          return json(res, 200, session.play(found.events, { criterion, id: found.id, description: found.description }));
        });
        case '/load': return withBody(req, res, (body) => {
          const { file, variant } = (body ?? {}) as { file?: unknown; variant?: unknown };
          const scenario = typeof file === 'string' ? library.scenario(file, typeof variant === 'number' ? variant : 1) : 'file must be a string';
          if (typeof scenario === 'string') return fail(res, 400, scenario);
          return json(res, 200, session.load(file as string, scenario));
        });
        default: return fail(res, path in pageAssets() || GET_PATHS.includes(path) ? 405 : 404, `no POST ${path}`);
      }
    }
    if (method !== 'GET' && method !== 'HEAD') return fail(res, 405, `${method} is not supported`);
    const page = pageAssets()[path];
    if (path === '/' && page) return send(res, 200, page.type, stately ? page.body.replace(STATELY_LINK_HIDDEN, STATELY_LINK) : page.body, { 'Content-Security-Policy': PAGE_POLICY });
    if (page) return send(res, 200, page.type, page.body);
    switch (path) {
      case '/state': return json(res, 200, session.state());
      case '/diagram.svg': {
        const state = session.state();
        const enabled = [...new Set(state.possible.flatMap((p) => p.transitions))].sort();
        return send(res, 200, 'image/svg+xml; charset=utf-8', sessionDiagram(session.scenario.flow, state.visited, state.state, enabled));
      }
      case '/scenarios': return json(res, 200, { current: { file: session.file, variant: variantIndex() }, scenarios: library.list() });
      case '/paths': {
        const criterion = new URL(req.url ?? '/', `http://${HOST}`).searchParams.get('criterion') ?? 'transitions';
        if (!(PATH_CRITERIA as readonly string[]).includes(criterion)) return fail(res, 400, `criterion must be one of ${PATH_CRITERIA.join(', ')}`);
        try {
          return json(res, 200, { criterion, ...library.pathsOf(session.scenario, criterion as PathCriterion) });
        } catch (e) {
          return fail(res, 500, `paths could not be generated: ${(e as Error).message}`);
        }
      }
      case '/events':
        return stream(req, res, clients, sseMessage(revision, session.state()));
      case '/stately':
        if (!stately) return fail(res, 404, 'the Stately Inspector page needs `regsim inspect --stately`');
        return send(res, 200, 'text/html; charset=utf-8', statelyPage(stately.inspectorUrl), { 'Content-Security-Policy': statelyPolicy(stately.inspectorUrl) });
      case '/stately/events': {
        if (!stately) return fail(res, 404, 'no Stately relay: start `regsim inspect --stately`');
        const after = Number(req.headers['last-event-id'] ?? 0);
        return stream(req, res, statelyClients, stately.since(Number.isSafeInteger(after) ? after : 0).map(statelyMessage).join(''));
      }
      case '/favicon.ico':
        res.writeHead(204, BASE_HEADERS).end();
        return;
      default:
        return fail(res, 404, `no page ${path}; try / or /state`);
    }
  }

  /** Opens an event stream: `first` now, then whatever is written to `to`'s members, until the client goes. */
  function stream(req: IncomingMessage, res: ServerResponse, to: Set<ServerResponse>, first: string): void {
    res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    if (req.method === 'HEAD') return void res.end();
    res.write(`retry: 1000\n${first}`);
    to.add(res);
    req.on('close', () => to.delete(res));
  }

  /** The 1-based variant of the scenario shown, among its file's. */
  function variantIndex(): number {
    const listed = library.list().find((x) => x.file === session.file);
    const label = session.state().scenario.variant;
    return listed ? Math.max(1, listed.variants.indexOf(label) + 1) : 1;
  }

  /** Reads a JSON body (Content-Type application/json) and hands it on; 413, 415 or 400 otherwise. */
  async function withBody(req: IncomingMessage, res: ServerResponse, then: (body: unknown) => void, example = ''): Promise<void> {
    const path = new URL(req.url ?? '/', `http://${HOST}`).pathname;
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return fail(res, 415, `POST ${path} takes JSON (Content-Type: application/json)`);
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        res.setHeader('Connection', 'close');
        return fail(res, 413, e.message);
      }
      return fail(res, 400, `the body is not JSON${example}`);
    }
    then(body);
  }

  function handleSend(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return withBody(req, res, (body) => sendBody(res, body), '; send { "event": { "type": "NEXT" } }');
  }

  function sendBody(res: ServerResponse, body: unknown): void {
    const event = parseEvent((body as { event?: unknown } | null)?.event);
    if ('error' in event) return fail(res, 400, event.error);
    try {
      return json(res, 200, session.send(event));
    } catch (e) {
      if (e instanceof EventNotPossible) return fail(res, 400, e.message);
      // The machine threw: the page shows why; Undo or Reset go on from before.
      if (e instanceof ActorFailed) return json(res, 500, { error: `regsim failed on this event (a bug in regsim): ${e.message}. Undo or Reset to go on.`, state: session.state() });
      throw e;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) fail(res, 500, (e as Error).message);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      session.stop();
      reject(e.code === 'EADDRINUSE'
        ? new InspectError('port', `port ${port} on ${HOST} is in use; pick another with --port N, or --port 0 for any free port`)
        : e.code === 'EACCES'
          ? new InspectError('port', `no permission to listen on ${HOST}:${port}; pick a port above 1023`)
          : e);
    };
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      unsubscribeStately?.();
      for (const res of [...clients, ...statelyClients]) res.end();
      clients.clear();
      statelyClients.clear();
      session.stop();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  const url = `http://${HOST}:${port}/`;
  return { url, statelyUrl: stately ? `${url}stately` : undefined, port, server, session, loaded, close };
}
