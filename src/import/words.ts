/**
 * The words `whatif` and `diff` print: what a user holds, the blog's caveats
 * where a row shows one (blog 004: 1 SSPR vs strengths, 2 B2B MFA trust,
 * 3 passkeys in the Windows App), report-only notes. One place, so the
 * table, Markdown, CSV and JSON say the same thing.
 */
import { METHODS, type MethodId } from '../domain/methods.ts';
import { methodWords, WIZARD_WORDS } from '../../machines/catalogue/decisions.ts';
import type { Decision } from '../domain/policy.ts';
import { guestIn, trustsHomeMfa } from '../domain/b2b.ts';
import type { Scenario } from '../scenario/schema.ts';
import { resolveStrength } from '../domain/strengths.ts';
import type { Row } from './whatif.ts';

/** "holds nothing", "holds Phone", "holds a Temporary Access Pass at home". */
export const holdingLabel = (holds: MethodId | 'nothing', type: 'member' | 'guest'): string =>
  holds === 'nothing' ? 'holds nothing'
    : `holds ${METHODS[holds].kind === 'pass' ? 'a ' : ''}${METHODS[holds].label}${type === 'guest' ? ' at home' : ''}`;

const cites = (d: Decision, rule: string): boolean => d.reasons.some((r) => r.rules.includes(rule as never));

/** Blog 004's caveats, where this row shows them. */
export function caveatsFor(row: Row, d: Decision, s: Scenario): string[] {
  const out: string[] = [];
  if (row.wizard === 'combined' && d.reasons.some((r) => r.rules.includes('INT-02') && /not offered/.test(r.text))) {
    out.push('caveat 1: the Conditional Access MFA grant hides email and security questions (INT-02)');
  }
  if (row.wizard === 'strength' && d.sspr.enabled && d.sspr.methodsRequired > 1 && row.flow === 'interrupt') {
    out.push(`caveat 1: the strength wizard asks for 1 method though SSPR needs ${d.sspr.methodsRequired}; SSPR settings are ignored (STR-01, STR-02)`);
  }
  const home = row.flow === 'b2bMfaTrust' && s.user.home !== undefined && trustsHomeMfa(s);
  // The resource's strength shapes the home wizard (B2B-04): caveat 2 is about a phishing-resistant one only, not any strength that merely allows a passkey.
  const phishingResistant = d.strength !== null && resolveStrength(d.strength, s.tenant.authenticationStrengths)?.phishingResistant === true;
  if (home && phishingResistant && row.wizard === 'deadEnd' && cites(d, 'STR-06')) {
    out.push("caveat 2: the resource's phishing-resistant strength leaves the greenfield guest nothing to register at home (STR-06, B2B-04)");
  }
  if (home && phishingResistant && row.wizard === 'strength' && cites(d, 'STR-06')) {
    out.push("caveat 2: the resource's phishing-resistant strength asks the guest for a passkey in the home tenant (B2B-04, STR-06)");
  }
  if (row.holds === 'temporaryAccessPass' && !guestIn(s, s.user.type === 'guest' ? 'home' : 'resource').tap) {
    out.push(`no Temporary Access Pass can be issued: the Authentication methods policy does not enable it for this user${row.flow === 'b2bMfaTrust' ? ' at home' : ''} (MTH-01), who starts with nothing`);
  }
  if (row.outcomes.includes('stuck')) out.push('caveat 3: the passkey wizard can hang after Next (PK-03)');
  if (row.outcomes.includes('passkeyError') && s.client.app === 'windowsApp') out.push('caveat 3: "Passkey not registered" in the Windows App (PK-04)');
  return out;
}

export function reportOnlyNote(policies: readonly string[], enforced: Decision): string {
  const what = enforced.interrupted ? `${WIZARD_WORDS[enforced.wizard]}${enforced.offered.length ? `, ${enforced.offered.map(methodWords).join(', ')}` : ''}` : 'no interruption';
  return `report-only ${policies.map((p) => `"${p}"`).join(', ')}, if enforced: ${what}`;
}

export { decisionWords } from '../../machines/catalogue/decisions.ts';
