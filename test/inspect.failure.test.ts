/**
 * The inspector never dies. A scenario that validates must run, so the only
 * way left to make a machine throw is a bug; these tests plant one: the b2b
 * sample of the foundation issue with `user.home` stripped after validation
 * (the session alone), and an audit row that throws on demand (the server).
 * The error becomes a 500 with a message and a state the page can show, and
 * Undo or Reset go on.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const planted = vi.hoisted(() => ({ failing: false }));
vi.mock('../src/domain/audit.ts', async (original) => {
  const real = await original<typeof import('../src/domain/audit.ts')>();
  return {
    ...real,
    methodRegistered: (m: Parameters<typeof real.methodRegistered>[0]) => {
      if (planted.failing) throw new Error('planted failure in the audit row');
      return real.methodRegistered(m);
    },
  };
});

import { loadInspectScenario } from '../src/inspect/load.ts';
import { startInspector, type Inspector } from '../src/inspect/server.ts';
import { ActorFailed, InspectorSession } from '../src/inspect/session.ts';
import { parseScenarioText } from '../src/scenario/load.ts';
import type { ExpandedScenario } from '../src/scenario/matrix.ts';
import type { RegsimEvent } from '../machines/events.ts';

const WALK = 'scenarios/walk-interrupt-int06-swap-to-email.yaml';
const REDIRECT_HOME = { type: 'REDIRECT_HOME' } as RegsimEvent;

/** The foundation issue's sample, given a home so it validates, then stripped of it. */
function homelessGuest(): ExpandedScenario {
  const r = parseScenarioText([
    'name: x', 'flow: b2bMfaTrust', 'tenant:', '  authenticationMethods: { enabled: [] }',
    '  conditionalAccess: [{ name: p, grant: { authenticationStrength: phishingResistant } }]',
    '  crossTenant: { trustMfa: true }', 'user:', '  type: guest', '  home: { authenticationMethods: { enabled: [fido2] } }',
  ].join('\n'), 'sample.yaml');
  if (!r.ok) throw new Error('the sample should validate with a home');
  const { home: _, ...user } = r.variants[0]!.user;
  return { ...r.variants[0]!, user };
}

describe('an inspector session whose machine throws', () => {
  it('says what was thrown, keeps the state, offers nothing, and goes on after Undo', () => {
    const session = new InspectorSession('sample.yaml', homelessGuest());
    expect(session.state()).toMatchObject({ state: 'redirectedHome', status: 'active', error: null });
    expect(() => session.send(REDIRECT_HOME)).toThrow(ActorFailed);
    const failed = session.state();
    expect(failed.status).toBe('error');
    expect(failed.error).toContain('a guest needs user.home');
    expect(failed.possible).toEqual([]);
    expect(failed.canUndo).toBe(true);
    expect(() => session.send(REDIRECT_HOME)).toThrow(/the flow failed .*Undo or Reset to go on/);
    expect(session.undo()).toBe(true);
    expect(session.state()).toMatchObject({ state: 'redirectedHome', status: 'active', error: null });
    expect(session.state().possible.map((p) => p.id)).toEqual(['REDIRECT_HOME']);
    session.stop();
  });
});

describe('an inspector server whose machine throws', () => {
  let inspector: Inspector;
  beforeAll(async () => { inspector = await startInspector({ file: WALK }); });
  afterAll(async () => { planted.failing = false; await inspector.close(); });

  const send = async (event: unknown) => {
    const res = await fetch(`${inspector.url}send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ event }) });
    return { status: res.status, body: await res.json() as { error?: string; state?: { status: string; state: string; error: string | null } } & Record<string, unknown> };
  };

  it('answers 500 with the message and the failed state, keeps serving, and goes on after Undo and Reset', async () => {
    const steps = loadInspectScenario(WALK).scenario.steps;
    // NEXT, CHOOSE_DIFFERENT_METHOD, SELECT_METHOD(mobilePhone), ENTER_NUMBER: the next CODE_CORRECT records the phone.
    for (const event of ['NEXT', 'CHOOSE_DIFFERENT_METHOD', { type: 'SELECT_METHOD', method: 'mobilePhone' }, 'ENTER_NUMBER']) {
      expect((await send(event)).status).toBe(200);
    }
    expect(steps.length).toBeGreaterThan(4);
    planted.failing = true;
    const failed = await send('CODE_CORRECT');
    planted.failing = false;
    expect(failed.status).toBe(500);
    expect(failed.body.error).toMatch(/^regsim failed on this event \(a bug in regsim\): CODE_CORRECT failed in wizard\.setup\.mobilePhone\.enterCode: planted failure in the audit row\. Undo or Reset to go on\.$/);
    expect(failed.body.state).toMatchObject({ status: 'error', error: 'planted failure in the audit row' });
    // Still serving: the state, the page, the diagram.
    const state = await (await fetch(`${inspector.url}state`)).json() as { status: string };
    expect(state.status).toBe('error');
    expect((await fetch(inspector.url)).status).toBe(200);
    expect((await fetch(`${inspector.url}diagram.svg`)).status).toBe(200);
    // Undo goes back before the failed event; the same event now succeeds.
    const undone = await fetch(`${inspector.url}undo`, { method: 'POST' });
    expect(undone.status).toBe(200);
    expect(await undone.json()).toMatchObject({ status: 'active', state: 'wizard.setup.mobilePhone.enterCode' });
    expect((await send('CODE_CORRECT')).body).toMatchObject({ state: 'wizard.methodDone', status: 'active' });
    const reset = await fetch(`${inspector.url}reset`, { method: 'POST' });
    expect(await reset.json()).toMatchObject({ state: 'wizard.intro', status: 'active', error: null });
  });

  it('refuses a body over 64 KB with 413 and a message, by its length or as it streams', async () => {
    const big = JSON.stringify({ event: 'NEXT', pad: 'x'.repeat(70 * 1024) });
    const declared = await fetch(`${inspector.url}send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: 'the request body is over 64 KB; an event is a few dozen bytes' });
    const chunks = [big.slice(0, 40_000), big.slice(40_000)];
    const streamed = await fetch(`${inspector.url}send`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, duplex: 'half',
      body: new ReadableStream({ pull(c) { const next = chunks.shift(); if (next) c.enqueue(new TextEncoder().encode(next)); else c.close(); } }),
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // The server is still there.
    expect((await fetch(`${inspector.url}state`)).status).toBe(200);
  });
});
