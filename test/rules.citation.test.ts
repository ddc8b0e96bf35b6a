/**
 * Every rule of the catalogue is implemented somewhere a reader can find it:
 * cited by a machine (`meta.rules` on a state or transition) and named in the
 * policy code (that a generated path of the shipped scenarios covers each is
 * in shippedScenarios.test.ts). The
 * catalogue itself matches DOMAIN.md wherever that file sits beside the repo.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MACHINES } from '../machines/index.ts';
import { RULE_IDS, isRuleId } from '../src/domain/rules.ts';
import { stateNodesOf, stateRules, transitionsOf } from '../src/paths/transitions.ts';

const RULE_PATTERN = /\b(?:MTH|GATE|INT|STR|MNG|SSPR|REF|B2B|PK|AUD|ADM)-\d{2}\b/g;

function machineCitations(): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  const cite = (rule: string, where: string) => cited.set(rule, [...(cited.get(rule) ?? []), where]);
  for (const { machine } of Object.values(MACHINES)) {
    for (const node of stateNodesOf(machine)) for (const r of stateRules(node)) cite(r, node.id);
    for (const t of transitionsOf(machine)) for (const r of t.rules) cite(r, t.id);
  }
  return cited;
}

describe('rule citations', () => {
  const cited = machineCitations();

  it('every rule of the catalogue is cited by a machine state or transition', () => {
    expect(RULE_IDS.filter((id) => !cited.has(id))).toEqual([]);
  });

  it('every rule of the catalogue is named in the policy code or a machine', () => {
    const dir = 'src/domain';
    const code = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'rules.ts').map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    const inCode = new Set(code.match(RULE_PATTERN));
    expect(RULE_IDS.filter((id) => !inCode.has(id) && !cited.has(id))).toEqual([]);
  });

  it('machines and policy code cite only rules the catalogue knows', () => {
    const machinesIds = [...cited.keys()];
    const code = readdirSync('src/domain').filter((f) => f !== 'rules.ts').map((f) => readFileSync(join('src/domain', f), 'utf8')).join('\n');
    const unknown = [...machinesIds, ...(code.match(RULE_PATTERN) ?? [])].filter((id) => !isRuleId(id));
    expect([...new Set(unknown)]).toEqual([]);
  });
});

// The spec lives beside the repo (../shared), not in it: a clone elsewhere has only the catalogue.
const DOMAIN = join('..', 'shared', 'DOMAIN.md');
describe.runIf(existsSync(DOMAIN))('the catalogue and DOMAIN.md', () => {
  it('hold the same rule IDs', () => {
    const ids = [...new Set(readFileSync(DOMAIN, 'utf8').match(RULE_PATTERN))].sort();
    expect([...RULE_IDS].sort()).toEqual(ids);
  });
});
