/**
 * The rule catalogue: every requirement of the regsim behavioural spec, by ID.
 *
 * The spec (DOMAIN.md) and the source documents it is drawn from (the seeds:
 * Microsoft Learn articles and a 2025 blog post) live outside this project,
 * in ../shared. The project must stand alone: nothing under ../shared is read
 * at runtime, by tests, or by the doc/coverage generators. This module is the
 * project's own copy of that spec, so machines (`meta.rules`), scenarios,
 * tests, coverage reports and generated docs all cite and describe rules from
 * here, and an unknown or misspelt rule ID is a type error.
 *
 * For each rule:
 * - `summary` restates the rule in one line (<= 140 chars) for reports and
 *   docs. Where the spec and a seed disagree the seed wins, and the summary
 *   follows the seed.
 * - `sources` says which kind of document backs it (see `Source`).
 * - `seeds` names the seed files that state it (empty for pure assumptions).
 * - `profileDependent` is true where the documented behaviour (profile
 *   `documented`, per the concept article) and the behaviour observed in a
 *   real tenant in 2025 (profile `observed`, per the blog) differ.
 *
 * Rule IDs, groups and their order follow DOMAIN.md exactly; no rule is
 * invented here and none is left out.
 */

/**
 * Where a rule comes from:
 * - `concept`      [C] 003, Microsoft Learn combined-registration concept article
 * - `troubleshoot` [T] 000/001, Microsoft Learn troubleshooting article (two copies)
 * - `enable`       [E] 002, Microsoft Learn enable article (preview era, same audit table)
 * - `blog`         [B] 004, blog post observing a real tenant in 2025
 * - `assumption`   [A] not settled by the seeds; configurable or stated in the docs
 * - `graph`        Microsoft Graph authenticationMethodModes / authentication-strength docs
 */
export type Source = 'concept' | 'troubleshoot' | 'enable' | 'blog' | 'assumption' | 'graph';

export const RULE_GROUPS = {
  MTH: 'Methods',
  GATE: 'Entering security info',
  INT: 'Interrupt mode',
  STR: 'Authentication strengths',
  MNG: 'Manage mode',
  SSPR: 'SSPR policy',
  REF: 'SSPR refresh',
  B2B: 'B2B guests and MFA trust',
  PK: 'Passkeys and the Windows App',
  AUD: 'Audit events',
  ADM: 'Admin operations',
} as const;

export type RuleGroup = keyof typeof RULE_GROUPS;

/** Every rule ID, in DOMAIN.md order. */
export const RULE_IDS = [
  'MTH-01', 'MTH-02', 'MTH-03', 'MTH-04', 'MTH-05', 'MTH-06',
  'GATE-01', 'GATE-02', 'GATE-03', 'GATE-04', 'GATE-05',
  'INT-01', 'INT-02', 'INT-03', 'INT-04', 'INT-05', 'INT-06',
  'INT-07', 'INT-08', 'INT-09', 'INT-10', 'INT-11', 'INT-12',
  'STR-01', 'STR-02', 'STR-03', 'STR-04', 'STR-05', 'STR-06', 'STR-07',
  'MNG-01', 'MNG-02', 'MNG-03', 'MNG-04', 'MNG-05', 'MNG-06', 'MNG-07',
  'SSPR-01', 'SSPR-02', 'SSPR-03', 'SSPR-04', 'SSPR-05',
  'REF-01', 'REF-02', 'REF-03',
  'B2B-01', 'B2B-02', 'B2B-03', 'B2B-04', 'B2B-05',
  'PK-01', 'PK-02', 'PK-03', 'PK-04', 'PK-05', 'PK-06',
  'AUD-01', 'AUD-02', 'AUD-03', 'AUD-04', 'AUD-05', 'AUD-06', 'AUD-07', 'AUD-08', 'AUD-09',
  'ADM-01', 'ADM-02',
] as const satisfies readonly `${RuleGroup}-${number}`[];

export type RuleId = (typeof RULE_IDS)[number];

export interface Rule {
  id: RuleId;
  group: RuleGroup;
  /** One line, at most 140 characters. */
  summary: string;
  sources: readonly Source[];
  /** Seed file names (see ../shared/seeds/README.md, not read at runtime). */
  seeds: readonly string[];
  /** Documented and observed profiles differ on this rule. */
  profileDependent: boolean;
}

