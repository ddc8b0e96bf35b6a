/**
 * regsim as a library (`import … from 'regsim'`): load and validate
 * scenarios, evaluate the policy, run the machines, generate paths, read the
 * catalogue of words, and write any output format. The adapter interface for
 * generated tests is `regsim/testing`. What is exported here follows semver
 * (see the README); everything else is internal.
 */

// ─── scenarios: load, validate, expand ──────────────────────────────────────
export { loadAll, type Loaded } from './cli/loadAll.ts';
export { collectScenarioFiles, loadScenarioFile, parseScenarioText, type LoadResult } from './scenario/load.ts';
export { formatDiagnostic, type Diagnostic, type Severity } from './scenario/diagnostics.ts';
export type { ExpandedScenario, MatrixValue } from './scenario/matrix.ts';
export {
  FLOWS, PROFILES, Scenario, type Client, type Expectations, type Flow, type Profile, type ScenarioInput, type Step, type Tenant, type User,
} from './scenario/schema.ts';

// ─── evaluate and run ───────────────────────────────────────────────────────
export { evaluate, evaluateHome, type Decision, type Gate, type Reason, type Trigger, type Wizard } from './domain/policy.ts';
export { runScenario, type Run, type TraceStep } from './simulate/runner.ts';
export { checkExpectations, decisionFor, type Check } from './simulate/expectations.ts';
export { formatEvent, possibleEvents } from './simulate/events.ts';
export { snapshotStateId, stateMatches } from './simulate/stateId.ts';
export { METHOD_IDS, METHODS, type MethodId, type MethodInfo } from './domain/methods.ts';
export { formatAuditRow, type AuditRow } from './domain/audit.ts';
export { RULE_IDS, RULES, type Rule, type RuleId } from './domain/rules.ts';

// ─── the machines ───────────────────────────────────────────────────────────
export { MACHINES, machineFor, snapshotKey, type MachineEntry } from '../machines/index.ts';
export {
  METHOD_EVENT_TYPES, PLAIN_EVENT_TYPES, isEventType, type EventType, type MethodEventType, type PlainEventType, type RegsimEvent,
} from '../machines/events.ts';
export { interruptMachine } from '../machines/interrupt.machine.ts';
export { manageMachine } from '../machines/manage.machine.ts';
export { ssprRefreshMachine } from '../machines/ssprRefresh.machine.ts';
export { b2bMfaTrustMachine } from '../machines/b2bMfaTrust.machine.ts';
export { passkeyMachine } from '../machines/passkey.machine.ts';

// ─── the catalogue of words ─────────────────────────────────────────────────
export {
  ADMIN_WORDS, EVENT_WORDS, FLOW_START, PAYLOAD_WORDS, PROVOKE_LABEL, SCREENS, SEEDS,
  activeScreens, eventEntry, eventLabel, gherkinStep, instruction, plain, screenEntry, screenKeyOf, screenText, screenUses, shownScreen,
  type EventEntry, type EventKind, type Provoke, type Quote, type ScreenEntry, type ScreenKey, type ScreenKind,
} from '../machines/catalogue/index.ts';

// ─── paths, coverage, words, formats ────────────────────────────────────────
export { CRITERIA, type Criterion } from './paths/cover.ts';
export {
  CoverageTracker, WALK_ID, countPaths, generatePaths, planScenario, scriptedWalk,
  type Coverage, type PathOptions, type ScenarioPlan,
} from './paths/generate.ts';
export { exploreScenario, type GraphEdge, type GraphNode, type StateGraph } from './paths/graph.ts';
export type { PathStep, TestPath } from './paths/path.ts';
export { checklist, type Checklist } from './paths/checklist.ts';
export { pathEnd, pathName, pathWords, startInstruction, type AuditExpectation, type ExpectedScreen, type StepWords } from './paths/words.ts';
export { FORMATS, fileStem, writerFor, type Format, type PathWriter, type ScenarioHeader, type Sink } from './paths/formats.ts';

// ─── storyboards ────────────────────────────────────────────────────────────
export { storyboard, storyHtml, storyMarkdown, type Story, type StoryScreen } from './export/story.ts';

export { VERSION } from './version.ts';
