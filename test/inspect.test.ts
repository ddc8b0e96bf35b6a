/**
 * `regsim inspect` without a browser: the HTTP API of the inspector server
 * (state, send, undo, reset, SSE, diagram), its guards (127.0.0.1 only, Host
 * and Origin checks), determinism, clean shutdown, and the command's exit
 * codes, spawned as a user runs it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InspectionEvent } from 'xstate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MACHINES } from '../machines/index.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { shipped } from './shipped.ts';
import { eventKind, eventLabel } from '../src/export/labels.ts';
import { generatePaths, planScenario } from '../src/paths/generate.ts';
import { SCREENS } from '../machines/catalogue/index.ts';
import { endScreen } from '../src/paths/path.ts';
import { toDot } from '../src/export/dot.ts';
import { machineModel } from '../src/export/model.ts';

import { sessionDiagram } from '../src/inspect/diagram.ts';
import { InspectError, loadInspectScenario } from '../src/inspect/load.ts';
import type { Flow } from '../src/scenario/schema.ts';
import { startInspector, type Inspector } from '../src/inspect/server.ts';
import { InspectorSession, parseEvent, type SessionState } from '../src/inspect/session.ts';
import { StatelyRelay } from '../src/inspect/stately.ts';
import { formatEvent } from '../src/simulate/events.ts';
import { stepEvent } from '../src/simulate/runner.ts';
import type { RegsimEvent } from '../machines/events.ts';
import { regsimIn } from './regsimInProcess.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WALK = 'scenarios/walk-interrupt-int06-swap-to-email.yaml';
const MATRIX = 'scenarios/caveat3-private-window-error.yaml';
const TIMEOUT = 60_000;

const TMP = mkdtempSync(join(tmpdir(), 'regsim-inspect-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** The scenario's scripted walk as events. */
const walkEvents = (): RegsimEvent[] => loadInspectScenario(WALK).scenario.steps.map((s) => stepEvent(s) as RegsimEvent);

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

async function post(url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Reads Server-Sent Events from a fetch stream, one parsed message at a time. */
async function openEvents(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal, headers });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    res,
    async next(): Promise<{ id?: string; event?: string; data: string }> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const msg: { id?: string; event?: string; data: string } = { data: '' };
          for (const line of block.split('\n')) {
            const [field, ...rest] = line.split(': ');
            const value = rest.join(': ');
            if (field === 'id') msg.id = value;
            else if (field === 'event') msg.event = value;
            else if (field === 'data') msg.data += value;
          }
          return msg;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += value;
      }
    },
    close: () => controller.abort(),
  };
}

interface StatelyEvent { type: string; name?: string; definition?: string; sessionId?: string; event?: { type: string }; snapshot?: { value?: unknown } }

/** The relay's events once `done` holds for them (@statelyai/inspect converts on a later tick). */
async function statelyEvents(relay: StatelyRelay, done: (events: StatelyEvent[]) => boolean): Promise<StatelyEvent[]> {
  for (;;) {
    const events = relay.since(0).map((e) => JSON.parse(e.data) as StatelyEvent);
    if (done(events)) return events;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A raw HTTP GET with headers fetch will not let us set (Host). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end();
  });
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

