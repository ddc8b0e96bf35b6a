/**
 * The transitions of a machine definition, eventless ones included, each with
 * a stable id — what transition coverage counts — and the rules they cite.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { isRuleId, type RuleId } from '../domain/rules.ts';

export interface TransitionInfo {
  id: string;
  source: string;
  event: string;
  targets: string[];
  rules: RuleId[];
  description: string | undefined;
}

interface TransitionDef {
  source: AnyStateNode;
  eventType: string;
  target?: readonly AnyStateNode[];
  meta?: { rules?: readonly string[]; description?: string };
}

const rulesIn = (xs: readonly string[] | undefined): RuleId[] => (xs ?? []).filter(isRuleId);

/** `interrupt.wizard.intro:NEXT:1`; eventless transitions use `always`. */
export function transitionKey(t: TransitionDef): string {
  const always = (t.source.always ?? []) as readonly unknown[];
  const list: readonly unknown[] = t.eventType === '' ? always : t.source.transitions.get(t.eventType) ?? always;
  const n = list.indexOf(t);
  const name = list === always ? 'always' : t.eventType;
  return `${t.source.id}:${name}${n > 0 ? `:${n}` : ''}`;
}

export function describeTransition(t: TransitionDef): TransitionInfo {
  return {
    id: transitionKey(t),
    source: t.source.id,
    event: t.eventType === '' || (t.source.always ?? []).includes(t as never) ? 'always' : t.eventType,
    targets: (t.target ?? []).map((n) => n.id),
    rules: rulesIn(t.meta?.rules),
    description: t.meta?.description,
  };
}

/** Every state node of a machine, depth first, in definition order. */
export function stateNodesOf(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const walk = (n: AnyStateNode) => {
    out.push(n);
    for (const child of Object.values(n.states as Record<string, AnyStateNode>)) walk(child);
  };
  walk(machine.root);
  return out;
}

/** Every transition of a machine, in definition order. */
/**
 * A forbidden transition (no target, no actions: `{}`): it only keeps the
 * enclosing states from taking its event. Nothing happens when it is
 * selected and `can()` refuses it, so it is not a transition to cover or draw.
 */
export const isForbidden = (t: { target?: readonly unknown[]; actions?: readonly unknown[] }): boolean =>
  t.target === undefined && (t.actions ?? []).length === 0;

export function transitionsOf(machine: AnyStateMachine): TransitionInfo[] {
  const out: TransitionInfo[] = [];
  for (const node of stateNodesOf(machine)) {
    for (const defs of node.transitions.values()) for (const t of defs) if (!isForbidden(t)) out.push(describeTransition(t as unknown as TransitionDef));
    for (const t of node.always ?? []) out.push(describeTransition(t as unknown as TransitionDef));
  }
  return out;
}

/** Rules cited on a state node's meta. */
export const stateRules = (n: AnyStateNode): RuleId[] => rulesIn((n.meta as { rules?: string[] } | undefined)?.rules);
