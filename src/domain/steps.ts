/**
 * The wizard's steps (INT-04..08): which methods a step may offer, and which
 * it opens on, so that the methods registered together satisfy both the MFA
 * and the SSPR policy with the fewest steps.
 */
import { METHODS, isMfaMethod, type MethodId } from './methods.ts';

export interface StepPolicy {
  mfaNeeded: boolean;
  ssprNeeded: number;
  required: number;
  choices: readonly MethodId[];
  sspr: { methods: readonly MethodId[] };
  /** Methods held before the wizard: a default of a kind already held is a poor suggestion. */
  held: readonly MethodId[];
  /** The decided default of each step, once decided. */
  offered?: readonly MethodId[];
}

/** What `chosen` still leaves missing: an MFA method, SSPR methods. */
function missing(p: StepPolicy, chosen: readonly MethodId[]): { mfa: number; sspr: number } {
  return {
    mfa: p.mfaNeeded && !chosen.some(isMfaMethod) ? 1 : 0,
    sspr: Math.max(0, p.ssprNeeded - chosen.filter((m) => p.sspr.methods.includes(m)).length),
  };
}

/** INT-04: can the steps left, picking from `left`, still satisfy both policies? */
function satisfiable(p: StepPolicy, chosen: readonly MethodId[], left: readonly MethodId[]): boolean {
  const stepsLeft = p.required - chosen.length;
  const need = missing(p, chosen);
  if (need.mfa && !left.some(isMfaMethod)) return false;
  if (need.sspr > left.filter((m) => p.sspr.methods.includes(m)).length) return false;
  const oneServesBoth = left.some((m) => isMfaMethod(m) && p.sspr.methods.includes(m));
  return (oneServesBoth ? Math.max(need.mfa, need.sspr) : need.mfa + need.sspr) <= stepsLeft;
}

/**
 * INT-05, INT-07, INT-08, MTH-02: the methods the user may pick at the next
 * step, given what this wizard registered so far. The first step must be an
 * MFA method when MFA is needed; nothing registered here is offered again;
 * a pick that would leave a policy unmet is not offered — unless no pick
 * can meet it (the tenant enables too few methods), where all remain.
 */
export function stepPool(p: StepPolicy, here: readonly MethodId[]): MethodId[] {
  const left = p.choices.filter((m) => !here.includes(m));
  const pool = p.mfaNeeded && here.length === 0 ? left.filter(isMfaMethod) : left;
  const keeps = pool.filter((m) => satisfiable(p, [...here, m], left.filter((x) => x !== m)));
  return keeps.length ? keeps : pool;
}

const kind = (m: MethodId) => METHODS[m].kind;

/**
 * INT-04, INT-06: the method a step opens on — the decided default when still
 * allowed, else the most secure of a kind the user has not got yet [A: the
 * wizard shows Authenticator and phone (INT-06), never two authenticator apps].
 */
export function stepDefault(p: StepPolicy, here: readonly MethodId[]): MethodId | null {
  const pool = stepPool(p, here);
  const planned = p.offered?.[here.length];
  if (planned && pool.includes(planned)) return planned;
  const has = [...p.held, ...here];
  return pool.find((m) => !has.some((o) => kind(o) === kind(m))) ?? pool[0] ?? null;
}

/** INT-04: the default of every step, most secure first. */
export function defaultsFor(p: StepPolicy): MethodId[] {
  const out: MethodId[] = [];
  const fresh = { ...p, offered: undefined };
  for (let i = 0; i < p.required; i++) {
    const d = stepDefault(fresh, out);
    if (d) out.push(d);
  }
  return out;
}

/** INT-04, INT-05: the fewest methods that satisfy MFA (one) and SSPR (what is missing) together. */
export function methodsRequired(mfaNeeded: boolean, ssprNeeded: number, choices: readonly MethodId[], ssprMethods: readonly MethodId[]): number {
  if (!mfaNeeded) return ssprNeeded;
  if (ssprNeeded === 0) return 1;
  const mfaCountsForSspr = choices.some((m) => isMfaMethod(m) && ssprMethods.includes(m));
  return mfaCountsForSspr ? Math.max(1, ssprNeeded) : 1 + ssprNeeded;
}