describe('inspector server', () => {
  let inspector: Inspector;
  let url: string;
  beforeAll(async () => {
    inspector = await startInspector({ file: WALK, port: 0 });
    url = inspector.url;
  }, TIMEOUT);
  afterAll(() => inspector?.close());

  it('listens on 127.0.0.1 only, on an ephemeral port', () => {
    const address = inspector.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    expect(address.family).toBe('IPv4');
    expect(address.port).toBeGreaterThan(0);
    expect(url).toBe(`http://127.0.0.1:${address.port}/`);
  });

  it('GET /state: scenario, screen, possible events, decision with rules, trace', async () => {
    await post(`${url}reset`);
    const { status, body } = await getJson(`${url}state`);
    expect(status).toBe(200);
    const s = body as SessionState;
    expect(s.scenario).toMatchObject({ file: WALK, flow: 'interrupt', profile: 'observed', variant: null });
    expect(s.scenario.name).toMatch(/^INT-06 walk/);
    expect(s.state).toBe('wizard.intro');
    expect(s.status).toBe('active');
    expect(s.outcome).toBeNull();
    expect(s.screen).toMatch(/asks? for more information/);
    expect(s.possible.map((p) => p.id)).toEqual(['NEXT', 'CANCEL']);
    expect(s.possible[0]!.event).toEqual({ type: 'NEXT' });
    // The words on the buttons, their groups and tooltips are the labels module's.
    expect(s.possible.map((p) => [p.label, p.kind])).toEqual(s.possible.map((p) => [eventLabel(p.event), eventKind(p.event.type)]));
    expect(s.possible[0]!.transitions).toEqual(['interrupt.wizard.intro:NEXT:1']);
    // Where NEXT really leads, in the words the screen shows once there (its target is the compound wizard.setup).
    const after = (await post(`${url}send`, { event: { type: 'NEXT' } })).body as SessionState;
    await post(`${url}reset`);
    expect(after.state).toBe('wizard.setup.microsoftAuthenticator.install');
    expect(s.possible[0]!.tooltip).toContain(`Leads to ${after.stateLabel}.\nRules: `);
    expect(s.trace).toEqual([{ step: 0, event: null, label: null, kind: null, send: null, state: 'wizard.intro', stateLabel: s.stateLabel, audit: [], tenant: null }]);
    expect(s.audit).toEqual([]);
    expect(s.decision).toMatchObject({ wizard: 'combined', trigger: 'identityProtection', required: 2, skippable: false, offered: ['microsoftAuthenticator', 'mobilePhone'] });
    expect(s.decision.url).toMatch(/^https:\/\/mysignins\.microsoft\.com\/register/);
    const count = s.decision.reasons.find((r) => r.part === 'count')!;
    expect(count.rules.map((r) => r.id)).toContain('INT-04');
    expect(count.rules[0]!.summary.length).toBeGreaterThan(10);
    // Rules the active state nodes cite, with summaries.
    expect(s.rules.length).toBeGreaterThan(0);
    for (const r of s.rules) expect(r.summary).toMatch(/\S/);
    expect(s.canUndo).toBe(false);
    expect(s.inspection.counts['@xstate.event']).toBeGreaterThanOrEqual(1);
  });

  it('POST /send: a possible event moves on; an impossible or malformed one is a 400 with a message', async () => {
    await post(`${url}reset`);
    const impossible = await post(`${url}send`, { event: { type: 'DONE' } });
    expect(impossible.status).toBe(400);
    expect(impossible.body.error).toBe('DONE is not possible in wizard.intro: there is no DONE on this screen; possible: NEXT, CANCEL');

    for (const [body, pattern] of [
      [{ event: { type: 'JUMP' } }, /unknown event type "JUMP"/],
      [{ event: { type: 'SELECT_METHOD' } }, /SELECT_METHOD needs a method/],
      [{ event: { type: 'SELECT_METHOD', method: 'carrierPigeon' } }, /needs a method/],
      [{ nothing: true }, /event must be/],
      ['{not json', /not JSON/],
    ] as const) {
      const r = await post(`${url}send`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toMatch(pattern);
    }
    const notJson = await post(`${url}send`, undefined, { 'Content-Type': 'text/plain' });
    expect(notJson.status).toBe(415);
    expect((await getJson(`${url}state`)).body.state).toBe('wizard.intro');

    const ok = await post(`${url}send`, { event: { type: 'NEXT' } });
    expect(ok.status).toBe(200);
    expect(ok.body.state).toBe('wizard.setup.microsoftAuthenticator.install');
    expect(ok.body.trace.map((t: { event: string | null }) => t.event)).toEqual([null, 'NEXT']);
    // The printed form works too; a payload event is checked with its payload.
    expect((await post(`${url}send`, { event: 'CHOOSE_DIFFERENT_METHOD' })).body.state).toBe('wizard.chooser');
    const chooser = (await getJson(`${url}state`)).body as SessionState;
    expect(chooser.possible.map((p) => p.id)).toContain('SELECT_METHOD(mobilePhone)');
    expect(chooser.possible.map((p) => p.id)).not.toContain('SELECT_METHOD(fido2)');
    const fido = await post(`${url}send`, { event: { type: 'SELECT_METHOD', method: 'fido2' } });
    expect(fido.status).toBe(400);
    // The 400 says why, with the rule: the walk scenario's tenant does not enable passkeys (MTH-01).
    expect(fido.body.error).toMatch(/^SELECT_METHOD\(fido2\) is not possible in wizard\.chooser: Security key or passkey is not enabled in the Authentication methods policy \(MTH-01; guard isChoosable\); possible: .*SELECT_METHOD\(mobilePhone\)/);
    expect((await post(`${url}send`, { event: { type: 'SELECT_METHOD', method: 'mobilePhone' } })).body.state).toBe('wizard.setup.mobilePhone.enterNumber');
  });

  it('GET /events streams the session on connect and after every change', async () => {
    await post(`${url}reset`);
    const events = await openEvents(`${url}events`);
    try {
      expect(events.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const first = await events.next();
      expect(first.event).toBe('state');
      expect(JSON.parse(first.data).state).toBe('wizard.intro');
      await post(`${url}send`, { event: { type: 'NEXT' } });
      const second = await events.next();
      expect(second.event).toBe('state');
      expect(Number(second.id)).toBeGreaterThan(Number(first.id));
      expect(JSON.parse(second.data).state).toBe('wizard.setup.microsoftAuthenticator.install');
      await post(`${url}undo`);
      expect(JSON.parse((await events.next()).data).state).toBe('wizard.intro');
    } finally {
      events.close();
    }
  });

  it('undo replays all but the last event; reset starts over; both are deterministic', async () => {
    await post(`${url}reset`);
    expect((await post(`${url}undo`)).status).toBe(400);
    const states: SessionState[] = [(await getJson(`${url}state`)).body];
    for (const e of walkEvents()) {
      const r = await post(`${url}send`, { event: e });
      expect(r.status, formatEvent(e)).toBe(200);
      states.push(r.body);
    }
    const done = states.at(-1)!;
    expect(done.status).toBe('done');
    expect(done.outcome).toBe('registrationComplete');
    expect(done.possible).toEqual([]);
    expect(done.audit.map((a) => a.text)).toEqual([
      'User registered security info | Success | User registered Phone.',
      'User registered security info | Success | User registered Email.',
      'User registered all required security info | Success | User registered all required security info.',
    ]);
    expect(done.audit[2]!.rule).toBe('AUD-01');
    expect(done.trace.at(-1)!.audit).toEqual(['User registered all required security info | Success | User registered all required security info.']);
    const after = await post(`${url}send`, { event: { type: 'NEXT' } });
    expect(after.status).toBe(400);
    expect(after.body.error).toMatch(/the flow has ended in registrationComplete/);

    // Undo, step by step, lands exactly on each earlier state (inspection log included); the later steps stay for Redo.
    for (let i = states.length - 2; i >= states.length - 4; i--) {
      const r = await post(`${url}undo`);
      expect(r.status).toBe(200);
      expect(r.body.trace).toEqual(done.trace);
      expect({ ...r.body, trace: r.body.trace.slice(0, i + 1), canRedo: false }).toEqual(states[i]);
      expect(r.body.canRedo).toBe(true);
    }
    // Redo walks forward again to the same states; at the end there is nothing to redo.
    for (let i = states.length - 3; i < states.length; i++) {
      const r = await post(`${url}redo`);
      expect(r.status).toBe(200);
      expect(r.body.cursor).toBe(i);
      expect(r.body.state).toBe(states[i]!.state);
    }
    expect((await post(`${url}redo`)).status).toBe(400);
    expect((await getJson(`${url}state`)).body).toEqual(done);
    const reset = await post(`${url}reset`);
    expect(reset.body).toEqual(states[0]);
    // Same events, same state.
    for (const e of walkEvents()) await post(`${url}send`, { event: e });
    expect((await getJson(`${url}state`)).body).toEqual(done);
  }, TIMEOUT);

  it('time travel: goto shows step k exactly as it was; an event sent from there forks the history', async () => {
    await post(`${url}reset`);
    const states: SessionState[] = [(await getJson(`${url}state`)).body];
    for (const e of walkEvents()) states.push((await post(`${url}send`, { event: e })).body);
    const last = states.length - 1;
    for (const k of [0, 2, last, 1]) {
      const r = await post(`${url}goto`, { step: k });
      expect(r.status).toBe(200);
      expect(r.body.cursor).toBe(k);
      expect(r.body.trace).toEqual(states[last]!.trace);
      for (const field of ['state', 'snapshot', 'audit', 'possible', 'visited', 'rules'] as const) expect(r.body[field], `step ${k} ${field}`).toEqual(states[k]![field]);
    }
    expect((await post(`${url}goto`, { step: last + 1 })).status).toBe(400);
    expect((await post(`${url}goto`, { step: 'one' })).status).toBe(400);
    // At step 1, another event than the history's next: the history forks.
    const at1 = states[1]!;
    const other = at1.possible.find((p) => p.id !== states[2]!.trace[2]!.event)!;
    const fork = await post(`${url}send`, { event: other.event });
    expect(fork.status).toBe(200);
    expect(fork.body.trace.map((t: { event: string | null }) => t.event)).toEqual([null, states[1]!.trace[1]!.event, other.id]);
    expect(fork.body.canRedo).toBe(false);
  }, TIMEOUT);

  it('GET /paths lists generated paths; POST /play loads one at its start and Redo steps through it', async () => {
    const listed = await getJson(`${url}paths?criterion=transitions`);
    expect(listed.status).toBe(200);
    const plan = planScenario(loadInspectScenario(WALK).scenario);
    const expected = [...generatePaths(plan, { criterion: 'transitions', walk: false })];
    expect(listed.body.paths.map((p: { id: string }) => p.id)).toEqual(expected.map((p) => p.id));
    // Described in the screens' and buttons' words, as the page shows it: no state id at either end.
    for (const [i, p] of (listed.body.paths as Array<{ description: string; ends: string }>).entries()) {
      const want = expected[i]!;
      expect(p.ends).toBe(SCREENS[want.steps.at(-1)?.screen ?? want.startAt[0]!].name);
      expect(p.description.startsWith(`${SCREENS[want.startAt[0]!].name} → `)).toBe(true);
      expect(p.description.endsWith(` ⇒ ${p.ends}`)).toBe(true);
    }
    const path = expected.at(-1)!;
    const played = await post(`${url}play`, { criterion: 'transitions', id: path.id });
    expect(played.status).toBe(200);
    expect(played.body.cursor).toBe(0);
    expect(played.body.playing).toMatchObject({ criterion: 'transitions', id: path.id });
    expect(played.body.trace.slice(1).map((t: { state: string }) => t.state)).toEqual(path.steps.map((s) => s.state));
    let r = played;
    for (let i = 1; i <= path.steps.length; i++) r = await post(`${url}redo`);
    expect(r.body.state).toBe(path.final);
    // A final state is named by its outcome's screen, not by the machine around it.
    expect(r.body.stateLabel).toBe(SCREENS[endScreen(path)].name);
    const walk = await getJson(`${url}paths?criterion=walk`);
    expect(walk.body.paths.map((p: { id: string }) => p.id)).toEqual(['W001']);
    expect(walk.body.paths[0].events).toEqual(walkEvents());
    expect((await post(`${url}play`, { criterion: 'transitions', id: 'T999' })).status).toBe(400);
    expect((await getJson(`${url}paths?criterion=fastest`)).status).toBe(400);
  }, TIMEOUT);

  it('GET /scenarios lists the directory; POST /load switches scenario and variant; only listed files load', async () => {
    const listed = await getJson(`${url}scenarios`);
    expect(listed.body.current).toEqual({ file: WALK, variant: 1 });
    const files = listed.body.scenarios.map((x: { file: string }) => x.file);
    expect(files).toEqual([...new Set(loadAll(['scenarios/']).scenarios.map((x) => x.file))]);
    const matrix = listed.body.scenarios.find((x: { file: string }) => x.file === MATRIX);
    expect(matrix.variants).toHaveLength(loadInspectScenario(MATRIX).variants);
    const r = await post(`${url}load`, { file: MATRIX, variant: 2 });
    expect(r.status).toBe(200);
    expect(r.body.scenario.id).toBe(loadInspectScenario(MATRIX, 2).scenario.id);
    expect(r.body.trace).toHaveLength(1);
    expect((await getJson(`${url}scenarios`)).body.current).toEqual({ file: MATRIX, variant: 2 });
    expect((await post(`${url}load`, { file: '/etc/passwd' })).status).toBe(400);
    expect((await post(`${url}load`, { file: MATRIX, variant: 99 })).status).toBe(400);
    expect((await post(`${url}load`, { file: WALK })).status).toBe(200);
  }, TIMEOUT);

  it('GET /diagram.svg is the flow as SVG, the current state marked and the visited path highlighted', async () => {
    await post(`${url}reset`);
    await post(`${url}send`, { event: 'NEXT' });
    const res = await fetch(`${url}diagram.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
    const current = [...svg.matchAll(/<g id="node\d+" class="([^"]*)"[^>]*>\n<title>([^<]*)<\/title>/g)].filter((m) => m[1]!.split(' ').includes('current'));
    expect(current.map((m) => m[2])).toEqual(['wizard.setup.microsoftAuthenticator.install']);
    expect(svg).toMatch(/<g id="node\d+" class="[^"]*\bhighlighted\b[^"]*">\n<title>wizard\.intro<\/title>/);
    expect(svg).toMatch(/<g id="interrupt\.wizard\.intro:NEXT[^"]*" class="[^"]*\bhighlighted\b/);
  }, TIMEOUT);

  it('serves the page, its script and stylesheet with a policy that loads nothing from elsewhere', async () => {
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await page.text();
    expect(html).toContain('<script src="/page.js"');
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['page.js', 'page.css']) {
      const r = await fetch(`${url}${asset}`);
      expect(r.status).toBe(200);
      expect(await r.text()).not.toMatch(/\b(src|href|url)\s*[(=:]\s*["']?https?:/);
    }
    expect((await fetch(`${url}nope`)).status).toBe(404);
    // Without --stately there is no Stately page, and no link to one.
    expect(html).toContain('<p id="stately-link" hidden>');
    expect((await fetch(`${url}stately`)).status).toBe(404);
    expect((await fetch(`${url}stately/events`)).status).toBe(404);
  });

  it('answers only to its own Host, and POSTs only from its own Origin', async () => {
    expect(await rawGet(inspector.port, '/state', { Host: `127.0.0.1:${inspector.port}` })).toBe(200);
    expect(await rawGet(inspector.port, '/state', { Host: `localhost:${inspector.port}` })).toBe(200);
    expect(await rawGet(inspector.port, '/state', { Host: `attacker.example:${inspector.port}` })).toBe(403);
    expect((await post(`${url}reset`, undefined, { Origin: 'http://attacker.example' })).status).toBe(403);
    expect((await post(`${url}reset`, undefined, { Origin: url.slice(0, -1) })).status).toBe(200);
  });
});

describe('inspector server with a Stately relay (--stately)', () => {
  /** Quotes, angle brackets and an ampersand: the URL is normalised, then escaped for the attribute. */
  const INSPECTOR_UI = 'http://127.0.0.1:9/inspect?a="<b>"&c=d';
  let inspector: Inspector;
  let url: string;
  beforeAll(async () => {
    inspector = await startInspector({ file: WALK, stately: new StatelyRelay(INSPECTOR_UI) });
    url = inspector.url;
  }, TIMEOUT);
  afterAll(() => inspector?.close());

  it('GET /stately embeds the Stately Inspector (escaped) under a policy that may frame only its origin', async () => {
    expect(inspector.statelyUrl).toBe(`${url}stately`);
    const res = await fetch(`${url}stately`);
    expect(res.status).toBe(200);
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toContain('frame-src http://127.0.0.1:9;');
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html).toContain('<iframe id="inspector" title="Stately Inspector" data-src="http://127.0.0.1:9/inspect?a=%22%3Cb%3E%22&amp;c=d">');
    expect(html).toContain('<script src="/stately.js" defer>');
    for (const asset of ['stately.js', 'stately.css']) expect((await fetch(`${url}${asset}`)).status).toBe(200);
    expect(await (await fetch(url)).text()).toContain('<p id="stately-link"><a href="/stately"');
    expect((await post(`${url}stately`)).status).toBe(405);
  });

  it('GET /stately/events replays what was kept, streams what comes, and resumes after Last-Event-ID', async () => {
    const stream = await openEvents(`${url}stately/events`);
    let last: { id?: string; event?: string; data: string };
    try {
      const first = await stream.next();
      expect(first).toMatchObject({ id: '1', event: 'inspection' });
      expect(JSON.parse(first.data)).toMatchObject({ type: '@xstate.actor', name: 'interrupt' });
      await post(`${url}send`, { event: { type: 'NEXT' } });
      do last = await stream.next();
      while (!(JSON.parse(last.data).type === '@xstate.snapshot' && JSON.parse(last.data).event.type === 'NEXT'));
      expect(JSON.parse(last.data).snapshot.value).toEqual({ wizard: { setup: { microsoftAuthenticator: 'install' } } });
    } finally {
      stream.close();
    }
    const resumed = await openEvents(`${url}stately/events`, { 'Last-Event-ID': String(Number(last.id) - 1) });
    try {
      expect((await resumed.next()).id).toBe(last.id);
    } finally {
      resumed.close();
    }
  });
});

describe('inspector lifecycle and errors', () => {
  it('close() ends open event streams and frees the port', async () => {
    const inspector = await startInspector({ file: WALK });
    const events = await openEvents(`${inspector.url}events`);
    await events.next();
    expect(await canListen(inspector.port)).toBe(false);
    await inspector.close();
    await expect(events.next()).rejects.toThrow();
    expect(await canListen(inspector.port)).toBe(true);
    await inspector.close(); // idempotent
  }, TIMEOUT);

  it('a port in use is an InspectError of kind port', async () => {
    const first = await startInspector({ file: WALK });
    try {
      const err = await startInspector({ file: WALK, port: first.port }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InspectError);
      expect((err as InspectError).kind).toBe('port');
      expect((err as InspectError).message).toBe(`port ${first.port} on 127.0.0.1 is in use; pick another with --port N, or --port 0 for any free port`);
    } finally {
      await first.close();
    }
  }, TIMEOUT);

  it('an invalid scenario is an InspectError with file:line:col diagnostics', async () => {
    const bad = join(TMP, 'bad.yaml');
    writeFileSync(bad, 'name: broken\nflow: interupt\n');
    const err = await startInspector({ file: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InspectError);
    expect((err as InspectError).kind).toBe('scenario');
    expect((err as InspectError).diagnostics).toContainEqual(expect.objectContaining({ file: bad, line: 2, col: 7, path: 'flow' }));
    const missing = await startInspector({ file: join(TMP, 'missing.yaml') }).catch((e: unknown) => e);
    expect((missing as InspectError).kind).toBe('scenario');
    const dir = await startInspector({ file: 'scenarios' }).catch((e: unknown) => e);
    expect((dir as InspectError).kind).toBe('usage');
  });

  it('a matrix scenario runs the variant asked for (1-based), else the first', () => {
    expect(loadInspectScenario(MATRIX).scenario.variant).toEqual({ 'steps.3.send': 'WEBAUTHN_FAILED' });
    const second = loadInspectScenario(MATRIX, 2);
    expect(second).toMatchObject({ variant: 2, variants: 3 });
    expect(new InspectorSession(second.file, second.scenario).state().scenario.variant).toBe('steps.3.send=WEBAUTHN_TIMEOUT');
    expect(() => loadInspectScenario(MATRIX, 4)).toThrow('--variant must be 1..3');
  });
});

describe('every shipped scenario and state', () => {
  it('each scenario opens a session and its scripted walk replays through send()', () => {
    const loaded = shipped();
    expect(loaded.errors).toEqual([]);
    for (const { file, scenario } of loaded.scenarios) {
      const session = new InspectorSession(file, scenario);
      let s = session.state();
      expect(s.trace, file).toHaveLength(1);
      // A step marked refused is one the scenario says must not be possible: the page has no button for it.
      const taken = scenario.steps.filter((step) => typeof step === 'string' || !step.refused);
      for (const step of taken) s = session.send(stepEvent(step) as RegsimEvent);
      expect(s.trace, file).toHaveLength(taken.length + 1);
      expect(s.visited.at(-1)).toBe(s.state);
      if (s.status === 'done') expect(s.possible).toEqual([]);
      session.stop();
    }
  }, TIMEOUT);

  it('the diagram can mark every leaf state of every flow as current, and draws the transitions possible there as enabled', () => {
    for (const [flow, { machine }] of Object.entries(MACHINES)) {
      const model = machineModel(machine);
      for (const state of model.states.filter((x) => x.kind === 'atomic' || x.kind === 'final')) {
        const dot = toDot(model, { current: state.path });
        const marked = dot.split('\n').filter((l) => /class="[^"]*\bcurrent\b/.test(l));
        expect(marked.map((l) => /^\s*"([^"]+)"/.exec(l)?.[1]), `${flow} ${state.path}`).toEqual([state.path]);
      }
      const out = model.transitions.filter((t) => t.source === model.initial);
      const svg = sessionDiagram(flow as Flow, [model.initial!], model.initial!, out.map((t) => t.id));
      expect(svg).toMatch(new RegExp(`class="node state [^"]*current[^"]*">\n<title>${model.initial!.replace(/\./g, '\\.')}</title>`));
      for (const t of out) expect(svg, t.id).toMatch(new RegExp(`class="edge transition[^"]* enabled[^"]* t:${t.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
  }, TIMEOUT);
});

describe('inspection hook', () => {
  it('every observer gets the actor\'s inspection events; a failing one breaks nothing', () => {
    const { file, scenario } = loadInspectScenario(WALK);
    const seen: string[] = [];
    const session = new InspectorSession(file, scenario, {
      inspectors: [() => { throw new Error('socket gone'); }, (ev: InspectionEvent) => seen.push(ev.type)],
    });
    session.send({ type: 'NEXT' });
    expect(seen).toContain('@xstate.actor');
    expect(seen).toContain('@xstate.event');
    expect(seen).toContain('@xstate.snapshot');
    const { inspection } = session.state();
    expect(inspection.total).toBe(seen.length);
    expect(inspection.log.map((e) => `${e.type} ${e.text}`)).toContain('@xstate.event NEXT');
    expect(inspection.log.at(-1)).toMatchObject({ type: '@xstate.snapshot', text: 'wizard.setup.microsoftAuthenticator.install (after NEXT)' });
    session.stop();
  });

  it('a Stately relay gets the actor converted by @statelyai/inspect: its machine, each event and each snapshot, numbered', async () => {
    const relay = new StatelyRelay();
    const { file, scenario } = loadInspectScenario(WALK);
    const session = new InspectorSession(file, scenario, { inspectors: [relay.observer] });
    session.send({ type: 'NEXT' });
    const events = await statelyEvents(relay, (evs) => evs.some((e) => e.type === '@xstate.snapshot' && e.event?.type === 'NEXT'));
    const actor = events.find((e) => e.type === '@xstate.actor');
    expect(actor?.name).toBe('interrupt');
    // The whole statechart, with each state's description and rule IDs, as the machine defines them.
    const intro = (MACHINES.interrupt.machine.config as any).states.wizard.states.intro;
    expect(JSON.parse(actor!.definition!).states.wizard.states.intro.meta).toEqual(intro.meta);
    expect(intro.meta.rules.length).toBeGreaterThan(0);
    expect(events.find((e) => e.type === '@xstate.event' && e.event?.type === 'NEXT')?.sessionId).toBe(actor!.sessionId);
    const snapshot = events.find((e) => e.type === '@xstate.snapshot' && e.event?.type === 'NEXT');
    expect(snapshot?.snapshot?.value).toEqual({ wizard: { setup: { microsoftAuthenticator: 'install' } } });
    const seqs = relay.since(0).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(relay.since(2).map((e) => e.seq)).toEqual(seqs.slice(2));
    session.stop();
  });

  it('a Stately relay keeps only the newest events, and accepts only an http(s) inspector URL', async () => {
    const relay = new StatelyRelay(undefined, 3);
    const { file, scenario } = loadInspectScenario(WALK);
    const session = new InspectorSession(file, scenario, { inspectors: [relay.observer] });
    for (const type of ['NEXT', 'NEXT', 'CHOOSE_DIFFERENT_METHOD']) session.send({ type } as RegsimEvent);
    await statelyEvents(relay, (evs) => evs.some((e) => e.type === '@xstate.snapshot' && e.event?.type === 'CHOOSE_DIFFERENT_METHOD'));
    const kept = relay.since(0).map((e) => e.seq);
    expect(kept).toHaveLength(3);
    expect(kept[0]).toBeGreaterThan(3);
    expect(() => new StatelyRelay('javascript:alert(1)')).toThrow(/must be http\(s\)/);
    session.stop();
  });

  it('parseEvent reads objects and the printed form', () => {
    expect(parseEvent('SELECT_METHOD(email)')).toEqual({ type: 'SELECT_METHOD', method: 'email' });
    expect(parseEvent({ type: 'NEXT' })).toEqual({ type: 'NEXT' });
    expect(parseEvent({ type: 'NEXT', method: 'email' })).toEqual({ error: 'NEXT takes no method' });
    expect(parseEvent(42)).toHaveProperty('error');
  });
});

// ── the command: spawned as a user runs it where the process answers (signals, a port held by another), else in-process

interface Spawned { code: Promise<number | null>; stdout: () => string; stderr: () => string; kill: (s: NodeJS.Signals) => void; waitFor: (re: RegExp) => Promise<RegExpExecArray> }

/** `regsim inspect ARGS`, spawned as a user runs it (`bin/regsim.js`, the build the suite's global setup keeps current). */
function inspectCli(...args: string[]): Spawned {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, ['bin/regsim.js', 'inspect', ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; waiters.forEach((w) => w()); });
  child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
  const code = new Promise<number | null>((resolve) => child.on('close', (c) => { waiters.forEach((w) => w()); resolve(c); }));
  return {
    code, stdout: () => stdout, stderr: () => stderr, kill: (s) => child.kill(s),
    waitFor: (re) => new Promise((resolve, reject) => {
      const check = () => {
        const m = re.exec(stdout);
        if (m) resolve(m);
        else if (child.exitCode !== null) reject(new Error(`exited ${child.exitCode}: ${stderr}`));
      };
      waiters.push(check);
      check();
    }),
  };
}

describe.concurrent('regsim inspect (command)', () => {
  it('prints the URL, serves the session, and stops cleanly on SIGTERM with exit 0', async () => {
    const cli = inspectCli(WALK, '--no-open');
    const [line, port] = await cli.waitFor(/^regsim inspect: http:\/\/127\.0\.0\.1:(\d+)\/ \(Ctrl\+C to stop\)$/m);
    expect(line).toBeTruthy();
    const state = await getJson(`http://127.0.0.1:${port}/state`);
    expect(state.body.state).toBe('wizard.intro');
    cli.kill('SIGTERM');
    expect(await cli.code).toBe(0);
    expect(cli.stderr()).toBe('');
    expect(await canListen(Number(port))).toBe(true);
  }, TIMEOUT);

  it('SIGINT (Ctrl+C) stops it too', async () => {
    const cli = inspectCli(WALK, '--no-open', '--port', '0');
    await cli.waitFor(/Ctrl\+C to stop/);
    cli.kill('SIGINT');
    expect(await cli.code).toBe(0);
  }, TIMEOUT);

  it('an invalid scenario prints file:line:col diagnostics and exits 2', async () => {
    const bad = join(TMP, 'cli-bad.yaml');
    writeFileSync(bad, 'name: broken\nflow: interupt\n');
    const r = await regsimIn('inspect', bad, '--no-open');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:2:7: error: "interupt" is not valid`);
    expect(r.stderr).not.toMatch(/^ {4}at /m);
    expect(r.stdout).toBe('');
  }, TIMEOUT);

  it('a port in use is one line on stderr and exit 2', async () => {
    const holder = await startInspector({ file: WALK });
    try {
      const cli = inspectCli(WALK, '--no-open', '--port', String(holder.port));
      expect(await cli.code).toBe(2);
      expect(cli.stderr().trimEnd().split('\n')).toEqual([`regsim: port ${holder.port} on 127.0.0.1 is in use; pick another with --port N, or --port 0 for any free port`]);
    } finally {
      await holder.close();
    }
  }, TIMEOUT);

  it('bad flags and a missing scenario are usage errors with exit 2', async () => {
    const [noFile, badPort, badVariant] = await Promise.all([
      regsimIn('inspect', '--no-open'), regsimIn('inspect', WALK, '--port', 'http', '--no-open'), regsimIn('inspect', MATRIX, '--variant', '9', '--no-open'),
    ]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/inspect takes one scenario file/);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/--port takes a whole number/);
    expect(badVariant.code).toBe(2);
    expect(badVariant.stderr).toMatch(/--variant must be 1\.\.3/);
  }, TIMEOUT);

  it('--stately prints the Stately Inspector page, which serves and streams the session', async () => {
    const cli = inspectCli(WALK, '--no-open', '--stately', '--port', '0');
    const [, page] = await cli.waitFor(/^regsim inspect: Stately Inspector: (http:\/\/127\.0\.0\.1:\d+\/stately) /m);
    await cli.waitFor(/Ctrl\+C to stop/);
    const res = await fetch(page!);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('src="https://stately.ai/inspect"');
    const stream = await openEvents(`${page}/events`);
    expect(JSON.parse((await stream.next()).data).type).toBe('@xstate.actor');
    stream.close();
    expect(cli.stderr()).toBe('');
    cli.kill('SIGTERM');
    expect(await cli.code).toBe(0);
  }, TIMEOUT);
});
