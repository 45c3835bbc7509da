/**
 * Selection of the run and step that respond to a request. The step follows from the request
 * itself, because the number of assistant messages it carries is the index of the next turn,
 * so retries and resends of one request get the same step.
 */
import {
  isApiErrorStep,
  isToolStep,
  validateScenario,
  type ApiErrorStep,
  type Scenario,
  type ScenarioRun,
} from './scenario';
import { createId, type ContentBlock } from './wire';

const defaultFinalText = 'Done.';

/** Response that the server sends for one scripted request. */
export type PlayDecision =
  | {
      kind: 'turn';
      runIndex: number;
      /** Index in `run.steps`, or undefined for the final text after the last step. */
      stepIndex: number | undefined;
      content: ContentBlock[];
    }
  | { kind: 'error'; runIndex: number; stepIndex: number; error: ApiErrorStep['error'] }
  /** A new conversation arrived after every run was claimed, or none matched its prompt. */
  | { kind: 'unscripted' };

/** Conversation seen by the server and the run assigned to it. */
export interface ConversationRecord {
  /** Session id header and prompt, which together identify the conversation. */
  key: string;
  prompt: string;
  /** Index of the run in the scenario, or undefined when no run was left for it. */
  runIndex: number | undefined;
}

interface ConversationState {
  record: ConversationRecord;
  /** Number of requests that each error step has failed so far, keyed by step index. */
  errorAttempts: Map<number, number>;
}

export class ScriptPlayer {
  private scenario: Scenario;
  private readonly claimedRuns = new Set<number>();
  private readonly states = new Map<string, ConversationState>();
  /** Conversations in order of arrival. */
  readonly conversations: ConversationRecord[] = [];

  constructor(scenario: Scenario) {
    validateScenario(scenario);
    this.scenario = scenario;
  }

  /** Replaces the scenario and clears run assignments but keeps the conversation log. */
  setScenario(scenario: Scenario): void {
    validateScenario(scenario);
    this.scenario = scenario;
    this.claimedRuns.clear();
    this.states.clear();
  }

  /** Picks the response to a request of conversation `key` that carries `assistantTurns`. */
  play(request: { key: string; prompt: string; assistantTurns: number }): PlayDecision {
    const state = this.stateFor(request.key, request.prompt);
    const runIndex = state.record.runIndex;
    const run = runIndex === undefined ? undefined : this.scenario.runs[runIndex];
    if (runIndex === undefined || run === undefined) {
      return { kind: 'unscripted' };
    }
    return playTurn({ run, runIndex, state, turn: request.assistantTurns });
  }

  private stateFor(key: string, prompt: string): ConversationState {
    let state = this.states.get(key);
    if (state === undefined) {
      const record: ConversationRecord = { key, prompt, runIndex: this.claimRun(prompt) };
      state = { record, errorAttempts: new Map() };
      this.states.set(key, state);
      this.conversations.push(record);
    }
    return state;
  }

  /** Claims the first free run whose `match` fits the prompt, else the first free run without. */
  private claimRun(prompt: string): number | undefined {
    const runs = this.scenario.runs;
    const isFree = (index: number): boolean => !this.claimedRuns.has(index);
    let index = runs.findIndex(
      (run, i) => isFree(i) && run.match !== undefined && matches(run, prompt),
    );
    if (index < 0) {
      index = runs.findIndex((run, i) => isFree(i) && run.match === undefined);
    }
    if (index < 0) {
      return undefined;
    }
    this.claimedRuns.add(index);
    return index;
  }
}

function matches(run: ScenarioRun, prompt: string): boolean {
  if (run.match instanceof RegExp) {
    // Reset lastIndex so that a RegExp with the g or y flag matches the same way every time.
    run.match.lastIndex = 0;
    return run.match.test(prompt);
  }
  return run.match !== undefined && prompt.includes(run.match);
}

/**
 * Walks the steps to the `turn`-th assistant turn. Error steps produce no assistant message, so
 * an error step placed before that turn answers until its `times` budget is used up.
 */
function playTurn(options: {
  run: ScenarioRun;
  runIndex: number;
  state: ConversationState;
  turn: number;
}): PlayDecision {
  const { run, runIndex, state, turn } = options;
  let turnsBefore = 0;
  for (const [stepIndex, step] of run.steps.entries()) {
    if (isApiErrorStep(step)) {
      if (turnsBefore !== turn) {
        continue;
      }
      const attempts = state.errorAttempts.get(stepIndex) ?? 0;
      if (attempts < (step.error.times ?? Number.POSITIVE_INFINITY)) {
        state.errorAttempts.set(stepIndex, attempts + 1);
        return { kind: 'error', runIndex, stepIndex, error: step.error };
      }
      continue;
    }
    if (turnsBefore === turn) {
      const content: ContentBlock[] = [];
      if (step.text !== undefined) {
        content.push({ type: 'text', text: step.text });
      }
      if (isToolStep(step)) {
        content.push({
          type: 'tool_use',
          id: createId('toolu_'),
          name: step.tool,
          input: step.input,
        });
      }
      return { kind: 'turn', runIndex, stepIndex, content };
    }
    turnsBefore += 1;
  }
  const text = run.finalText ?? defaultFinalText;
  return { kind: 'turn', runIndex, stepIndex: undefined, content: [{ type: 'text', text }] };
}