// Seed file names.
const T0 = '000_06046001668af74f.txt'; // troubleshooting, Microsoft Learn 2024-12-02
const T1 = '001_6fdf0f4444a2d3db.txt'; // troubleshooting, older copy + "Disable combined registration"
const E = '002_6ba212e9ddced3f0.txt'; // enable (preview), 2019-02-15, same audit/troubleshooting tables
const C = '003_103e6ea963c1a8e1.txt'; // concept, 2023-09-13
const B = '004_0ca3ccfcc9de7080.txt'; // blog, 2025-08-29

/** [T] plus the same table in [E]. */
const T_E = [T0, T1, E] as const;

type RuleRow = Omit<Rule, 'id' | 'group'>;

function groupOf(id: RuleId): RuleGroup {
  return id.slice(0, id.indexOf('-')) as RuleGroup;
}

const ROWS: Readonly<Record<RuleId, RuleRow>> = {
  // ── Methods (MTH) ────────────────────────────────────────────────────────
  'MTH-01': {
    summary: 'A method is offered for registration only if the Authentication methods policy enables it for the user.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'MTH-02': {
    summary: 'Registration stops at the per-method maximum (Authenticator, other app: 5); a user at the max is not offered that method again.',
    sources: ['concept', 'troubleshoot', 'enable'], seeds: [C, ...T_E], profileDependent: false,
  },
  'MTH-03': {
    summary: 'Third-party authenticator apps (softwareOath) give one-time codes only, never push notifications.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'MTH-04': {
    summary: 'The default is a sign-in option: Authenticator push/passwordless, app or hardware-token code, phone call, text message (a mobile phone gives both); never email or questions.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'MTH-05': {
    summary: 'Security order (assumed): fido2 > Authenticator > other app > mobile > office > alternate phone > email > security questions.',
    sources: ['assumption', 'concept'], seeds: [C], profileDependent: false,
  },
  'MTH-06': {
    summary: 'Virtual phone numbers are unsupported for calls and SMS: verifying a number the scenario marks virtual fails.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },

  // ── Entering security info (GATE) ────────────────────────────────────────
  'GATE-01': {
    // TAP satisfying the gate is from the blog (TAP sign-in, then passkey prompt), not the concept article.
    summary: 'In both modes a user with an MFA-capable method must complete MFA before seeing security info; a Temporary Access Pass satisfies it.',
    sources: ['concept', 'blog'], seeds: [C, B], profileDependent: false,
  },
  'GATE-02': {
    summary: 'A Conditional Access policy on the "Register security information" user action blocks registration when its condition fails.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'GATE-03': {
    // Seed wins: 003 says the blank page is for ADAL apps whose legacy web view falls back to old IE;
    // IE11 itself is "not officially supported" and "will not work as expected in all scenarios".
    summary: 'ADAL apps on legacy web views (old-IE fallback) show a blank page; IE11 is unsupported, may misbehave; modern browsers work.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'GATE-04': {
    summary: 'A recent MFA/SSPR policy change applies only after a propagation window (assumed 60 min); until then the old policy shows.',
    sources: ['troubleshoot', 'enable', 'assumption'], seeds: [...T_E], profileDependent: false,
  },
  'GATE-05': {
    summary: 'Users holding an admin role get the SSPR administrator policy (SSPR-05), not the tenant user SSPR policy.',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },

  // ── Interrupt mode (INT) ─────────────────────────────────────────────────
  'INT-01': {
    summary: 'Interrupt triggers: MFA registration via Identity Protection, per-user MFA or CA; SSPR registration at sign-in; SSPR refresh.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'INT-02': {
    summary: 'MFA-enforced wizard asks for MFA methods plus SSPR ones if SSPR-enabled; observed: a CA "require MFA" grant hides SSPR-only ones.',
    sources: ['concept', 'blog'], seeds: [C, B], profileDependent: true,
  },
  'INT-03': {
    // Observed: the SSPR wizard "takes over" once CA stops enforcing MFA; only there are email/questions offered.
    summary: 'Only SSPR registration enforced: skippable indefinitely, offers SSPR methods (observed: incl. email and security questions).',
    sources: ['concept', 'blog'], seeds: [C, B], profileDependent: true,
  },
  'INT-04': {
    summary: 'Enforced registration shows the minimum number of methods that satisfies both the MFA and the SSPR policy, most secure first.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'INT-05': {
    // DOMAIN.md does not flag this rule, but the blog's CA "require MFA" run (SSPR needs 2) withheld email/questions.
    summary: 'MFA+SSPR enforced, SSPR needs 2: first an MFA method, second MFA or SSPR-only; observed under a CA MFA grant: MFA methods only.',
    sources: ['concept', 'blog'], seeds: [C, B], profileDependent: true,
  },
  'INT-06': {
    summary: 'Example, SSPR needs 2 of Authenticator/email/phone: shows Authenticator + phone, either swappable for email (observed CA: no email).',
    sources: ['concept', 'blog'], seeds: [C, B], profileDependent: true,
  },
  'INT-07': {
    summary: '"I want to set up a different method" lists what the Authentication methods policy allows; shown only if >1 other method fits.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'INT-08': {
    summary: 'Partial registration: a user who already satisfies part of the MFA/SSPR policy is asked only for what is missing.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'INT-09': {
    summary: 'The wizard ends with a review of the methods set up and the default sign-in option; the user confirms and continues to the app.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'INT-10': {
    summary: 'Cancel in the wizard logs AUD-02: User registered all required security info / Failure / "User canceled security info registration."',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },
  'INT-11': {
    summary: 'Finishing logs AUD-01 (User registered all required security info / Success); each method logs AUD-03 "User registered <method>."',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },
  'INT-12': {
    summary: 'Wizard offers office phone only if business phone is set, never alternate phone; FIDO2 never documented, observed if strength/TAP asks.',
    sources: ['concept', 'blog'], seeds: [C, B], profileDependent: true,
  },

  // ── Authentication strengths in interrupt mode (STR) ─────────────────────
  'STR-01': {
    summary: 'A CA "require authentication strength" grant swaps in the strength wizard: /register?authMethods=<bitmask>&authMethodCount=1.',
    sources: ['blog'], seeds: [B], profileDependent: true,
  },
  'STR-02': {
    summary: 'Strength wizard asks for one method even if SSPR needs two, phone first unless disabled; never SSPR-only methods; SSPR settings ignored.',
    sources: ['blog'], seeds: [B], profileDependent: true,
  },
  'STR-03': {
    // The blog calls 1720/1960/1976 "undocumented"; decoding them as sums of the listed bits is our assumption.
    summary: 'authMethods bitmask (1 password … 32768 federatedMultiFactor) picks the methods shown; 1720/1960/1976 decoded as bit sums (assumed).',
    sources: ['blog', 'assumption'], seeds: [B], profileDependent: true,
  },
  'STR-04': {
    summary: 'Editing the authMethods value changes the strength wizard; stripping the query string returns the user to the ordinary wizard.',
    sources: ['blog'], seeds: [B], profileDependent: true,
  },
  'STR-05': {
    // What satisfies a strength is Microsoft's documented definition, the same in both profiles.
    summary: 'Built-in strengths: Multifactor authentication, Passwordless MFA, Phishing-resistant MFA, satisfied per the Graph strength docs.',
    sources: ['blog', 'graph'], seeds: [B], profileDependent: false,
  },
  'STR-06': {
    summary: 'Registering a phishing-resistant method needs MFA: greenfield user without TAP can register nothing; with legacy MFA or TAP, a passkey.',
    sources: ['blog'], seeds: [B], profileDependent: true,
  },
  'STR-07': {
    // The blog's fourth workaround, stripping the URL ("please don't"), is STR-04.
    summary: 'Each blog workaround is a scenario with its own outcome: one SSPR method; SSPR wizard first, then the strength; legacy MFA grant.',
    sources: ['blog'], seeds: [B], profileDependent: true,
  },

  // ── Manage mode (MNG) ────────────────────────────────────────────────────
  'MNG-01': {
    summary: 'Manage mode is entered from My Account > Security info (aka.ms/mysecurityinfo); GATE-01 applies first.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'MNG-02': {
    summary: 'Add: enabled methods under the max only; alternate phone needs voice calls; office phone needs no business phone; FIDO2 addable.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'MNG-03': {
    summary: 'Change: phone, alternate phone, office phone, email; never Authenticator, other app, security questions, app passwords, FIDO2.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'MNG-04': {
    summary: 'Any registered method can be deleted: success logs AUD-06 "User deleted <method>."; a backend failure logs AUD-07.',
    sources: ['concept', 'troubleshoot', 'enable'], seeds: [C, ...T_E], profileDependent: false,
  },
  'MNG-05': {
    summary: 'The default can be changed to another MTH-04 sign-in option a method held gives; success logs AUD-08, failure AUD-09, naming the option.',
    sources: ['concept', 'troubleshoot', 'enable'], seeds: [C, ...T_E], profileDependent: false,
  },
  'MNG-06': {
    summary: 'B2B users switch directory (?tenant= / ?tenantId=) to manage info per tenant; home-tenant changes do not reach the resource tenant.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'MNG-07': {
    summary: '"No option to add a method" has three causes, each a scenario: method disabled, policy not propagated (GATE-04), max reached.',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },

  // ── SSPR policy (SSPR) ───────────────────────────────────────────────────
  'SSPR-01': {
    summary: 'SSPR is enabled for none, a selected group, or all users, and requires 1 or 2 methods to reset.',
    sources: ['concept', 'blog', 'assumption'], seeds: [C, B], profileDependent: false,
  },
  'SSPR-02': {
    summary: 'The SSPR setting "Require users to register when signing in" drives the SSPR-only interrupt (INT-03).',
    sources: ['concept', 'blog'], seeds: [C, B], profileDependent: false,
  },
  'SSPR-03': {
    summary: 'Security questions: how many to register and how many to answer at reset are settings (assumed 3–5 each).',
    sources: ['assumption'], seeds: [], profileDependent: false,
  },
  'SSPR-04': {
    summary: 'Only SSPR-only interrupts can be skipped (INT-03); interrupts driven by MFA registration cannot.',
    sources: ['concept', 'blog'], seeds: [C, B], profileDependent: false,
  },
  'SSPR-05': {
    // The seeds only point to "the SSPR admin policy differences"; the details come from
    // Microsoft's SSPR policy docs, outside the seeds, hence 'assumption'.
    summary: 'Admin roles always get the two-gate policy: SSPR on, 2 of Authenticator, email, mobile, office phone; never security questions.',
    sources: ['troubleshoot', 'enable', 'assumption'], seeds: [...T_E], profileDependent: false,
  },

  // ── SSPR refresh (REF) ───────────────────────────────────────────────────
  'REF-01': {
    summary: 'At the admin-set interval the user is interrupted to review all registered methods, after completing MFA.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },
  'REF-02': {
    summary: '"Looks good" logs AUD-04 (User reviewed security info / Success); a backend failure logs AUD-05.',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },
  'REF-03': {
    summary: 'Instead of confirming, the user may change methods during review; those changes follow the manage-mode (MNG) rules.',
    sources: ['concept'], seeds: [C], profileDependent: false,
  },

  // ── B2B guests and MFA trust (B2B) ───────────────────────────────────────
  'B2B-01': {
    summary: 'MFA trust on: the resource tenant grants access if the session has a home-tenant MFA claim whose methods satisfy the strength.',
    sources: ['blog'], seeds: [B], profileDependent: false,
  },
  'B2B-02': {
    summary: 'MFA trust on, no acceptable claim: the guest is sent home to complete MFA with a method the resource policy accepts.',
    sources: ['blog'], seeds: [B], profileDependent: false,
  },
  'B2B-03': {
    summary: "Greenfield guest lands in the home tenant's interrupt wizard; its methods (incl. third-party apps) follow home settings, not resource.",
    sources: ['blog'], seeds: [B], profileDependent: false,
  },
  'B2B-04': {
    summary: 'Resource CA shapes the home wizard: phishing-resistant strength leaves greenfield guests nothing (STR-06); legacy MFA/TAP: passkey.',
    sources: ['blog'], seeds: [B], profileDependent: true,
  },
  'B2B-05': {
    summary: 'MFA trust off: the guest registers and performs MFA in the resource tenant (assumed, per Microsoft cross-tenant docs).',
    sources: ['assumption'], seeds: [], profileDependent: false,
  },

  // ── Passkeys and the Windows App (PK) ────────────────────────────────────
  'PK-01': {
    summary: 'Passkey policy: enabled for, allow self-service set up, enforce attestation, key restrictions; self-service off means no registration.',
    sources: ['blog', 'assumption'], seeds: [B], profileDependent: false,
  },
  'PK-02': {
    summary: 'In a browser, passkey registration from the interrupt wizard completes.',
    sources: ['blog'], seeds: [B], profileDependent: true,
  },
  'PK-03': {
    // Seed wins: the blog saw the hang on macOS and "on Windows as well", calling it random; DOMAIN.md says macOS only.
    summary: 'Windows App: the wizard offers a passkey (with TAP) but hangs after Next; only closing the app exits. macOS; on Windows at random.',
    sources: ['blog'], seeds: [B], profileDependent: true,
  },
  'PK-04': {
    summary: 'Windows App on Windows ends with "Passkey not registered. This might be due to a timeout, a canceled request or a private browsing window."',
    sources: ['blog'], seeds: [B], profileDependent: true,
  },
  'PK-05': {
    summary: 'The same passkey error follows a WebAuthn timeout, a cancelled request or a private browsing window in any client (inferred).',
    sources: ['blog', 'assumption'], seeds: [B], profileDependent: false,
  },
  'PK-06': {
    summary: 'After the passkey error the user may retry, choose another method (INT-07), or cancel (INT-10).',
    sources: ['blog', 'assumption'], seeds: [B], profileDependent: false,
  },

  // ── Audit events (AUD), Authentication Methods service ───────────────────
  'AUD-01': {
    summary: 'User registered all required security info / Success / "User registered all required security info."',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },
  'AUD-02': {
    summary: 'User registered all required security info / Failure / "User canceled security info registration."',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },
  'AUD-03': {
    summary: 'User registered security info / Success / "User registered <method>."',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },
  'AUD-04': {
    summary: 'User reviewed security info / Success / "User successfully reviewed security info."',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },
  'AUD-05': {
    summary: 'User reviewed security info / Failure / "User failed to review security info."',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },
  'AUD-06': {
    summary: 'User deleted security info / Success / "User deleted <method>."',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },
  'AUD-07': {
    summary: 'User deleted security info / Failure / "User failed to delete <method>."',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },
  'AUD-08': {
    // 000/001 (current) wording. The 2019 preview table in 002 reads
    // "User changed default security info to <method>."
    summary: 'User changed default security info / Success / "User changed the default security info for <method>."',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },
  'AUD-09': {
    // 000/001 (current) wording. The 2019 preview table in 002 reads
    // "User failed to change default security info to <method>."
    summary: 'User changed default security info / Failure / "User failed to change the default security info for <method>."',
    sources: ['troubleshoot', 'enable'], seeds: [...T_E], profileDependent: false,
  },

  // ── Admin operations (ADM) ───────────────────────────────────────────────
  'ADM-01': {
    // Stated in 001 ("Disable combined registration") and 002; absent from 000.
    summary: 'If combined registration is disabled after users registered, the legacy SSPR page (aka.ms/ssprsetup) asks them for MFA first.',
    sources: ['troubleshoot', 'enable'], seeds: [T1, E], profileDependent: false,
  },
  'ADM-02': {
    summary: 'Rollback clears StrongAuthenticationMethods only if the user has some and no per-user MFA; else "not eligible, no action".',
    sources: ['troubleshoot'], seeds: [T0, T1], profileDependent: false,
  },
};

/** The catalogue, keyed and ordered by rule ID. */
export const RULES: Readonly<Record<RuleId, Rule>> = Object.freeze(
  Object.fromEntries(
    RULE_IDS.map((id): [RuleId, Rule] => {
      const row = ROWS[id];
      return [
        id,
        Object.freeze({
          id,
          group: groupOf(id),
          summary: row.summary,
          sources: Object.freeze([...row.sources]),
          seeds: Object.freeze([...row.seeds]),
          profileDependent: row.profileDependent,
        }),
      ];
    }),
  ) as Record<RuleId, Rule>,
);

const RULE_ID_SET: ReadonlySet<string> = new Set<string>(RULE_IDS);

export function isRuleId(s: string): s is RuleId {
  return RULE_ID_SET.has(s);
}

/** The rule with this ID; throws for an unknown ID reaching here untyped. */
export function rule(id: RuleId): Rule {
  if (!isRuleId(id)) throw new RangeError(`unknown rule ID: ${String(id)}`);
  return RULES[id];
}

/** The rules of one group, in catalogue order. */
export function rulesOf(group: RuleGroup): Rule[] {
  return RULE_IDS.filter((id) => groupOf(id) === group).map((id) => RULES[id]);
}
